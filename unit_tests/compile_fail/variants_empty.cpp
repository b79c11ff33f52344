// expect: kode::solve: the Variants set names no variant of the loop
//
// Must not compile: a Variants value that names none of the four variants compiles no kernel.
#include <Kode.hpp>

struct Decay {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = -u[0];
  }
};

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve<kode::Variants(0)>(Kokkos::DefaultExecutionSpace(), prob, kode::Tsit5{},
                                            kode::EnsembleKernel{}, kode::SolverOptions<double>{});
  (void)sol;
}
