// expect: kode: the right-hand side must have a const call operator `void operator\(\)\(kode::Vec<T, dim>& du
//
// Must not compile: this call operator leaves out the parameters (du, u, t); kode always passes
// them (a Vec<T, 0> when System declares no num_params).
#include <Kode.hpp>

struct Decay {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, T) const {
    du[0] = -u[0];
  }
};

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Rodas5P{}, kode::EnsembleKernel{},
                         kode::SolverOptions<double>{});
  (void)sol;
}
