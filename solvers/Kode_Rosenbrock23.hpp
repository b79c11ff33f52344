/// \file Kode_Rosenbrock23.hpp
/// \brief `kode::Rosenbrock23`: the L-stable order-2 Rosenbrock–W method of MATLAB's `ode23s`
/// with its order-3 error estimate and free order-2 dense output.
///
/// Source: L. F. Shampine and M. W. Reichelt, "The MATLAB ODE Suite", SIAM J. Sci. Comput. 18
/// (1997) 1–22, Section 3 (the formulas of the modified Rosenbrock triple and the interpolant), as in
/// MATLAB's ode23s. d = 1/(2 + √2), e32 = 6 + √2, T = ∂f/∂t(t, u). With W̃ = I − h d J (here
/// applied as W = I/(hd) − J, W̃ = hd W):
///   k1 = W̃⁻¹ (F0 + h d T),          F0 = f(t, u)
///   k2 = W̃⁻¹ (F1 − k1) + k1,         F1 = f(t + h/2, u + h/2 k1)
///   u_new = u + h k2
///   k3 = W̃⁻¹ (F2 − e32 (k2 − F1) − 2 (k1 − F0) + h d T),   F2 = f(t + h, u_new)
///   error = h/6 (k1 − 2 k2 + k3)
/// Dense output u(θ) = u + h (θ(1−θ) k1 + θ(θ−2d) k2) / (1 − 2d).
/// The third stage has h d T, like the first: that is what the method applied to the autonomised
/// system (t a state with t' = 1, so that J gains the column T) gives, and the tests check that
/// the two forms take the same steps (unit_tests/tstCorrectness.hpp). OrdinaryDiffEq.jl's
/// `Rosenbrock23` (`rosenbrock_perform_step.jl`, as read at commit 0054db2) has `dt * dT`, no d,
/// in k3, as kode had: that adds h/6 W̃⁻¹ h (1 − d) T to the error estimate, ≈ 0.4 h cos t on
/// Prothero–Robinson u' = λ(u − sin t) + cos t when h|λ| ≫ 1, a first-order term that holds the
/// step to about 2.5 × tolerance (λ = −1e4, tolerance 1e-4: 20119 steps instead of 517).
#ifndef KODE_ROSENBROCK23_HPP
#define KODE_ROSENBROCK23_HPP

#include "Kode_Implicit.hpp"

namespace kode {
namespace Impl {

/// Rosenbrock23's constants.
struct Rosenbrock23Tableau {
  static constexpr const char* name = "Rosenbrock23";
  static constexpr int order        = 2;
  static constexpr double d         = 0.29289321881345247559915563789515;  // 1/(2 + √2)
  static constexpr double e32       = 7.4142135623730950488016887242097;   // 6 + √2
};

/// Rosenbrock23 stepper; see the stepper contract in Kode_RungeKutta.hpp.
template <class Tab, class JacPolicy, class Pivoting, class T, int N, class Lin>
struct Rosenbrock23Stepper {
  using V                     = Vec<T, N>;
  static constexpr double d   = Tab::d;
  static constexpr double e32 = Tab::e32;
  Lin lin;   // Linearization, or GroupLinearization on a lane group (N: the lane's part)
  V k1, k2;  // for the dense output

  template <class F>
  KOKKOS_FUNCTION void initialize(const F&, const V&, const T, Stats&) {
    lin.invalidate();
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V& err, Stats& st) {
    const T hd                = h * T(d);
    const StepStatus prepared = lin.prepare(f, u, t, hd, st);
    if (prepared != StepStatus::Ok) return prepared;
    const T ihd = T(1) / hd;  // W̃⁻¹ x = W⁻¹ (x / hd)
    for (int i = 0; i < N; ++i) k1[i] = lin.f0[i] * ihd + lin.dT[i];
    lin.solve(k1, st);
    V u1, f1;
    for (int i = 0; i < N; ++i) u1[i] = u[i] + T(0.5) * h * k1[i];
    f(f1, u1, t + T(0.5) * h);
    for (int i = 0; i < N; ++i) k2[i] = (f1[i] - k1[i]) * ihd;
    lin.solve(k2, st);
    for (int i = 0; i < N; ++i) {
      k2[i] += k1[i];
      unew[i] = u[i] + h * k2[i];
    }
    st.nf += 1;
    if constexpr (ErrorEstimate) {
      V f2, k3;
      f(f2, unew, t + h);
      ++st.nf;
      // (F2 − … + h d T) / (hd): the ∂f/∂t term is the same T as in k1 (see the file comment)
      for (int i = 0; i < N; ++i)
        k3[i] = (f2[i] - T(e32) * (k2[i] - f1[i]) - T(2) * (k1[i] - lin.f0[i])) * ihd + lin.dT[i];
      lin.solve(k3, st);
      for (int i = 0; i < N; ++i) err[i] = h / T(6) * (k1[i] - T(2) * k2[i] + k3[i]);
      // an overflowing attempt (a step far too long for a stiff transient) is a rejection
      if (!lin.all_finite(err) || !lin.all_finite(unew)) return StepStatus::NonFinite;
    }
    return StepStatus::Ok;
  }

  template <class F>
  KOKKOS_FUNCTION void accept(const F&, const V&, const T, Stats&) {
    lin.invalidate();
  }

  template <class F>
  KOKKOS_FUNCTION V interpolate(const F&, const T, const V& uprev, const V&, const T h, const T th, Stats&) const {
    const T s  = T(1) / (T(1) - T(2) * T(d));
    const T c1 = th * (T(1) - th) * s, c2 = th * (th - T(2) * T(d)) * s;
    V y;
    for (int i = 0; i < N; ++i) y[i] = uprev[i] + h * (c1 * k1[i] + c2 * k2[i]);
    return y;
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::SingularJacobian; }
};

}  // namespace Impl

/// \brief Rosenbrock23 (MATLAB's ode23s): L-stable, order 2 with an order-3 error estimate; for
/// stiff problems at loose tolerances (about 1e-2 … 1e-5). Automatic Jacobians, no pivoting;
/// `kode::Rosenbrock23::with<kode::FiniteDiffJacobian>` etc. choose otherwise.
using Rosenbrock23 = StiffMethod<Impl::Rosenbrock23Stepper, Impl::Rosenbrock23Tableau, AutoJacobian, DefaultPivoting>;

}  // namespace kode

#endif  // KODE_ROSENBROCK23_HPP
