// expect: kode: this stiff method differentiates the right-hand side with dual numbers .* template it on
//
// Must not compile: Rodas5P's default kode::AutoJacobian differentiates the right-hand side by
// evaluating it with dual numbers, and this one takes only Vec<double, 1>. Without the check at
// the door the build fails inside the dual-number evaluation with a long template backtrace.
#include <Kode.hpp>

struct Decay {
  static constexpr int dim = 1;
  KOKKOS_FUNCTION void operator()(kode::Vec<double, 1>& du, const kode::Vec<double, 1>& u, const kode::Vec<double, 0>&,
                                  double) const {
    du[0] = -u[0];
  }
};

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Rodas5P{}, kode::EnsembleKernel{},
                         kode::SolverOptions<double>{});
  (void)sol;
}
