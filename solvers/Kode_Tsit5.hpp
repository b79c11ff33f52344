/// \file Kode_Tsit5.hpp
/// \brief `kode::Tsit5`: Tsitouras' 5(4) explicit Runge–Kutta pair with its free 4th-order
/// dense output.
///
/// Source: Ch. Tsitouras, "Runge–Kutta pairs of order 5(4) satisfying only the first column
/// simplifying assumption", Computers & Mathematics with Applications 62 (2011) 770–775, Table 1
/// (the pair) and Section 3 (the interpolant). Coefficients as in OrdinaryDiffEq.jl's
/// `tsit_tableaus.jl` (`Tsit5ConstantCacheActual`, `Tsit5Interp`), rounded to double.
/// 7 stages, first same as last (6 new evaluations per step); the 7th stage is f at the new state.
#ifndef KODE_TSIT5_HPP
#define KODE_TSIT5_HPP

#include "Kode_RungeKutta.hpp"

namespace kode {
namespace Impl {

/// Tsit5's coefficients. `btildeI` = b_I − b̂_I, so that the error estimate is h Σ btildeI kI.
struct Tsit5Tableau {
  static constexpr double c2 = 0.161, c3 = 0.327, c4 = 0.9, c5 = 0.9800255409045097;
  static constexpr double a21 = 0.161;
  static constexpr double a31 = -0.008480655492356989, a32 = 0.335480655492357;
  static constexpr double a41 = 2.8971530571054935, a42 = -6.359448489975075, a43 = 4.3622954328695815;
  static constexpr double a51 = 5.325864828439257, a52 = -11.748883564062828, a53 = 7.4955393428898365,
                          a54 = -0.09249506636175525;
  static constexpr double a61 = 5.86145544294642, a62 = -12.92096931784711, a63 = 8.159367898576159,
                          a64 = -0.071584973281401, a65 = -0.028269050394068383;
  // The weights b equal the 7th row (FSAL).
  static constexpr double a71 = 0.09646076681806523, a72 = 0.01, a73 = 0.4798896504144996, a74 = 1.379008574103742,
                          a75 = -3.290069515436081, a76 = 2.324710524099774;
  static constexpr double btilde1 = -0.00178001105222577714, btilde2 = -0.0008164344596567469,
                          btilde3 = 0.007880878010261995, btilde4 = -0.1447110071732629, btilde5 = 0.5823571654525552,
                          btilde6 = -0.45808210592918697, btilde7 = 0.015151515151515152;
  // Dense output b_i(θ) = Σ_j r_ij θ^j (r_i1 = 0 for i > 1).
  static constexpr double r11 = 1.0, r12 = -2.763706197274826, r13 = 2.9132554618219126, r14 = -1.0530884977290216;
  static constexpr double r22 = 0.13169999999999998, r23 = -0.2234, r24 = 0.1017;
  static constexpr double r32 = 3.9302962368947516, r33 = -5.941033872131505, r34 = 2.490627285651253;
  static constexpr double r42 = -12.411077166933676, r43 = 30.33818863028232, r44 = -16.548102889244902;
  static constexpr double r52 = 37.50931341651104, r53 = -88.1789048947664, r54 = 47.37952196281928;
  static constexpr double r62 = -27.896526289197286, r63 = 65.09189467479366, r64 = -34.87065786149661;
  static constexpr double r72 = 1.5, r73 = -4.0, r74 = 2.5;

  /// The tableau as host arrays (for order-condition tests).
  static ButcherTableau butcher() {
    ButcherTableau B(7);
    B.c       = {0.0, c2, c3, c4, c5, 1.0, 1.0};
    B.a(1, 0) = a21;
    B.a(2, 0) = a31, B.a(2, 1) = a32;
    B.a(3, 0) = a41, B.a(3, 1) = a42, B.a(3, 2) = a43;
    B.a(4, 0) = a51, B.a(4, 1) = a52, B.a(4, 2) = a53, B.a(4, 3) = a54;
    B.a(5, 0) = a61, B.a(5, 1) = a62, B.a(5, 2) = a63, B.a(5, 3) = a64, B.a(5, 4) = a65;
    B.a(6, 0) = a71, B.a(6, 1) = a72, B.a(6, 2) = a73, B.a(6, 3) = a74, B.a(6, 4) = a75, B.a(6, 5) = a76;
    B.b                = {a71, a72, a73, a74, a75, a76, 0.0};
    const double bt[7] = {btilde1, btilde2, btilde3, btilde4, btilde5, btilde6, btilde7};
    B.bhat.resize(7);
    for (int i = 0; i < 7; ++i) B.bhat[i] = B.b[i] - bt[i];
    return B;
  }

