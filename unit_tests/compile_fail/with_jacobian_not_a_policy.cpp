// expect: kode: the first argument of Method::with<Jac, Pivoting> must be a Jacobian policy: kode::AutoJ
//
// Must not compile: `with`'s first argument is the Jacobian policy; a pivoting given alone (the
// arguments' order mistaken) would otherwise reach the Jacobian as an unknown policy.
#include "Decay.hpp"

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Kvaerno5::with<kode::PartialPivoting>{},
                         kode::EnsembleKernel{}, kode::SolverOptions<double>{});
  (void)sol;
}
