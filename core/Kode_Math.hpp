/// \file Kode_Math.hpp
/// \brief Device-callable math functions for right-hand sides: `kode::sqrt`, `kode::exp`, ...
///
/// Right-hand sides are templated on their scalar type, so the same code runs with `float`,
/// `double` and (for automatic Jacobians) dual numbers. Calling `kode::exp(x)` rather than
/// `std::exp(x)` or `Kokkos::exp(x)` keeps a right-hand side portable across backends and Kokkos
/// versions, and lets the dual-number overloads take over when the scalar is a dual number.
#ifndef KODE_MATH_HPP
#define KODE_MATH_HPP

#include "Kode_Compat.hpp"

#include <type_traits>

namespace kode {

#define KODE_IMPL_UNARY_MATH(FUNC)                                                        \
  /** \brief `FUNC` of a float or double, on any backend. */                              \
  template <class T>                                                                      \
  KOKKOS_FUNCTION std::enable_if_t<std::is_floating_point<T>::value, T> FUNC(const T x) { \
    return Impl::kmath::FUNC(x);                                                          \
  }
#define KODE_IMPL_BINARY_MATH(FUNC)                                                                  \
  /** \brief `FUNC` of two floats or doubles, on any backend. */                                     \
  template <class T>                                                                                 \
  KOKKOS_FUNCTION std::enable_if_t<std::is_floating_point<T>::value, T> FUNC(const T x, const T y) { \
    return Impl::kmath::FUNC(x, y);                                                                  \
  }

KODE_IMPL_UNARY_MATH(fabs)
KODE_IMPL_UNARY_MATH(sqrt)
KODE_IMPL_UNARY_MATH(cbrt)
KODE_IMPL_UNARY_MATH(exp)
KODE_IMPL_UNARY_MATH(expm1)
KODE_IMPL_UNARY_MATH(exp2)
KODE_IMPL_UNARY_MATH(log)
KODE_IMPL_UNARY_MATH(log1p)
KODE_IMPL_UNARY_MATH(log10)
KODE_IMPL_UNARY_MATH(log2)
KODE_IMPL_UNARY_MATH(sin)
KODE_IMPL_UNARY_MATH(cos)
KODE_IMPL_UNARY_MATH(tan)
KODE_IMPL_UNARY_MATH(asin)
KODE_IMPL_UNARY_MATH(acos)
KODE_IMPL_UNARY_MATH(atan)
KODE_IMPL_UNARY_MATH(sinh)
KODE_IMPL_UNARY_MATH(cosh)
KODE_IMPL_UNARY_MATH(tanh)
KODE_IMPL_UNARY_MATH(floor)
KODE_IMPL_UNARY_MATH(ceil)
KODE_IMPL_BINARY_MATH(pow)
KODE_IMPL_BINARY_MATH(atan2)
KODE_IMPL_BINARY_MATH(hypot)
KODE_IMPL_BINARY_MATH(fmod)

/// \brief The larger of two floats or doubles; a NaN argument is ignored (C's `fmax`).
template <class T>
KOKKOS_FORCEINLINE_FUNCTION std::enable_if_t<std::is_floating_point<T>::value, T> fmax(const T x, const T y) {
  return Impl::fmax(x, y);
}
/// \brief The smaller of two floats or doubles; a NaN argument is ignored (C's `fmin`).
template <class T>
KOKKOS_FORCEINLINE_FUNCTION std::enable_if_t<std::is_floating_point<T>::value, T> fmin(const T x, const T y) {
  return Impl::fmin(x, y);
}

#undef KODE_IMPL_UNARY_MATH
#undef KODE_IMPL_BINARY_MATH

/// \brief Absolute value of a float or double.
template <class T>
KOKKOS_FUNCTION std::enable_if_t<std::is_floating_point<T>::value, T> abs(const T x) {
  return Impl::kmath::fabs(x);
}

/// \brief True when `x` is neither infinite nor NaN.
template <class T>
KOKKOS_FUNCTION std::enable_if_t<std::is_floating_point<T>::value, bool> isfinite(const T x) {
  return Impl::kmath::isfinite(x);
}

/// \brief True when `x` is NaN.
template <class T>
KOKKOS_FUNCTION std::enable_if_t<std::is_floating_point<T>::value, bool> isnan(const T x) {
  return Impl::kmath::isnan(x);
}

}  // namespace kode

#endif  // KODE_MATH_HPP
