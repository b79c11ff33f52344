/// \file Kode_DP5.hpp
/// \brief `kode::DP5`: the Dormand–Prince 5(4) pair (DOPRI5) with Hairer's 4th-order dense output.
///
/// Sources: J. R. Dormand and P. J. Prince, "A family of embedded Runge–Kutta formulae", J. Comput.
/// Appl. Math. 6 (1980) 19–26, Table 2 (the pair, "RK5(4)7M"); the continuous extension is
/// Shampine's, as in Hairer, Nørsett & Wanner, Solving ODEs I (2nd ed.), II.6, eq. (6.12) and the
/// `contd5` coefficients d1…d7 of Hairer's DOPRI5 code (also OrdinaryDiffEq.jl's `DP5` tableau).
/// 7 stages, first same as last: 6 new evaluations per step. The method torchdiffeq's `dopri5` and
/// diffrax's `Dopri5` use.
#ifndef KODE_DP5_HPP
#define KODE_DP5_HPP

#include "Kode_RungeKutta.hpp"

namespace kode {
namespace Impl {

/// DP5's coefficients (exact rationals, rounded once to double).
struct DP5Tableau {
  static constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
  static constexpr double a21 = 1.0 / 5;
  static constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
  static constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
  static constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729;
  static constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                          a65 = -5103.0 / 18656;
  // The weights b equal the 7th row (FSAL); b2 = 0.
  static constexpr double a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192, a75 = -2187.0 / 6784,
                          a76 = 11.0 / 84;
  // b − b̂ with b̂ = (5179/57600, 0, 7571/16695, 393/640, −92097/339200, 187/2100, 1/40).
  static constexpr double btilde1 = 35.0 / 384 - 5179.0 / 57600, btilde3 = 500.0 / 1113 - 7571.0 / 16695,
                          btilde4 = 125.0 / 192 - 393.0 / 640, btilde5 = -2187.0 / 6784 + 92097.0 / 339200,
                          btilde6 = 11.0 / 84 - 187.0 / 2100, btilde7 = -1.0 / 40;
  // Dense output: u(θ) = y0 + θ (Δ + (1 − θ)(hk1 − Δ + θ (Δ − hk7 − (hk1 − Δ) + (1 − θ) h Σ dI kI)))
  // with Δ = y1 − y0 (Hairer's contd5).
  static constexpr double d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799,
                          d4 = -10690763975.0 / 1880347072, d5 = 701980252875.0 / 199316789632,
                          d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423;

  /// The tableau as host arrays (for order-condition tests).
  static ButcherTableau butcher() {
    ButcherTableau B(7);
    B.c       = {0.0, c2, c3, c4, c5, 1.0, 1.0};
    B.a(1, 0) = a21;
    B.a(2, 0) = a31, B.a(2, 1) = a32;
    B.a(3, 0) = a41, B.a(3, 1) = a42, B.a(3, 2) = a43;
    B.a(4, 0) = a51, B.a(4, 1) = a52, B.a(4, 2) = a53, B.a(4, 3) = a54;
    B.a(5, 0) = a61, B.a(5, 1) = a62, B.a(5, 2) = a63, B.a(5, 3) = a64, B.a(5, 4) = a65;
    B.a(6, 0) = a71, B.a(6, 2) = a73, B.a(6, 3) = a74, B.a(6, 4) = a75, B.a(6, 5) = a76;
    B.b    = {a71, 0.0, a73, a74, a75, a76, 0.0};
    B.bhat = {a71 - btilde1, 0.0, a73 - btilde3, a74 - btilde4, a75 - btilde5, a76 - btilde6, -btilde7};
    return B;
  }

