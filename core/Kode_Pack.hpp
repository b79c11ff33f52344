/// \file Kode_Pack.hpp
/// \brief `kode::Pack<T, W>`: W values of T that a right-hand side sees as one scalar, so that one
/// evaluation advances W trajectories in SIMD lanes (host backends, `System::vectorizable`).
///
/// Every operation is a loop over the lanes, which the compiler turns into vector instructions
/// (SSE2 at the baseline x86-64 flags, AVX2/AVX-512 with `-march`), and lane l of a result is the
/// very operation the scalar path performs on trajectory l: the lane path and the one-at-a-time
/// path give the same bits (the tests check it). This is plain C++ on purpose rather than
/// `Kokkos::Experimental::simd`: Debian's Kokkos 3.4.1 has no SIMD types, and the loops vectorise
/// the same with both Kokkos versions.
///
/// A right-hand side evaluated on packs must be written for any scalar type, as for the dual
/// numbers of automatic Jacobians, and must not branch on values: a comparison of packs is a
/// compile-time error (a lane-wise `if` has no meaning for the whole pack).
#ifndef KODE_PACK_HPP
#define KODE_PACK_HPP

#include "Kode_Math.hpp"

#include <type_traits>

namespace kode {

/// \brief W lanes of T (float or double), one trajectory per lane.
template <class T, int W>
struct alignas(sizeof(T) * W) Pack {
  static_assert(std::is_floating_point<T>::value, "kode::Pack: the lane type must be float or double");
  static_assert(W > 0 && (W & (W - 1)) == 0, "kode::Pack: the number of lanes must be a power of two");
  /// The scalar type of one lane.
  using value_type = T;
  /// Number of lanes.
  static constexpr int width = W;
  T v[W];  ///< the lanes

  Pack() = default;
  /// Every lane equal to `x` (literals and constants in a right-hand side).
  template <class S, class = std::enable_if_t<std::is_arithmetic<S>::value>>
  KOKKOS_FORCEINLINE_FUNCTION Pack(const S x) {
    for (int l = 0; l < W; ++l) v[l] = T(x);
  }
  /// Lane `l`.
  KOKKOS_FORCEINLINE_FUNCTION T& operator[](const int l) { return v[l]; }
  /// Lane `l`.
  KOKKOS_FORCEINLINE_FUNCTION const T& operator[](const int l) const { return v[l]; }

#define KODE_IMPL_PACK_ASSIGN(OP)                                            \
  KOKKOS_FORCEINLINE_FUNCTION Pack& operator OP##=(const Pack& o) {          \
    for (int l = 0; l < W; ++l) v[l] OP## = o.v[l];                          \
    return *this;                                                            \
  }                                                                          \
  template <class S, class = std::enable_if_t<std::is_arithmetic<S>::value>> \
  KOKKOS_FORCEINLINE_FUNCTION Pack& operator OP##=(const S s) {              \
    for (int l = 0; l < W; ++l) v[l] OP## = T(s);                            \
    return *this;                                                            \
  }
  KODE_IMPL_PACK_ASSIGN(+)
  KODE_IMPL_PACK_ASSIGN(-)
  KODE_IMPL_PACK_ASSIGN(*)
  KODE_IMPL_PACK_ASSIGN(/)
#undef KODE_IMPL_PACK_ASSIGN
};

#define KODE_IMPL_PACK_BINARY(OP)                                                                \
  template <class T, int W>                                                                      \
  KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> operator OP(const Pack<T, W>& a, const Pack<T, W>& b) { \
    Pack<T, W> r;                                                                                \
    for (int l = 0; l < W; ++l) r.v[l] = a.v[l] OP b.v[l];                                       \
    return r;                                                                                    \
  }                                                                                              \
  template <class T, int W, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>>     \
  KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> operator OP(const Pack<T, W>& a, const S s) {           \
    Pack<T, W> r;                                                                                \
    for (int l = 0; l < W; ++l) r.v[l] = a.v[l] OP T(s);                                         \
    return r;                                                                                    \
  }                                                                                              \
  template <class T, int W, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>>     \
  KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> operator OP(const S s, const Pack<T, W>& b) {           \
    Pack<T, W> r;                                                                                \
    for (int l = 0; l < W; ++l) r.v[l] = T(s) OP b.v[l];                                         \
    return r;                                                                                    \
  }
KODE_IMPL_PACK_BINARY(+)
KODE_IMPL_PACK_BINARY(-)
KODE_IMPL_PACK_BINARY(*)
KODE_IMPL_PACK_BINARY(/)
#undef KODE_IMPL_PACK_BINARY

/// \brief Lane-wise negation.
template <class T, int W>
KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> operator-(const Pack<T, W>& a) {
  Pack<T, W> r;
  for (int l = 0; l < W; ++l) r.v[l] = -a.v[l];
  return r;
}
/// \brief Unary plus.
template <class T, int W>
KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> operator+(const Pack<T, W>& a) {
  return a;
}

namespace Impl {
template <class>
inline constexpr bool dependent_false = false;
/// Whether `T` is a `Pack`.
template <class T>
struct is_pack : std::false_type {};
template <class T, int W>
struct is_pack<Pack<T, W>> : std::true_type {};
}  // namespace Impl

