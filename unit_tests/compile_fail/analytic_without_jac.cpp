// expect: kode::AnalyticJacobian: the system must have `void jac\(kode::Mat<T, dim>& J
//
// Must not compile: kode::AnalyticJacobian promises the system's own `jac`, and this system has
// none (kode::AutoJacobian would use dual numbers instead; AnalyticJacobian must not).
#include "Decay.hpp"

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Kvaerno5::with<kode::AnalyticJacobian>{},
                         kode::EnsembleKernel{}, kode::SolverOptions<double>{});
  (void)sol;
}
