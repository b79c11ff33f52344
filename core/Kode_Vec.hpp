/// \file Kode_Vec.hpp
/// \brief Small fixed-size vectors and matrices that live in registers: `kode::Vec<T,N>`,
/// `kode::Mat<T,N>`.
///
/// One GPU thread integrates one trajectory, so the state, the stages and the Jacobian of a
/// trajectory must be compile-time-sized aggregates that the compiler can keep in registers.
/// Every index used by the steppers is a compile-time constant after unrolling; indexing with a
/// run-time value would push the array into local memory.
#ifndef KODE_VEC_HPP
#define KODE_VEC_HPP

#include "Kode_Compat.hpp"

namespace kode {

/// \brief A vector of `N` scalars held by value (in registers on a GPU).
/// \tparam T scalar type (float, double, or a dual number)
/// \tparam N length; 0 is allowed (a system without parameters)
template <class T, int N>
struct Vec {
  static_assert(N >= 0, "kode::Vec: the length must not be negative");
  /// Scalar type.
  using value_type = T;
  /// Storage; one dummy element when N == 0 so that the aggregate stays valid C++.
  T m_data[N > 0 ? N : 1];

  /// Number of entries.
  KOKKOS_FUNCTION static constexpr int size() { return N; }
  /// Entry `i` (0-based).
  KOKKOS_FORCEINLINE_FUNCTION T& operator[](int i) { return m_data[i]; }
  /// Entry `i` (0-based).
  KOKKOS_FORCEINLINE_FUNCTION const T& operator[](int i) const { return m_data[i]; }

  /// A vector with every entry equal to `v`.
  KOKKOS_FUNCTION static Vec constant(const T& v) {
    Vec r;
    for (int i = 0; i < N; ++i) r[i] = v;
    return r;
  }
  /// The zero vector.
  KOKKOS_FUNCTION static Vec zero() { return constant(T(0)); }

  /// Entry-wise `+=`.
  KOKKOS_FUNCTION Vec& operator+=(const Vec& o) {
    for (int i = 0; i < N; ++i) m_data[i] += o[i];
    return *this;
  }
  /// Entry-wise `-=`.
  KOKKOS_FUNCTION Vec& operator-=(const Vec& o) {
    for (int i = 0; i < N; ++i) m_data[i] -= o[i];
    return *this;
  }
  /// Scale by `s`.
  KOKKOS_FUNCTION Vec& operator*=(const T& s) {
    for (int i = 0; i < N; ++i) m_data[i] *= s;
    return *this;
  }
};

/// \brief Entry-wise sum.
template <class T, int N>
KOKKOS_FUNCTION Vec<T, N> operator+(Vec<T, N> a, const Vec<T, N>& b) {
  return a += b;
}
/// \brief Entry-wise difference.
template <class T, int N>
KOKKOS_FUNCTION Vec<T, N> operator-(Vec<T, N> a, const Vec<T, N>& b) {
  return a -= b;
}
/// \brief Negation.
template <class T, int N>
KOKKOS_FUNCTION Vec<T, N> operator-(Vec<T, N> a) {
  for (int i = 0; i < N; ++i) a[i] = -a[i];
  return a;
}
/// \brief Scalar times vector.
template <class T, int N>
KOKKOS_FUNCTION Vec<T, N> operator*(const T& s, Vec<T, N> a) {
  return a *= s;
}
/// \brief Vector times scalar.
template <class T, int N>
KOKKOS_FUNCTION Vec<T, N> operator*(Vec<T, N> a, const T& s) {
  return a *= s;
}

/// \brief A dense `N`×`N` matrix held by value, row-major: `A(i, j)` is row i, column j.
template <class T, int N>
struct Mat {
  static_assert(N > 0, "kode::Mat: the dimension must be positive");
  /// Scalar type.
  using value_type = T;
  /// Storage, row-major.
  T m_data[N][N];

  /// Number of rows (and of columns).
  KOKKOS_FUNCTION static constexpr int size() { return N; }
  /// Entry in row `i`, column `j`.
  KOKKOS_FORCEINLINE_FUNCTION T& operator()(int i, int j) { return m_data[i][j]; }
  /// Entry in row `i`, column `j`.
  KOKKOS_FORCEINLINE_FUNCTION const T& operator()(int i, int j) const { return m_data[i][j]; }

  /// The zero matrix.
  KOKKOS_FUNCTION static Mat zero() {
    Mat r;
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) r(i, j) = T(0);
    return r;
  }
  /// The identity matrix.
  KOKKOS_FUNCTION static Mat identity() {
    Mat r = zero();
    for (int i = 0; i < N; ++i) r(i, i) = T(1);
    return r;
  }
};

/// \brief Matrix-vector product `A x`.
template <class T, int N>
KOKKOS_FUNCTION Vec<T, N> operator*(const Mat<T, N>& A, const Vec<T, N>& x) {
  Vec<T, N> y;
  for (int i = 0; i < N; ++i) {
    T s = T(0);
    for (int j = 0; j < N; ++j) s += A(i, j) * x[j];
    y[i] = s;
  }
  return y;
}

}  // namespace kode

#endif  // KODE_VEC_HPP
