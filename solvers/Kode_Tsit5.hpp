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

/// Tsit5's coefficients (Table 1 of the paper; stage I of the paper is index I − 1). `btilde` =
/// b − b̂, so that the error estimate is h Σ btilde_j k_j; the dense weights are
/// b_i(θ) = Σ_p r(i, p) θ^p (r(i, 1) = 0 for i > 0).
struct Tsit5Tableau {
  static constexpr const char* name   = "Tsit5";
  static constexpr int order          = 5;
  static constexpr bool has_error_est = true;
  static constexpr int stages = 7, error_stages = 0, extra_stages = 0;
  static constexpr bool fsal          = true;
  static constexpr DenseOutput dense  = DenseOutput::Polynomial;
  static constexpr DenseHorner horner = DenseHorner::NestedSquare;
  static constexpr int dense_degree   = 4;

  KOKKOS_INLINE_FUNCTION static constexpr double a(int i, int j) {
    constexpr double A[7][6] = {
        {},
        {0.161},
        {-0.008480655492356989, 0.335480655492357},
        {2.8971530571054935, -6.359448489975075, 4.3622954328695815},
        {5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
        {5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401, -0.028269050394068383},
        {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774}};
    return A[i][j];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double c(int i) {
    constexpr double cv[7] = {0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1};
    return cv[i];
  }
  // The weights b are the last row of a (FSAL).
  KOKKOS_INLINE_FUNCTION static constexpr double b(int j) { return j < 6 ? a(6, j) : 0.0; }
  KOKKOS_INLINE_FUNCTION static constexpr double btilde(int j) {
    constexpr double bv[7] = {-0.00178001105222577714, -0.0008164344596567469, 0.007880878010261995,
                              -0.1447110071732629,     0.5823571654525552,     -0.45808210592918697,
                              0.015151515151515152};
    return bv[j];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double r(int i, int p) {
    constexpr double R[7][4] = {{1.0, -2.763706197274826, 2.9132554618219126, -1.0530884977290216},
                                {0, 0.13169999999999998, -0.2234, 0.1017},
                                {0, 3.9302962368947516, -5.941033872131505, 2.490627285651253},
                                {0, -12.411077166933676, 30.33818863028232, -16.548102889244902},
                                {0, 37.50931341651104, -88.1789048947664, 47.37952196281928},
                                {0, -27.896526289197286, 65.09189467479366, -34.87065786149661},
                                {0, 1.5, -4.0, 2.5}};
    return R[i][p - 1];
  }
};

}  // namespace Impl

/// \brief Tsitouras' 5(4) pair (Tsit5): the default explicit method for moderate tolerances
/// (about 1e-3 … 1e-8). 6 right-hand-side evaluations per step, 4th-order dense output for saveat.
struct Tsit5 : ExplicitRK<Impl::Tsit5Tableau> {};

}  // namespace kode

#endif  // KODE_TSIT5_HPP