  /// Dense-output weights b_i(θ) on the host (for interpolant-order tests).
  static std::vector<double> dense_weights(double th) {
    const double t2 = th * th;
    return {th * (r11 + th * (r12 + th * (r13 + th * r14))),
            t2 * (r22 + th * (r23 + th * r24)),
            t2 * (r32 + th * (r33 + th * r34)),
            t2 * (r42 + th * (r43 + th * r44)),
            t2 * (r52 + th * (r53 + th * r54)),
            t2 * (r62 + th * (r63 + th * r64)),
            t2 * (r72 + th * (r73 + th * r74))};
  }
};

/// Tsit5 stepper for state `Vec<T, N>`; see the stepper contract in Kode_RungeKutta.hpp.
template <class T, int N>
struct Tsit5Stepper {
  using V   = Vec<T, N>;
  using Tab = Tsit5Tableau;
  V k1, k2, k3, k4, k5, k6, k7;  // the stages of the last step; dense output needs all seven

  template <class F>
  KOKKOS_FUNCTION void initialize(const F& f, const V& u, const T t, Stats& st) {
    f(k1, u, t);
    ++st.nf;
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V& err, Stats& st) {
    f(k2, rk_stage(u, h, T(Tab::a21), k1), t + T(Tab::c2) * h);
    f(k3, rk_stage(u, h, T(Tab::a31), k1, T(Tab::a32), k2), t + T(Tab::c3) * h);
    f(k4, rk_stage(u, h, T(Tab::a41), k1, T(Tab::a42), k2, T(Tab::a43), k3), t + T(Tab::c4) * h);
    f(k5, rk_stage(u, h, T(Tab::a51), k1, T(Tab::a52), k2, T(Tab::a53), k3, T(Tab::a54), k4), t + T(Tab::c5) * h);
    f(k6, rk_stage(u, h, T(Tab::a61), k1, T(Tab::a62), k2, T(Tab::a63), k3, T(Tab::a64), k4, T(Tab::a65), k5), t + h);
    unew = rk_stage(u, h, T(Tab::a71), k1, T(Tab::a72), k2, T(Tab::a73), k3, T(Tab::a74), k4, T(Tab::a75), k5,
                    T(Tab::a76), k6);
    f(k7, unew, t + h);
    st.nf += 6;
    if constexpr (ErrorEstimate) {
      err = rk_combine(h, T(Tab::btilde1), k1, T(Tab::btilde2), k2, T(Tab::btilde3), k3, T(Tab::btilde4), k4,
                       T(Tab::btilde5), k5, T(Tab::btilde6), k6, T(Tab::btilde7), k7);
    }
    return StepStatus::Ok;
  }

  template <class F>
  KOKKOS_FUNCTION void accept(const F&, const V&, const T, Stats&) {
    k1 = k7;  // first same as last
  }

  template <class F>
  KOKKOS_FUNCTION V interpolate(const F&, const T, const V& uprev, const V&, const T h, const T th, Stats&) const {
    const T t2 = th * th;
    const T b1 = th * (T(Tab::r11) + th * (T(Tab::r12) + th * (T(Tab::r13) + th * T(Tab::r14))));
    const T b2 = t2 * (T(Tab::r22) + th * (T(Tab::r23) + th * T(Tab::r24)));
    const T b3 = t2 * (T(Tab::r32) + th * (T(Tab::r33) + th * T(Tab::r34)));
    const T b4 = t2 * (T(Tab::r42) + th * (T(Tab::r43) + th * T(Tab::r44)));
    const T b5 = t2 * (T(Tab::r52) + th * (T(Tab::r53) + th * T(Tab::r54)));
    const T b6 = t2 * (T(Tab::r62) + th * (T(Tab::r63) + th * T(Tab::r64)));
    const T b7 = t2 * (T(Tab::r72) + th * (T(Tab::r73) + th * T(Tab::r74)));
    return rk_stage(uprev, h, b1, k1, b2, k2, b3, k3, b4, k4, b5, k5, b6, k6, b7, k7);
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::Success; }  // never fails
};

}  // namespace Impl

/// \brief Tsitouras' 5(4) pair (Tsit5): the default explicit method for moderate tolerances
/// (about 1e-3 … 1e-8). 6 right-hand-side evaluations per step, 4th-order dense output for saveat.
struct Tsit5 {
  static constexpr int order          = 5;  ///< order of the propagated solution
  static constexpr bool has_error_est = true;
  static constexpr const char* name   = "Tsit5";
  /// The stepper for states `Vec<T, N>`.
  template <class T, int N>
  using stepper = Impl::Tsit5Stepper<T, N>;
};

}  // namespace kode

#endif  // KODE_TSIT5_HPP
