// expect: kode: an affect must have a const call operator `void operator\(\)\(kode::Vec<T, dim>& u, kode::Vec
//
// Must not compile: this DiscreteCallback's affect leaves out the parameters, which an affect may
// change; kode always passes them.
#include "Decay.hpp"
struct BelowHalf {
  template <class T>
  KOKKOS_FUNCTION bool operator()(const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    return u[0] < T(0.5);
  }
};
struct Reset {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& u, T) const {
    u[0] = T(1);
  }
};

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol =
      kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Tsit5{}, kode::EnsembleKernel{},
                  kode::SolverOptions<double>{}, kode::CallbackSet{kode::DiscreteCallback{BelowHalf{}, Reset{}}});
  (void)sol;
}
