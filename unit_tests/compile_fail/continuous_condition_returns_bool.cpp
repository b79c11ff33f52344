// expect: kode: a ContinuousCallback's condition returns bool
//
// Must not compile: a continuous condition's sign changes are its events; a bool is never
// negative, so only true-to-false changes would count, located by bisecting a jump. A bool
// condition belongs in a kode::DiscreteCallback.
#include "Decay.hpp"
struct BelowHalf {
  template <class T>
  KOKKOS_FUNCTION bool operator()(const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    return u[0] < T(0.5);
  }
};
struct Stop {
  template <class T>
  KOKKOS_FUNCTION kode::EventAction operator()(kode::Vec<T, 1>&, kode::Vec<T, 0>&, T) const {
    return kode::EventAction::Terminate;
  }
};

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  kode::SolverOptions<double> opts;
  auto sol = kode::solve(Kokkos::DefaultExecutionSpace(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts,
                         kode::CallbackSet{kode::ContinuousCallback{BelowHalf{}, Stop{}}});
  (void)sol;
}
