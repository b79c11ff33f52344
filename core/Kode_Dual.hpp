/// \file Kode_Dual.hpp
/// \brief `kode::Dual<T, M>`: forward-mode dual numbers (a value and M partial derivatives) for
/// exact Jacobians through the user's templated right-hand side, on any backend.
///
/// A right-hand side written once as `template <class T> operator()(Vec<T,N>& du, ...)` is
/// evaluated with `T = Dual<double, N + 1>`: the state's entries are seeded with unit partials,
/// time with the last one, and one evaluation returns J = ∂f/∂u and ∂f/∂t exactly. Right-hand
/// sides must use `kode::exp`, `kode::sin`, ... (overloaded here for duals), not `std::`.
#ifndef KODE_DUAL_HPP
#define KODE_DUAL_HPP

#include "Kode_Math.hpp"

#include <type_traits>

namespace kode {

/// \brief A value and `M` partial derivatives.
template <class T, int M>
struct Dual {
  static_assert(std::is_floating_point<T>::value, "kode::Dual: the value type must be float or double");
  using value_type = T;
  T val;   ///< the value
  T d[M];  ///< the partial derivatives

  KOKKOS_FUNCTION Dual() : val(T(0)) {
    for (int k = 0; k < M; ++k) d[k] = T(0);
  }
  /// A constant (all partials zero); implicit, so that literals and parameters mix with duals.
  template <class S, class = std::enable_if_t<std::is_arithmetic<S>::value>>
  KOKKOS_FUNCTION Dual(const S v) : val(T(v)) {
    for (int k = 0; k < M; ++k) d[k] = T(0);
  }
  /// The value `v` with a unit partial in direction `k` (a seeded variable).
  KOKKOS_FUNCTION static Dual variable(const T v, const int k) {
    Dual r(v);
    r.d[k] = T(1);
    return r;
  }

