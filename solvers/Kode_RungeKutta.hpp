/// \file Kode_RungeKutta.hpp
/// \brief Building blocks shared by the explicit Runge–Kutta steppers (the contract every stepper
/// follows is in Kode_Stepper.hpp).
#ifndef KODE_RUNGEKUTTA_HPP
#define KODE_RUNGEKUTTA_HPP

#include "Kode_ReturnCode.hpp"
#include "Kode_Stepper.hpp"
#include "Kode_Vec.hpp"

#include <vector>

namespace kode {
namespace Impl {

// Left fold a1*k1[i] + a2*k2[i] + ... over the (coefficient, stage) pairs that follow. Each
// method lists only its non-zero coefficients: adding 0*k is not an identity the compiler may
// drop in IEEE arithmetic, so a zero term would cost a real FMA per component.
template <class T, int N>
KOKKOS_FORCEINLINE_FUNCTION T rk_fold(const int, const T acc) {
  return acc;
}
template <class T, int N, class... Rest>
KOKKOS_FORCEINLINE_FUNCTION T rk_fold(const int i, const T acc, const T a, const Vec<T, N>& k, const Rest&... rest) {
  return rk_fold<T, N>(i, acc + a * k[i], rest...);
}

/// \brief `u + h (a1 k1 + a2 k2 + ...)`: a stage value or the new state.
template <class T, int N, class... Rest>
KOKKOS_FORCEINLINE_FUNCTION Vec<T, N> rk_stage(const Vec<T, N>& u, const T h, const T a1, const Vec<T, N>& k1,
                                               const Rest&... rest) {
  Vec<T, N> y;
  for (int i = 0; i < N; ++i) y[i] = u[i] + h * rk_fold<T, N>(i, a1 * k1[i], rest...);
  return y;
}

/// \brief `h (a1 k1 + a2 k2 + ...)`: an error estimate.
template <class T, int N, class... Rest>
KOKKOS_FORCEINLINE_FUNCTION Vec<T, N> rk_combine(const T h, const T a1, const Vec<T, N>& k1, const Rest&... rest) {
  Vec<T, N> y;
  for (int i = 0; i < N; ++i) y[i] = h * rk_fold<T, N>(i, a1 * k1[i], rest...);
  return y;
}

/// \brief A Butcher tableau as plain host arrays, so that tests can check order conditions
/// (the steppers themselves use each tableau's named `constexpr` coefficients).
struct ButcherTableau {
  int stages = 0;
  std::vector<double> A;     ///< stages × stages, row-major, strictly lower triangular
  std::vector<double> b;     ///< weights of the propagated solution
  std::vector<double> bhat;  ///< weights of the embedded solution (empty if none)
  std::vector<double> c;     ///< nodes

  explicit ButcherTableau(int s) : stages(s), A(s * s, 0.0), b(s, 0.0), c(s, 0.0) {}
  double& a(int i, int j) { return A[i * stages + j]; }
  double a(int i, int j) const { return A[i * stages + j]; }
};

}  // namespace Impl
}  // namespace kode

#endif  // KODE_RUNGEKUTTA_HPP
