/// \file Kode_ErrorNorm.hpp
/// \brief The weighted RMS norm of a local error estimate, as in OrdinaryDiffEq.jl.
#ifndef KODE_ERRORNORM_HPP
#define KODE_ERRORNORM_HPP

#include "Kode_Math.hpp"
#include "Kode_Pack.hpp"  // the norm of a pack of lanes (Kode_Lanes_Impl.hpp)
#include "Kode_Vec.hpp"

namespace kode {

/// \brief Scaled RMS norm of the error estimate of one step:
/// \f$ \sqrt{\tfrac1N \sum_i \big(e_i / (a + r\max(|u^{prev}_i|, |u_i|))\big)^2} \f$.
///
/// A step is accepted when this is at most 1. The weights use the larger of the state before and
/// after the step, so a component passing through zero is not held to an absolute tolerance only
/// (Hairer, Nørsett & Wanner, Solving ODEs I, II.4, eq. (4.11); OrdinaryDiffEq's `calculate_residuals`).
/// \param[in] err error estimate of the step
/// \param[in] uprev state at the start of the step
/// \param[in] u state at the end of the step
/// \param[in] abstol absolute tolerance
/// \param[in] reltol relative tolerance
/// \return the norm; NaN when any input is NaN
template <class T, int N>
KOKKOS_FUNCTION T error_norm(const Vec<T, N>& err, const Vec<T, N>& uprev, const Vec<T, N>& u, const T abstol,
                             const T reltol) {
  T s = T(0);
  for (int i = 0; i < N; ++i) {
    const T w = err[i] / (abstol + reltol * kode::fmax(kode::fabs(uprev[i]), kode::fabs(u[i])));
    s += w * w;
  }
  return kode::sqrt(s / T(N));
}

/// \brief Weighted RMS norm of `x` with weights `abstol + reltol |u|` (used by the initial-step guess).
template <class T, int N>
KOKKOS_FUNCTION T weighted_norm(const Vec<T, N>& x, const Vec<T, N>& u, const T abstol, const T reltol) {
  T s = T(0);
  for (int i = 0; i < N; ++i) {
    const T w = x[i] / (abstol + reltol * kode::fabs(u[i]));
    s += w * w;
  }
  return kode::sqrt(s / T(N));
}

/// \brief True when every entry of `u` is finite.
template <class T, int N>
KOKKOS_FUNCTION bool all_finite(const Vec<T, N>& u) {
  // Non-short-circuit `&`: one predicate chain without branches, checked once per step.
  bool ok = true;
  for (int i = 0; i < N; ++i) ok = ok & kode::isfinite(u[i]);
  return ok;
}

}  // namespace kode

#endif  // KODE_ERRORNORM_HPP
