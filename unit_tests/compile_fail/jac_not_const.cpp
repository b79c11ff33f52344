// expect: kode: System::jac does not have the expected signature
//
// Must not compile: this `jac` is not const, so it is not kode's `jac`, and kode::AutoJacobian
// would silently differentiate the right-hand side with dual numbers instead of using it.
#include <Kode.hpp>

struct Decay {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = -u[0];
  }
  template <class T>
  KOKKOS_FUNCTION void jac(kode::Mat<T, 1>& J, const kode::Vec<T, 1>&, const kode::Vec<T, 0>&, T) {
    J(0, 0) = T(-1);
  }
};

// The problem is solved, as in a real program: the check's sentence must stay the only error.
void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Rodas5P{}, kode::EnsembleKernel{},
                         kode::SolverOptions<double>{});
  (void)sol;
}