  /// Dense-output weights b_i(θ) (host, for tests): the contd5 formula written as weights.
  static std::vector<double> dense_weights(double th) {
    // u(θ) = y0 + h Σ wi ki with Δ = h Σ bi ki: expand the nested form above.
    const double s = th * (1 - th), t2 = th * th;
    std::vector<double> w(7, 0.0);
    const double b[7] = {a71, 0, a73, a74, a75, a76, 0};
    const double d[7] = {d1, 0, d3, d4, d5, d6, d7};
    for (int i = 0; i < 7; ++i) {
      // θΔ + θ(1−θ)(hk1 − Δ) + θ²(1−θ)(2Δ − hk1 − hk7) + θ²(1−θ)² h Σ d k
      const double e1 = i == 0 ? 1.0 : 0.0, e7 = i == 6 ? 1.0 : 0.0;
      w[i] = th * b[i] + s * (e1 - b[i]) + t2 * (1 - th) * (2 * b[i] - e1 - e7) + t2 * (1 - th) * (1 - th) * d[i];
    }
    return w;
  }
};

/// DP5 stepper for state `Vec<T, N>`; see the stepper contract in Kode_RungeKutta.hpp.
template <class T, int N>
struct DP5Stepper {
  using V   = Vec<T, N>;
  using Tab = DP5Tableau;
  V k1, k3, k4, k5, k6, k7;  // k2 feeds only later stages (b2 = d2 = 0)

  template <class F>
  KOKKOS_FUNCTION void initialize(const F& f, const V& u, const T t, Stats& st) {
    f(k1, u, t);
    ++st.nf;
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V& err, Stats& st) {
    V k2;
    f(k2, rk_stage(u, h, T(Tab::a21), k1), t + T(Tab::c2) * h);
    f(k3, rk_stage(u, h, T(Tab::a31), k1, T(Tab::a32), k2), t + T(Tab::c3) * h);
    f(k4, rk_stage(u, h, T(Tab::a41), k1, T(Tab::a42), k2, T(Tab::a43), k3), t + T(Tab::c4) * h);
    f(k5, rk_stage(u, h, T(Tab::a51), k1, T(Tab::a52), k2, T(Tab::a53), k3, T(Tab::a54), k4), t + T(Tab::c5) * h);
    f(k6, rk_stage(u, h, T(Tab::a61), k1, T(Tab::a62), k2, T(Tab::a63), k3, T(Tab::a64), k4, T(Tab::a65), k5), t + h);
    unew = rk_stage(u, h, T(Tab::a71), k1, T(Tab::a73), k3, T(Tab::a74), k4, T(Tab::a75), k5, T(Tab::a76), k6);
    f(k7, unew, t + h);
    st.nf += 6;
    if constexpr (ErrorEstimate) {
      err = rk_combine(h, T(Tab::btilde1), k1, T(Tab::btilde3), k3, T(Tab::btilde4), k4, T(Tab::btilde5), k5,
                       T(Tab::btilde6), k6, T(Tab::btilde7), k7);
    }
    return StepStatus::Ok;
  }

  template <class F>
  KOKKOS_FUNCTION void accept(const F&, const V&, const T, Stats&) {
    k1 = k7;  // first same as last
  }

  template <class F>
  KOKKOS_FUNCTION V interpolate(const F&, const T, const V& uprev, const V& unew, const T h, const T th, Stats&) const {
    // Hairer's contd5 in nested form (fewer operations and exact at θ = 0 and 1).
    V y;
    const T th1 = T(1) - th;
    for (int i = 0; i < N; ++i) {
      const T delta = unew[i] - uprev[i];
      const T bspl  = h * k1[i] - delta;
      const T r4    = delta - h * k7[i] - bspl;
      const T r5    = h * (T(Tab::d1) * k1[i] + T(Tab::d3) * k3[i] + T(Tab::d4) * k4[i] + T(Tab::d5) * k5[i] +
                        T(Tab::d6) * k6[i] + T(Tab::d7) * k7[i]);
      y[i]          = uprev[i] + th * (delta + th1 * (bspl + th * (r4 + th1 * r5)));
    }
    return y;
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::Success; }  // never fails
};

}  // namespace Impl

/// \brief The Dormand–Prince 5(4) pair (DP5, "DOPRI5"): torchdiffeq's and diffrax's default. 6
/// right-hand-side evaluations per step, 4th-order dense output.
struct DP5 {
  static constexpr int order          = 5;  ///< order of the propagated solution
  static constexpr bool has_error_est = true;
  static constexpr const char* name   = "DP5";
  /// The stepper for states `Vec<T, N>`.
  template <class T, int N>
  using stepper = Impl::DP5Stepper<T, N>;
};

}  // namespace kode

#endif  // KODE_DP5_HPP
