/// \file Kode_RungeKutta.hpp
/// \brief Building blocks shared by the explicit Runge–Kutta steppers, and the contract every
/// stepper follows.
///
/// ## The stepper contract
/// An algorithm tag (`kode::Tsit5`, ...) names its stepper as `typename Alg::template stepper<T, N>`.
/// A stepper does the method's arithmetic only; it never chooses step sizes, saves output or
/// looks at tolerances (that is the integration loop's job, `ensemble/impl/Kode_Integrate_Impl.hpp`).
/// It provides, for a bound right-hand side `f(du, u, t)`:
/// - `initialize(f, u, t, stats)`: called before the first step and whenever the state was
///   changed from outside (callbacks), so first-same-as-last stages restart cleanly;
/// - `step<ErrorEstimate>(f, u, t, h, unew, err, stats)` → `StepStatus`: one attempt from `(t, u)`
///   with signed step `h`; writes the new state and, when `ErrorEstimate`, the local error estimate;
/// - `accept(f, unew, tnew, stats)`: called once the loop accepted the attempt;
/// - `interpolate(f, t, uprev, unew, h, theta, stats)`: dense output on the accepted step from
///   `(t, uprev)` to `unew`, `theta` in [0, 1]; called before `accept`, only for a save time that
///   falls strictly inside the step. Methods whose interpolant needs extra stages (Vern7, Vern9)
///   evaluate them here (counted in `stats.nf`) rather than on every step;
/// - `failure()`: the return code to report when `step` returned `StepStatus::Fail`;
/// - optionally `configure(abstol, reltol)`, called once before `initialize` (implicit methods
///   measure Newton convergence in the error norm).
/// `step` may return `StepStatus::Retry` (a Newton iteration diverged) or `StepStatus::NonFinite`
/// (a stage, Newton iterate or error estimate was Inf/NaN, e.g. a stiff method's overflowing
/// attempt): the adaptive loop then halves the step and tries again (a rejection); at the step
/// floor a `NonFinite` attempt ends the trajectory `Unstable`, a `Retry` one `DtLessThanMin`. A
/// fixed-step run ends at once with `ConvergenceFailure` (Retry) or `Unstable` (NonFinite).
/// The tag carries `order` (of the propagated solution, used by the step-size controller) and
/// `name`.
#ifndef KODE_RUNGEKUTTA_HPP
#define KODE_RUNGEKUTTA_HPP

#include "Kode_ReturnCode.hpp"
#include "Kode_Vec.hpp"

#include <vector>

namespace kode {
namespace Impl {

// Left fold a1*k1[i] + a2*k2[i] + ... over the (coefficient, stage) pairs that follow. Each
// method lists only its non-zero coefficients: adding 0*k is not an identity the compiler may
// drop in IEEE arithmetic, so a zero term would cost a real FMA per component.
template <class T, int N>
KOKKOS_FORCEINLINE_FUNCTION T rk_fold(const int, const T acc) {
  return acc;
}
template <class T, int N, class... Rest>
KOKKOS_FORCEINLINE_FUNCTION T rk_fold(const int i, const T acc, const T a, const Vec<T, N>& k, const Rest&... rest) {
  return rk_fold<T, N>(i, acc + a * k[i], rest...);
}

/// \brief `u + h (a1 k1 + a2 k2 + ...)`: a stage value or the new state.
template <class T, int N, class... Rest>
KOKKOS_FORCEINLINE_FUNCTION Vec<T, N> rk_stage(const Vec<T, N>& u, const T h, const T a1, const Vec<T, N>& k1,
                                               const Rest&... rest) {
  Vec<T, N> y;
  for (int i = 0; i < N; ++i) y[i] = u[i] + h * rk_fold<T, N>(i, a1 * k1[i], rest...);
  return y;
}

/// \brief `h (a1 k1 + a2 k2 + ...)`: an error estimate.
template <class T, int N, class... Rest>
KOKKOS_FORCEINLINE_FUNCTION Vec<T, N> rk_combine(const T h, const T a1, const Vec<T, N>& k1, const Rest&... rest) {
  Vec<T, N> y;
  for (int i = 0; i < N; ++i) y[i] = h * rk_fold<T, N>(i, a1 * k1[i], rest...);
  return y;
}

/// \brief A Butcher tableau as plain host arrays, so that tests can check order conditions
/// (the steppers themselves use each tableau's named `constexpr` coefficients).
struct ButcherTableau {
  int stages = 0;
  std::vector<double> A;     ///< stages × stages, row-major, strictly lower triangular
  std::vector<double> b;     ///< weights of the propagated solution
  std::vector<double> bhat;  ///< weights of the embedded solution (empty if none)
  std::vector<double> c;     ///< nodes

  explicit ButcherTableau(int s) : stages(s), A(s * s, 0.0), b(s, 0.0), c(s, 0.0) {}
  double& a(int i, int j) { return A[i * stages + j]; }
  double a(int i, int j) const { return A[i * stages + j]; }
};

}  // namespace Impl
}  // namespace kode

#endif  // KODE_RUNGEKUTTA_HPP
