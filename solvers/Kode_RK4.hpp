/// \file Kode_RK4.hpp
/// \brief `kode::RK4`: the classical fourth-order Runge–Kutta method (fixed step only) with cubic
/// Hermite dense output.
///
/// Source: W. Kutta (1901); Hairer, Nørsett & Wanner, Solving ODEs I, II.1, Table 1.2 (left).
/// No embedded error estimate: use `adaptive = false` and a `dt`. The Hermite interpolant on a
/// step needs f at both ends; f at the end is the next step's first stage, so the tableau has it
/// as a 5th, first-same-as-last stage (4 evaluations per step, as usual for RK4).
/// The method MPGOS and torchdiffeq's `rk4` use.
#ifndef KODE_RK4_HPP
#define KODE_RK4_HPP

#include "Kode_RungeKutta.hpp"

namespace kode {
namespace Impl {

/// RK4's coefficients, with f(u_new) as a 5th, first-same-as-last stage (row b, node 1): the
/// Hermite interpolant's f at the step's end, and the next step's first stage.
struct RK4Tableau {
  static constexpr const char* name   = "RK4";
  static constexpr int order          = 4;
  static constexpr bool has_error_est = false;
  static constexpr int stages = 5, error_stages = 0, extra_stages = 0;
  static constexpr bool fsal         = true;
  static constexpr DenseOutput dense = DenseOutput::Hermite;

  KOKKOS_INLINE_FUNCTION static constexpr double a(int i, int j) {
    constexpr double A[5][4] = {{}, {0.5}, {0, 0.5}, {0, 0, 1.0}, {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}};
    return A[i][j];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double c(int i) {
    constexpr double cv[5] = {0, 0.5, 0.5, 1, 1};
    return cv[i];
  }
  // The weights b are the last row of a (FSAL).
  KOKKOS_INLINE_FUNCTION static constexpr double b(int j) { return j < 4 ? a(4, j) : 0.0; }
  KOKKOS_INLINE_FUNCTION static constexpr double btilde(int) { return 0.0; }  // no embedded pair
};

}  // namespace Impl

/// \brief The classical 4th-order Runge–Kutta method (fixed step only; 4 evaluations per step,
/// cubic Hermite dense output of order 3).
struct RK4 : ExplicitRK<Impl::RK4Tableau> {};

}  // namespace kode

#endif  // KODE_RK4_HPP
