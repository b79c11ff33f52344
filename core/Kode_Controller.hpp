/// \file Kode_Controller.hpp
/// \brief Step-size control: the PI controller and the automatic initial step.
#ifndef KODE_CONTROLLER_HPP
#define KODE_CONTROLLER_HPP

#include "Kode_ErrorNorm.hpp"

namespace kode {

namespace Impl {

/// The bit layout of an IEEE binary32/binary64, for `ctrl_log2` and `ctrl_exp2`.
template <class T>
struct FloatBits;
template <>
struct FloatBits<double> {
  using uint                           = unsigned long long;
  using sint                           = long long;
  static constexpr int mantissa_bits   = 52;
  static constexpr int bias            = 1023;
  static constexpr uint mantissa_mask  = (uint(1) << 52) - 1;
  static constexpr uint sqrt_half_bits = 0x3fe6a09e667f3bcdULL;  // the bits of √½ (rounded)
  static constexpr double round_magic  = 6755399441055744.0;     // 1.5·2^52: adding it rounds to an integer
};
template <>
struct FloatBits<float> {
  using uint                           = unsigned int;
  using sint                           = int;
  static constexpr int mantissa_bits   = 23;
  static constexpr int bias            = 127;
  static constexpr uint mantissa_mask  = (uint(1) << 23) - 1;
  static constexpr uint sqrt_half_bits = 0x3f3504f3U;  // the bits of √½ (rounded)
  static constexpr float round_magic   = 12582912.0f;  // 1.5·2^23
};

template <class To, class From>
KOKKOS_FORCEINLINE_FUNCTION To bits_as(const From x) {
  static_assert(sizeof(To) == sizeof(From), "kode: bits_as between types of different sizes");
  To y;
  __builtin_memcpy(&y, &x, sizeof(To));  // the portable bit cast, in device code as well
  return y;
}

/// \brief log₂ x for the step-size controller: x > 0 (clamped to the normal range; +∞ gives the
/// largest exponent), relative error below 1e-10 in double and 2 ulp in float.
///
/// The controller computes x^y = 2^(y log₂ x) once or twice per step. libm's `log2` and `exp2`
/// are calls that GCC cannot inline or vectorise: their four calls per step were 17.6% of a
/// Serial Tsit5 Lorenz step (perf record, docs/performance.md, issue 19). This is the textbook
/// reduction (as in fdlibm/musl `log2`): x = 2^k m with m ∈ [√½, √2), s = (m − 1)/(m + 1),
/// ln m = 2 atanh s = 2 s (1 + s²/3 + … + s¹⁰/11) with |s| ≤ 0.172, the series cut where the next
/// term is below 5e-11 of the sum; branch-free, so a loop over SIMD lanes vectorises. In a GPU's
/// device pass the backend's own `log2` (no call there) is kept.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION T ctrl_log2(const T x) {
#if KODE_IMPL_DEVICE_PASS
  return kmath::log2(x);  // the GPU's own (MUFU.LG2-based in float): no call, already cheap
#else
  using B              = FloatBits<T>;
  using U              = typename B::uint;
  using S              = typename B::sint;
  const T xc           = kode::fmin(kode::fmax(x, FloatTraits<T>::norm_min()), FloatTraits<T>::max());
  U ix                 = bits_as<U>(xc);
  constexpr U one_bits = U(B::bias) << B::mantissa_bits;
  ix += one_bits - B::sqrt_half_bits;  // moves the exponent boundary from 1 to √½
  const int k = int(S(ix >> B::mantissa_bits)) - B::bias;
  const T m   = bits_as<T>(U((ix & B::mantissa_mask) + B::sqrt_half_bits));  // in [√½, √2)
  const T f   = m - T(1);
  const T s   = f / (T(2) + f);
  const T z   = s * s;
  const T p = T(1) + z * (T(1) / T(3) + z * (T(1) / T(5) + z * (T(1) / T(7) + z * (T(1) / T(9) + z * (T(1) / T(11))))));
  constexpr T two_log2e = T(2.8853900817779268);  // 2 / ln 2
  return T(k) + two_log2e * s * p;
#endif
}

/// \brief 2^y for the step-size controller, y clamped to the normal range of T (2^y is then a
/// normal number); relative error below 1e-11 in double and 2 ulp in float. y = n + g with n the
/// nearest integer (by the 1.5·2^p rounding trick, exact for |y| < 2^(p−1)) and |g| ≤ ½; 2^g =
/// e^(g ln 2) by its Taylor series to the 9th power (|g ln 2| ≤ 0.347, next term 7e-12); 2^n from
/// its bits. Branch-free, see `ctrl_log2`.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION T ctrl_exp2(const T y) {
#if KODE_IMPL_DEVICE_PASS
  return kmath::exp2(y);
#else
  using B     = FloatBits<T>;
  using U     = typename B::uint;
  const T yc  = kode::fmin(kode::fmax(y, T(1 - B::bias)), T(B::bias));
  const T big = yc + T(B::round_magic);
  const T n   = big - T(B::round_magic);
  // the low bits of `big` hold n (two's complement): 2^n has the biased exponent n + bias
  const U scale   = (bits_as<U>(big) + U(B::bias)) << B::mantissa_bits;
  constexpr T ln2 = T(0.69314718055994531);
  const T g       = (yc - n) * ln2;
  const T p =
      T(1) +
      g * (T(1) + g * (T(1) / T(2) +
                       g * (T(1) / T(6) +
                            g * (T(1) / T(24) +
                                 g * (T(1) / T(120) +
                                      g * (T(1) / T(720) +
                                           g * (T(1) / T(5040) + g * (T(1) / T(40320) + g * (T(1) / T(362880))))))))));
  return p * bits_as<T>(scale);
#endif
}