// A comparison of packs would have to be true or false for all lanes at once: a right-hand side
// that branches on values cannot be `vectorizable`. One readable error instead of an overload list.
#define KODE_IMPL_PACK_NO_COMPARE(OP)                                                                           \
  template <class T, int W, class S>                                                                            \
  bool operator OP(const Pack<T, W>&, const S&) {                                                               \
    static_assert(Impl::dependent_false<S>,                                                                     \
                  "kode: a right-hand side declared `vectorizable` compares values (an `if`, `<`, `==` on the " \
                  "state, the parameters or t); it is evaluated for several trajectories at once, so it must "  \
                  "not branch on them: remove `static constexpr bool vectorizable = true;` from the System");   \
    return false;                                                                                               \
  }                                                                                                             \
  template <class S, class T, int W, class = std::enable_if_t<!Impl::is_pack<S>::value>>                        \
  bool operator OP(const S& s, const Pack<T, W>& x) {                                                           \
    return x OP s;                                                                                              \
  }
KODE_IMPL_PACK_NO_COMPARE(<)
KODE_IMPL_PACK_NO_COMPARE(>)
KODE_IMPL_PACK_NO_COMPARE(<=)
KODE_IMPL_PACK_NO_COMPARE(>=)
KODE_IMPL_PACK_NO_COMPARE(==)
KODE_IMPL_PACK_NO_COMPARE(!=)
#undef KODE_IMPL_PACK_NO_COMPARE

// The math functions of Kode_Math.hpp, lane by lane (each lane the scalar function itself).
#define KODE_IMPL_PACK_UNARY(FUNC)                                   \
  /** \brief `FUNC` of every lane. */                                \
  template <class T, int W>                                          \
  KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> FUNC(const Pack<T, W>& x) { \
    Pack<T, W> r;                                                    \
    for (int l = 0; l < W; ++l) r.v[l] = kode::FUNC(x.v[l]);         \
    return r;                                                        \
  }
KODE_IMPL_PACK_UNARY(fabs)
KODE_IMPL_PACK_UNARY(abs)
KODE_IMPL_PACK_UNARY(sqrt)
KODE_IMPL_PACK_UNARY(cbrt)
KODE_IMPL_PACK_UNARY(exp)
KODE_IMPL_PACK_UNARY(expm1)
KODE_IMPL_PACK_UNARY(exp2)
KODE_IMPL_PACK_UNARY(log)
KODE_IMPL_PACK_UNARY(log1p)
KODE_IMPL_PACK_UNARY(log10)
KODE_IMPL_PACK_UNARY(log2)
KODE_IMPL_PACK_UNARY(sin)
KODE_IMPL_PACK_UNARY(cos)
KODE_IMPL_PACK_UNARY(tan)
KODE_IMPL_PACK_UNARY(asin)
KODE_IMPL_PACK_UNARY(acos)
KODE_IMPL_PACK_UNARY(atan)
KODE_IMPL_PACK_UNARY(sinh)
KODE_IMPL_PACK_UNARY(cosh)
KODE_IMPL_PACK_UNARY(tanh)
KODE_IMPL_PACK_UNARY(floor)
KODE_IMPL_PACK_UNARY(ceil)
#undef KODE_IMPL_PACK_UNARY

#define KODE_IMPL_PACK_BINARY_MATH(FUNC)                                                     \
  /** \brief `FUNC` lane by lane. */                                                         \
  template <class T, int W>                                                                  \
  KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> FUNC(const Pack<T, W>& x, const Pack<T, W>& y) {    \
    Pack<T, W> r;                                                                            \
    for (int l = 0; l < W; ++l) r.v[l] = kode::FUNC(x.v[l], y.v[l]);                         \
    return r;                                                                                \
  }                                                                                          \
  /** \brief `FUNC` of every lane and a scalar. */                                           \
  template <class T, int W, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>> \
  KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> FUNC(const Pack<T, W>& x, const S y) {              \
    Pack<T, W> r;                                                                            \
    for (int l = 0; l < W; ++l) r.v[l] = kode::FUNC(x.v[l], T(y));                           \
    return r;                                                                                \
  }                                                                                          \
  /** \brief `FUNC` of a scalar and every lane. */                                           \
  template <class T, int W, class S, class = std::enable_if_t<std::is_arithmetic<S>::value>> \
  KOKKOS_FORCEINLINE_FUNCTION Pack<T, W> FUNC(const S x, const Pack<T, W>& y) {              \
    Pack<T, W> r;                                                                            \
    for (int l = 0; l < W; ++l) r.v[l] = kode::FUNC(T(x), y.v[l]);                           \
    return r;                                                                                \
  }
KODE_IMPL_PACK_BINARY_MATH(pow)
KODE_IMPL_PACK_BINARY_MATH(fmin)
KODE_IMPL_PACK_BINARY_MATH(fmax)
KODE_IMPL_PACK_BINARY_MATH(atan2)
KODE_IMPL_PACK_BINARY_MATH(hypot)
KODE_IMPL_PACK_BINARY_MATH(fmod)
#undef KODE_IMPL_PACK_BINARY_MATH

}  // namespace kode

#endif  // KODE_PACK_HPP
