// expect: kode: the second argument of Method::with<Jac, Pivoting> must be a pivoting: kode::NoPivoting
//
// Must not compile: the second argument of `with` is the pivoting of W's LU; a Jacobian policy
// there was taken for "not NoPivoting" and silently pivoted.
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
  using Method = kode::Rodas5P::with<kode::AutoJacobian, kode::FiniteDiffJacobian>;
  auto sol     = kode::solve(Kokkos::DefaultExecutionSpace(), prob, Method{}, kode::EnsembleKernel{},
                             kode::SolverOptions<double>{});
  (void)sol;
}
