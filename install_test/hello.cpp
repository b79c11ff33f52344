// Solves y' = -y for two trajectories through an installed kode and checks the answer.
#include <Kode.hpp>

#include <cmath>
#include <cstdio>

struct Decay {
  static constexpr int dim = 1, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = -p[0] * u[0];
  }
};

int main(int argc, char* argv[]) {
  Kokkos::ScopeGuard guard(argc, argv);
  Kokkos::View<double**> u0("u0", 2, 1), p("p", 2, 1);
  Kokkos::deep_copy(u0, 1.0);
  Kokkos::deep_copy(p, 2.0);
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  kode::SolverOptions<double> opts;
  opts.abstol = opts.reltol = 1e-10;
  auto sol         = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts);
  auto u           = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.u_final);
  const double err = std::fabs(u(1, 0) - std::exp(-2.0));
  std::printf("kode hello: y(1) = %.12f, error %.1e\n", u(1, 0), err);
  return err < 1e-8 ? 0 : 1;
}