  KOKKOS_FUNCTION Dual& operator+=(const Dual& o) {
    val += o.val;
    for (int k = 0; k < M; ++k) d[k] += o.d[k];
    return *this;
  }
  KOKKOS_FUNCTION Dual& operator-=(const Dual& o) {
    val -= o.val;
    for (int k = 0; k < M; ++k) d[k] -= o.d[k];
    return *this;
  }
  KOKKOS_FUNCTION Dual& operator*=(const Dual& o) {
    for (int k = 0; k < M; ++k) d[k] = d[k] * o.val + val * o.d[k];
    val *= o.val;
    return *this;
  }
  KOKKOS_FUNCTION Dual& operator/=(const Dual& o) {
    const T inv = T(1) / o.val;
    for (int k = 0; k < M; ++k) d[k] = (d[k] - val * inv * o.d[k]) * inv;
    val *= inv;
    return *this;
  }
};

namespace Impl {
template <class X>
struct is_dual : std::false_type {};
template <class T, int M>
struct is_dual<Dual<T, M>> : std::true_type {};
/// f(x) with derivative df = f'(x): the chain rule.
template <class T, int M>
KOKKOS_FORCEINLINE_FUNCTION Dual<T, M> chain(const Dual<T, M>& x, const T f, const T df) {
  Dual<T, M> r(f);
  for (int k = 0; k < M; ++k) r.d[k] = df * x.d[k];
  return r;
}
}  // namespace Impl

/// \name Arithmetic (dual with dual, and with plain numbers)
/// @{
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> operator+(Dual<T, M> a, const Dual<T, M>& b) {
  return a += b;
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> operator-(Dual<T, M> a, const Dual<T, M>& b) {
  return a -= b;
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> operator*(Dual<T, M> a, const Dual<T, M>& b) {
  return a *= b;
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> operator/(Dual<T, M> a, const Dual<T, M>& b) {
  return a /= b;
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> operator-(Dual<T, M> a) {
  a.val = -a.val;
  for (int k = 0; k < M; ++k) a.d[k] = -a.d[k];
  return a;
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> operator+(const Dual<T, M>& a) {
  return a;
}
#define KODE_IMPL_DUAL_MIXED(OP)                                                             \
  template <class T, int M, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>> \
  KOKKOS_FUNCTION Dual<T, M> operator OP(const Dual<T, M>& a, const S b) {                   \
    return a OP Dual<T, M>(b);                                                               \
  }                                                                                          \
  template <class T, int M, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>> \
  KOKKOS_FUNCTION Dual<T, M> operator OP(const S a, const Dual<T, M>& b) {                   \
    return Dual<T, M>(a) OP b;                                                               \
  }
KODE_IMPL_DUAL_MIXED(+)
KODE_IMPL_DUAL_MIXED(-)
KODE_IMPL_DUAL_MIXED(*)
KODE_IMPL_DUAL_MIXED(/)
#undef KODE_IMPL_DUAL_MIXED
/// @}

/// \name Comparisons (of the values)
/// @{
#define KODE_IMPL_DUAL_CMP(OP)                                                               \
  template <class T, int M>                                                                  \
  KOKKOS_FUNCTION bool operator OP(const Dual<T, M>& a, const Dual<T, M>& b) {               \
    return a.val OP b.val;                                                                   \
  }                                                                                          \
  template <class T, int M, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>> \
  KOKKOS_FUNCTION bool operator OP(const Dual<T, M>& a, const S b) {                         \
    return a.val OP T(b);                                                                    \
  }                                                                                          \
  template <class T, int M, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>> \
  KOKKOS_FUNCTION bool operator OP(const S a, const Dual<T, M>& b) {                         \
    return T(a) OP b.val;                                                                    \
  }
KODE_IMPL_DUAL_CMP(<)
KODE_IMPL_DUAL_CMP(>)
KODE_IMPL_DUAL_CMP(<=)
KODE_IMPL_DUAL_CMP(>=)
KODE_IMPL_DUAL_CMP(==)
KODE_IMPL_DUAL_CMP(!=)
#undef KODE_IMPL_DUAL_CMP
/// @}

/// \name Math functions of duals (the kode:: functions right-hand sides call)
/// @{
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> sqrt(const Dual<T, M>& x) {
  const T s = kode::sqrt(x.val);
  return Impl::chain(x, s, T(0.5) / s);
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> cbrt(const Dual<T, M>& x) {
  const T c = kode::cbrt(x.val);
  return Impl::chain(x, c, T(1) / (T(3) * c * c));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> exp(const Dual<T, M>& x) {
  const T e = kode::exp(x.val);
  return Impl::chain(x, e, e);
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> expm1(const Dual<T, M>& x) {
  return Impl::chain(x, kode::expm1(x.val), kode::exp(x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> log(const Dual<T, M>& x) {
  return Impl::chain(x, kode::log(x.val), T(1) / x.val);
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> log1p(const Dual<T, M>& x) {
  return Impl::chain(x, kode::log1p(x.val), T(1) / (T(1) + x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> log10(const Dual<T, M>& x) {
  return Impl::chain(x, kode::log10(x.val), T(1) / (x.val * kode::log(T(10))));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> sin(const Dual<T, M>& x) {
  return Impl::chain(x, kode::sin(x.val), kode::cos(x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> cos(const Dual<T, M>& x) {
  return Impl::chain(x, kode::cos(x.val), -kode::sin(x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> tan(const Dual<T, M>& x) {
  const T c = kode::cos(x.val);
  return Impl::chain(x, kode::tan(x.val), T(1) / (c * c));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> asin(const Dual<T, M>& x) {
  return Impl::chain(x, kode::asin(x.val), T(1) / kode::sqrt(T(1) - x.val * x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> acos(const Dual<T, M>& x) {
  return Impl::chain(x, kode::acos(x.val), T(-1) / kode::sqrt(T(1) - x.val * x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> atan(const Dual<T, M>& x) {
  return Impl::chain(x, kode::atan(x.val), T(1) / (T(1) + x.val * x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> sinh(const Dual<T, M>& x) {
  return Impl::chain(x, kode::sinh(x.val), kode::cosh(x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> cosh(const Dual<T, M>& x) {
  return Impl::chain(x, kode::cosh(x.val), kode::sinh(x.val));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> tanh(const Dual<T, M>& x) {
  const T th = kode::tanh(x.val);
  return Impl::chain(x, th, T(1) - th * th);
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> fabs(const Dual<T, M>& x) {
  return x.val < T(0) ? -x : x;
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> abs(const Dual<T, M>& x) {
  return fabs(x);
}
/// x^y for a constant exponent.
template <class T, int M, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>>
KOKKOS_FUNCTION Dual<T, M> pow(const Dual<T, M>& x, const S y) {
  const T p = kode::pow(x.val, T(y));
  return Impl::chain(x, p, T(y) * kode::pow(x.val, T(y) - T(1)));
}
/// c^y for a constant base.
template <class T, int M, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>>
KOKKOS_FUNCTION Dual<T, M> pow(const S c, const Dual<T, M>& y) {
  const T p = kode::pow(T(c), y.val);
  return Impl::chain(y, p, p * kode::log(T(c)));
}
/// x^y = exp(y log x) for x > 0.
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> pow(const Dual<T, M>& x, const Dual<T, M>& y) {
  return exp(y * log(x));
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> fmax(const Dual<T, M>& a, const Dual<T, M>& b) {
  return a.val >= b.val ? a : b;
}
template <class T, int M>
KOKKOS_FUNCTION Dual<T, M> fmin(const Dual<T, M>& a, const Dual<T, M>& b) {
  return a.val <= b.val ? a : b;
}
template <class T, int M>
KOKKOS_FUNCTION bool isfinite(const Dual<T, M>& x) {
  return kode::isfinite(x.val);
}
template <class T, int M>
KOKKOS_FUNCTION bool isnan(const Dual<T, M>& x) {
  return kode::isnan(x.val);
}
/// @}

}  // namespace kode

#endif  // KODE_DUAL_HPP
