// expect: kode: System::tgrad does not have the expected signature
//
// Must not compile: this `tgrad` lacks the time argument, so it is not kode's `tgrad`, and the
// analytic Jacobian would silently take ∂f/∂t from dual numbers instead.
#include <Kode.hpp>

struct Forced {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T t) const {
    du[0] = -u[0] + kode::sin(t);
  }
  template <class T>
  KOKKOS_FUNCTION void jac(kode::Mat<T, 1>& J, const kode::Vec<T, 1>&, const kode::Vec<T, 0>&, T) const {
    J(0, 0) = T(-1);
  }
  template <class T>
  KOKKOS_FUNCTION void tgrad(kode::Vec<T, 1>& dT, const kode::Vec<T, 1>&, const kode::Vec<T, 0>&) const {
    dT[0] = T(0);
  }
};

// The problem is solved, as in a real program: the check's sentence must stay the only error.
void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Forced{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Rodas5P{}, kode::EnsembleKernel{},
                         kode::SolverOptions<double>{});
  (void)sol;
}
