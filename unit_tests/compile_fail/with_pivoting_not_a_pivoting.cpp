// expect: kode: the second argument of Method::with<Jac, Pivoting> must be a pivoting: kode::NoPivoting
//
// Must not compile: the second argument of `with` is the pivoting of W's LU; a Jacobian policy
// there was taken for "not NoPivoting" and silently pivoted.
#include "Decay.hpp"

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  using Method = kode::Rodas5P::with<kode::AutoJacobian, kode::FiniteDiffJacobian>;
  auto sol     = kode::solve(Kokkos::DefaultExecutionSpace(), prob, Method{}, kode::EnsembleKernel{},
                             kode::SolverOptions<double>{});
  (void)sol;
}
