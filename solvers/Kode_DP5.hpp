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

/// DP5's coefficients (exact rationals, rounded once to double; stage I of the paper is index
/// I − 1). `btilde` = b − b̂ with b̂ = (5179/57600, 0, 7571/16695, 393/640, −92097/339200,
/// 187/2100, 1/40); `d` are the coefficients of Hairer's contd5 (DenseOutput::Contd5).
struct DP5Tableau {
  static constexpr const char* name   = "DP5";
  static constexpr int order          = 5;
  static constexpr bool has_error_est = true;
  static constexpr int stages = 7, error_stages = 0, extra_stages = 0;
  static constexpr bool fsal         = true;
  static constexpr DenseOutput dense = DenseOutput::Contd5;

  KOKKOS_INLINE_FUNCTION static constexpr double a(int i, int j) {
    constexpr double A[7][6] = {{},
                                {1.0 / 5},
                                {3.0 / 40, 9.0 / 40},
                                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
    return A[i][j];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double c(int i) {
    constexpr double cv[7] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
    return cv[i];
  }
  // The weights b are the last row of a (FSAL).
  KOKKOS_INLINE_FUNCTION static constexpr double b(int j) { return j < 6 ? a(6, j) : 0.0; }
  KOKKOS_INLINE_FUNCTION static constexpr double btilde(int j) {
    constexpr double bv[7] = {35.0 / 384 - 5179.0 / 57600,
                              0,
                              500.0 / 1113 - 7571.0 / 16695,
                              125.0 / 192 - 393.0 / 640,
                              -2187.0 / 6784 + 92097.0 / 339200,
                              11.0 / 84 - 187.0 / 2100,
                              -1.0 / 40};
    return bv[j];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double d(int j) {
    constexpr double dv[7] = {-12715105075.0 / 11282082432,  0,
                              87487479700.0 / 32700410799,   -10690763975.0 / 1880347072,
                              701980252875.0 / 199316789632, -1453857185.0 / 822651844,
                              69997945.0 / 29380423};
    return dv[j];
  }
};

}  // namespace Impl

/// \brief The Dormand–Prince 5(4) pair (DP5, "DOPRI5"): torchdiffeq's and diffrax's default. 6
/// right-hand-side evaluations per step, 4th-order dense output.
struct DP5 : ExplicitRK<Impl::DP5Tableau> {};

}  // namespace kode

#endif  // KODE_DP5_HPP
