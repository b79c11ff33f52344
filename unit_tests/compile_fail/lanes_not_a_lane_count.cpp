// expect: kode: a System's `static constexpr int lanes` must be 1, 2, 4, 8, 16 or 32
//
// Must not compile: a System asks for 3 lanes per trajectory; a lane group is a power of two of a
// warp's lanes.
#include <Kode.hpp>

struct Decay {
  static constexpr int dim = 1, lanes = 3;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = -u[0];
  }
};

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Tsit5{}, kode::EnsembleKernel{},
                         kode::SolverOptions<double>{});
  (void)sol;
}
