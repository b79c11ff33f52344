// expect: kode::solve: no variant in the Variants set can run with this method: it has no error estimate
//
// Must not compile: RK4 has no error estimate, so it never steps adaptively, and the call compiles
// the adaptive variant only.
#include "Decay.hpp"

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve<kode::Variants::adaptive>(Kokkos::DefaultExecutionSpace(), prob, kode::RK4{},
                                                   kode::EnsembleKernel{}, kode::SolverOptions<double>{});
  (void)sol;
}
