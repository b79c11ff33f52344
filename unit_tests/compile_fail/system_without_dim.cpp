// expect: kode: the right-hand side must declare `static constexpr int dim = <state size>;`
//
// Must not compile: without `dim` kode knows neither the state size nor which call operator to
// look for; one sentence says so (not a second one about the call operator, which is fine).
#include <Kode.hpp>

struct Decay {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = -u[0];
  }
};

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Tsit5{}, kode::EnsembleKernel{},
                         kode::SolverOptions<double>{});
  (void)sol;
}