/// `x^y` for `x > 0` as `2^(y log₂ x)` with the controller's own log₂ and 2^x (above): ~1e-10
/// relative in double, a few ulps in float, and several times cheaper than `pow` (which must handle
/// every special case of its arguments). The step-size controller only needs a few digits;
/// OrdinaryDiffEq uses `fastpower` there for the same reason.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION T pow_positive(const T x, const T y) {
  return ctrl_exp2(y * ctrl_log2(x));
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
    const T q = EEst == T(0) ? T(1) / qmax : accept_ratio(Impl::ctrl_log2(EEst), Impl::ctrl_log2(qold));
    qold      = kode::fmax(EEst, qoldinit);
    return dt / q;
  }

  /// \brief The ratio q (next step = dt / q) after an accepted step with error `EEst` > 0, from
  /// log₂ EEst and log₂ qold: one 2^x. A caller that keeps log₂ qold (`Impl::StepControl`) pays
  /// one log₂ and one 2^x per step instead of two of each.
  KOKKOS_FORCEINLINE_FUNCTION T accept_ratio(const T log2_eest, const T log2_qold) const {
    const T q = Impl::ctrl_exp2(beta1 * log2_eest - beta2 * log2_qold);
    return kode::fmax(T(1) / qmax, kode::fmin(T(1) / qmin, q / gamma));
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
/// \param[in] norm `norm(x, u, abstol, reltol)`, the weighted norm of the whole state (a lane
///   group's, when `u0` is one lane's part of it; Kode_LaneGroup.hpp)
/// \return the magnitude of the first step
template <class Rhs, class T, int N, class Norm>
KOKKOS_FUNCTION T initial_dt(const Rhs& rhs, const Vec<T, N>& u0, const Vec<T, N>& f0, const T t0, const T tdir,
                             const T abstol, const T reltol, const int order, const T dtmax, const Norm& norm) {
  const T d0 = norm(u0, u0, abstol, reltol);
  const T d1 = norm(f0, u0, abstol, reltol);
  T dt0      = (d0 < T(1e-5) || d1 < T(1e-5)) ? T(1e-6) : T(0.01) * (d0 / d1);
  dt0        = kode::fmin(dt0, dtmax);
  Vec<T, N> u1;
  for (int i = 0; i < N; ++i) u1[i] = u0[i] + tdir * dt0 * f0[i];
  Vec<T, N> f1;
  rhs(f1, u1, t0 + tdir * dt0);
  const T d2  = norm(f1 - f0, u0, abstol, reltol) / dt0;
  const T dmx = kode::fmax(d1, d2);
  const T dt1 = dmx <= T(1e-15) ? kode::fmax(T(1e-6), dt0 * T(1e-3)) : kode::pow(T(0.01) / dmx, T(1) / T(order));
  T dt        = kode::fmin(kode::fmin(T(100) * dt0, dt1), dtmax);
  // A NaN here (a right-hand side that is NaN at u0) is left for the integration loop to report.
  return dt;
}

/// \brief `initial_dt` with the plain weighted norm of the whole state `u0`.
template <class Rhs, class T, int N>
KOKKOS_FUNCTION T initial_dt(const Rhs& rhs, const Vec<T, N>& u0, const Vec<T, N>& f0, const T t0, const T tdir,
                             const T abstol, const T reltol, const int order, const T dtmax) {
  return initial_dt(
      rhs, u0, f0, t0, tdir, abstol, reltol, order, dtmax,
      [](const Vec<T, N>& x, const Vec<T, N>& u, const T a, const T r) { return weighted_norm(x, u, a, r); });
}

}  // namespace kode

#endif  // KODE_CONTROLLER_HPP
