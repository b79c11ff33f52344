// expect: kode: a right-hand side declared `vectorizable` compares values
//
// Must not compile: a system that declares itself vectorizable is evaluated for 8 trajectories at
// once on host backends (kode::Pack), so its right-hand side must not branch on values; this one
// does (a switched damping), which would need a value per lane.
#include <Kode.hpp>

struct SwitchedDamping {
  static constexpr int dim = 2, num_params = 1;
  static constexpr bool vectorizable = true;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = u[1];
    du[1] = -u[0];
    if (u[1] > T(0)) du[1] -= p[0] * u[1];
  }
};

void solve(Kokkos::View<double**, Kokkos::HostSpace> u0, Kokkos::View<double**, Kokkos::HostSpace> p) {
  kode::EnsembleProblem prob(SwitchedDamping{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultHostExecutionSpace(), prob, kode::Tsit5{}, kode::EnsembleKernel{},
                         kode::SolverOptions<double, Kokkos::HostSpace>{});
  (void)sol;
}
