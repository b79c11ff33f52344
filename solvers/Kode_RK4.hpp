/// \file Kode_RK4.hpp
/// \brief `kode::RK4`: the classical fourth-order Runge–Kutta method (fixed step only) with cubic
/// Hermite dense output.
///
/// Source: W. Kutta (1901); Hairer, Nørsett & Wanner, Solving ODEs I, II.1, Table 1.2 (left).
/// No embedded error estimate: use `adaptive = false` and a `dt`. The Hermite interpolant on a
/// step needs f at both ends; f at the end is the next step's first stage, so the stepper
/// evaluates it at the end of the step and reuses it (4 evaluations per step, as usual for RK4).
/// The method MPGOS and torchdiffeq's `rk4` use.
#ifndef KODE_RK4_HPP
#define KODE_RK4_HPP

#include "Kode_RungeKutta.hpp"

namespace kode {
namespace Impl {

/// RK4's coefficients.
struct RK4Tableau {
  static constexpr double c2 = 0.5, c3 = 0.5;
  static constexpr double a21 = 0.5, a32 = 0.5, a43 = 1.0;
  static constexpr double b1 = 1.0 / 6, b2 = 1.0 / 3, b3 = 1.0 / 3, b4 = 1.0 / 6;

  /// The tableau as host arrays (for order-condition tests).
  static ButcherTableau butcher() {
    ButcherTableau B(4);
    B.c       = {0.0, c2, c3, 1.0};
    B.a(1, 0) = a21, B.a(2, 1) = a32, B.a(3, 2) = a43;
    B.b = {b1, b2, b3, b4};
    return B;
  }
};

/// RK4 stepper for state `Vec<T, N>`; see the stepper contract in Kode_RungeKutta.hpp.
template <class T, int N>
struct RK4Stepper {
  using V   = Vec<T, N>;
  using Tab = RK4Tableau;
  V k1, kend;  // f at the start and at the end of the last step (cubic Hermite data)

  template <class F>
  KOKKOS_FUNCTION void initialize(const F& f, const V& u, const T t, Stats& st) {
    f(k1, u, t);
    ++st.nf;
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V&, Stats& st) {
    static_assert(!ErrorEstimate, "kode::RK4 has no error estimate: solve it with adaptive = false");
    V k2, k3, k4;
    f(k2, rk_stage(u, h, T(Tab::a21), k1), t + T(Tab::c2) * h);
    f(k3, rk_stage(u, h, T(Tab::a32), k2), t + T(Tab::c3) * h);
    f(k4, rk_stage(u, h, T(Tab::a43), k3), t + h);
    unew = rk_stage(u, h, T(Tab::b1), k1, T(Tab::b2), k2, T(Tab::b3), k3, T(Tab::b4), k4);
    f(kend, unew, t + h);
    st.nf += 4;
    return StepStatus::Ok;
  }

  template <class F>
  KOKKOS_FUNCTION void accept(const F&, const V&, const T, Stats&) {
    k1 = kend;
  }

  template <class F>
  KOKKOS_FUNCTION V interpolate(const F&, const T, const V& uprev, const V& unew, const T h, const T th, Stats&) const {
    // (1−θ) y0 + θ y1 + θ(θ−1)((1−2θ)(y1−y0) + (θ−1) h f0 + θ h f1)
    V y;
    for (int i = 0; i < N; ++i) {
      const T d = unew[i] - uprev[i];
      y[i] =
          uprev[i] + th * d + th * (th - T(1)) * ((T(1) - T(2) * th) * d + (th - T(1)) * h * k1[i] + th * h * kend[i]);
    }
    return y;
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::Success; }  // never fails
};

}  // namespace Impl

/// \brief The classical 4th-order Runge–Kutta method (fixed step only; 4 evaluations per step,
/// cubic Hermite dense output of order 3).
struct RK4 {
  static constexpr int order          = 4;  ///< order of the method
  static constexpr bool has_error_est = false;
  static constexpr const char* name   = "RK4";
  /// The stepper for states `Vec<T, N>`.
  template <class T, int N>
  using stepper = Impl::RK4Stepper<T, N>;
};

}  // namespace kode

#endif  // KODE_RK4_HPP
