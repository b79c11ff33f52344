/// \file Kode_Controller.hpp
/// \brief Step-size control: the PI controller and the automatic initial step.
#ifndef KODE_CONTROLLER_HPP
#define KODE_CONTROLLER_HPP

#include "Kode_ErrorNorm.hpp"

namespace kode {

namespace Impl {
/// `x^y` for `x > 0` as `exp2(y log2 x)`: a few ulps, several times cheaper than `pow` (which
/// must handle every special case of its arguments). The step-size controller only needs a few
/// digits; OrdinaryDiffEq uses `fastpower` there for the same reason.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION T pow_positive(const T x, const T y) {
  return kode::exp2(y * kode::log2(x));
}
}  // namespace Impl

/// \brief The PI step-size controller of OrdinaryDiffEq.jl / DiffEqGPU.jl.
///
/// After a step with scaled error `EEst` (see `error_norm`), the next step is `dt / q` with
/// `q = clamp(EEst^beta1 / qold^beta2 / gamma, 1/qmax, 1/qmin)` where `qold` is the error of
/// the last accepted step (Hairer & Wanner, Solving ODEs II, IV.2, eq. (2.43c); Söderlind 2002).
/// A rejected step is retried with `dt / min(1/qmin, EEst^beta1 / gamma)`.
template <class T>
struct PIController {
  T beta1;     ///< exponent of the current error
  T beta2;     ///< exponent of the previous error
  T qmin;      ///< smallest step ratio (largest shrink)
  T qmax;      ///< largest step ratio (largest growth)
  T gamma;     ///< safety factor
  T qoldinit;  ///< initial and smallest remembered error

  /// \brief OrdinaryDiffEq's defaults for a method of order `p`: beta1 = 7/(10p), beta2 = 2/(5p),
  /// qmin = 1/5, qmax = 10, gamma = 9/10, qoldinit = 1e-4 (for Tsit5: beta1 = 7/50, beta2 = 2/25).
  KOKKOS_FUNCTION static constexpr PIController defaults(int p) {
    return PIController{T(7) / T(10 * p), T(2) / T(5 * p), T(1) / T(5), T(10), T(9) / T(10), T(1e-4)};
  }

  /// \brief Next step size after an accepted step of size `dt` with scaled error `EEst`; updates `qold`.
  KOKKOS_FUNCTION T accept(const T dt, const T EEst, T& qold) const {
    T q;
    if (EEst == T(0)) {
      q = T(1) / qmax;
    } else {
      q = Impl::pow_positive(EEst, beta1) / Impl::pow_positive(qold, beta2);
      q = kode::fmax(T(1) / qmax, kode::fmin(T(1) / qmin, q / gamma));
    }
    qold = kode::fmax(EEst, qoldinit);
    return dt / q;
  }

  /// \brief Step size to retry with after a rejected step of size `dt` with scaled error `EEst` > 1.
  KOKKOS_FUNCTION T reject(const T dt, const T EEst) const {
    return dt / kode::fmin(T(1) / qmin, Impl::pow_positive(EEst, beta1) / gamma);
  }
};

/// \brief Hairer's automatic initial step size (Hairer, Nørsett & Wanner, Solving ODEs I, II.4,
/// "Starting Step Size"), as implemented in OrdinaryDiffEq's `ode_determine_initdt`.
///
/// Costs one right-hand-side evaluation beyond the `f0 = f(u0, t0)` the caller already has.
/// \param[in] rhs callable `rhs(du, u, t)`
/// \param[in] u0 initial state
/// \param[in] f0 `rhs` at `(u0, t0)`
/// \param[in] t0 initial time
/// \param[in] tdir +1 forward, -1 backward
/// \param[in] abstol, reltol tolerances
/// \param[in] order order of the method
/// \param[in] dtmax largest allowed step magnitude
/// \return the magnitude of the first step
template <class Rhs, class T, int N>
KOKKOS_FUNCTION T initial_dt(const Rhs& rhs, const Vec<T, N>& u0, const Vec<T, N>& f0, const T t0, const T tdir,
                             const T abstol, const T reltol, const int order, const T dtmax) {
  const T d0 = weighted_norm(u0, u0, abstol, reltol);
  const T d1 = weighted_norm(f0, u0, abstol, reltol);
  T dt0      = (d0 < T(1e-5) || d1 < T(1e-5)) ? T(1e-6) : T(0.01) * (d0 / d1);
  dt0        = kode::fmin(dt0, dtmax);
  Vec<T, N> u1;
  for (int i = 0; i < N; ++i) u1[i] = u0[i] + tdir * dt0 * f0[i];
  Vec<T, N> f1;
  rhs(f1, u1, t0 + tdir * dt0);
  const T d2  = weighted_norm(f1 - f0, u0, abstol, reltol) / dt0;
  const T dmx = kode::fmax(d1, d2);
  const T dt1 = dmx <= T(1e-15) ? kode::fmax(T(1e-6), dt0 * T(1e-3)) : kode::pow(T(0.01) / dmx, T(1) / T(order));
  T dt        = kode::fmin(kode::fmin(T(100) * dt0, dt1), dtmax);
  // A NaN here (a right-hand side that is NaN at u0) is left for the integration loop to report.
  return dt;
}

}  // namespace kode

#endif  // KODE_CONTROLLER_HPP
