/// \file Kode_LinearSolve.hpp
/// \brief Factor a small dense matrix once, solve with it many times: the W = I/(γh) − J systems
/// of the implicit methods, on Kokkos Kernels' batched dense LU.
///
/// The matrix lives in the calling thread's registers/stack (`Mat<T,N>`); Kokkos Kernels' serial
/// batched kernels see it through unmanaged Views, so the same code runs inside a GPU thread and
/// on the host. `NoPivoting` uses `KokkosBatched::SerialLU` + two `SerialTrsv`; `PartialPivoting`
/// uses `SerialGetrf` + `SerialGetrs` where Kokkos Kernels has them (4.x) and kode's own row
/// interchanges around `SerialLU` otherwise (Kokkos Kernels 3.4, see Kode_Compat.hpp).
#ifndef KODE_LINEARSOLVE_HPP
#define KODE_LINEARSOLVE_HPP

#include "Kode_Compat.hpp"
#include "Kode_Math.hpp"
#include "Kode_Vec.hpp"

#include <type_traits>

namespace kode {

/// \brief LU without pivoting: the cheapest; fine for W = I/(γh) − J, which is diagonally
/// dominant for small h (what SUNDIALS' batched solvers and DiffEqGPU.jl use).
struct NoPivoting {};
/// \brief LU with partial (row) pivoting: robust for any nonsingular W.
struct PartialPivoting {};

/// \brief Whether `Pivoting` is one of kode's pivotings (the second argument of
/// `Method::with<Jac, Pivoting>`).
template <class Pivoting>
inline constexpr bool is_pivoting_v =
    std::is_same<Pivoting, NoPivoting>::value || std::is_same<Pivoting, PartialPivoting>::value;

namespace Impl {

/// One readable error when `Pivoting` is not a pivoting; returns whether it is (called where it
/// is chosen, `Method::with`, and by `kode::solve`: one specialization, printed once).
template <class Pivoting>
constexpr bool check_pivoting() {
  static_assert(is_pivoting_v<Pivoting>,
                "kode: the second argument of Method::with<Jac, Pivoting> must be a pivoting: kode::NoPivoting or "
                "kode::PartialPivoting");
  return is_pivoting_v<Pivoting>;
}

/// LU factors of one `N`×`N` matrix, reused for many right-hand sides.
template <class T, int N, class Pivoting>
struct LUFactors {
  Mat<T, N> lu;  // L (unit lower, below the diagonal) and U
  int piv[N];    // row interchanges (partial pivoting)

  template <class M>
  KOKKOS_FORCEINLINE_FUNCTION static auto view(M& m) {
    return Kokkos::View<T**, Kokkos::LayoutRight, Kokkos::AnonymousSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>(
        &m(0, 0), N, N);
  }
  template <class V>
  KOKKOS_FORCEINLINE_FUNCTION static auto vview(V& v) {
    return Kokkos::View<T*, Kokkos::LayoutRight, Kokkos::AnonymousSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>(&v[0],
                                                                                                                  N);
  }

  /// Factors `W`; false when a pivot is zero or not finite (W singular, or J not finite).
  KOKKOS_FUNCTION bool factor(const Mat<T, N>& W) {
    lu     = W;
    auto A = view(lu);
    if constexpr (std::is_same<Pivoting, NoPivoting>::value) {
      KokkosBatched::SerialLU<KokkosBatched::Algo::LU::Unblocked>::invoke(A);
    } else {
#if KODE_HAVE_BATCHED_GETRF
      Kokkos::View<int*, Kokkos::LayoutRight, Kokkos::AnonymousSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> p(piv,
                                                                                                                 N);
      KokkosBatched::SerialGetrf<KokkosBatched::Algo::Getrf::Unblocked>::invoke(A, p);
#else
      // Kokkos Kernels 3.4: Doolittle with partial pivoting, written out (no batched Getrf there).
      for (int k = 0; k < N; ++k) {
        int r = k;
        for (int i = k + 1; i < N; ++i)
          if (kode::fabs(lu(i, k)) > kode::fabs(lu(r, k))) r = i;
        piv[k] = r;
        if (r != k)
          for (int j = 0; j < N; ++j) {
            const T tmp = lu(k, j);
            lu(k, j)    = lu(r, j);
            lu(r, j)    = tmp;
          }
        if (lu(k, k) == T(0)) continue;
        const T inv = T(1) / lu(k, k);
        for (int i = k + 1; i < N; ++i) {
          lu(i, k) *= inv;
          for (int j = k + 1; j < N; ++j) lu(i, j) -= lu(i, k) * lu(k, j);
        }
      }
#endif
    }
    bool ok = true;
    for (int i = 0; i < N; ++i) ok = ok & (lu(i, i) != T(0)) & kode::isfinite(lu(i, i));
    return ok;
  }

  /// Overwrites `b` with W⁻¹ b.
  KOKKOS_FUNCTION void solve(Vec<T, N>& b) const {
    auto A = view(const_cast<Mat<T, N>&>(lu));
    auto x = vview(b);
    if constexpr (std::is_same<Pivoting, NoPivoting>::value) {
      using namespace KokkosBatched;
      SerialTrsv<Uplo::Lower, Trans::NoTranspose, Diag::Unit, Algo::Trsv::Unblocked>::invoke(T(1), A, x);
      SerialTrsv<Uplo::Upper, Trans::NoTranspose, Diag::NonUnit, Algo::Trsv::Unblocked>::invoke(T(1), A, x);
    } else {
#if KODE_HAVE_BATCHED_GETRF
      Kokkos::View<int*, Kokkos::LayoutRight, Kokkos::AnonymousSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> p(
          const_cast<int*>(piv), N);
      KokkosBatched::SerialGetrs<KokkosBatched::Trans::NoTranspose, KokkosBatched::Algo::Getrs::Unblocked>::invoke(A, p,
                                                                                                                   x);
#else
      if constexpr (N > 1) {  // (1×1: nothing to interchange; g++ 12 also misreads b[piv[k]] there)
        for (int k = 0; k < N; ++k)
          if (piv[k] != k) {
            const T tmp = b[k];
            b[k]        = b[piv[k]];
            b[piv[k]]   = tmp;
          }
      }
      using namespace KokkosBatched;
      SerialTrsv<Uplo::Lower, Trans::NoTranspose, Diag::Unit, Algo::Trsv::Unblocked>::invoke(T(1), A, x);
      SerialTrsv<Uplo::Upper, Trans::NoTranspose, Diag::NonUnit, Algo::Trsv::Unblocked>::invoke(T(1), A, x);
#endif
    }
  }
};

}  // namespace Impl
}  // namespace kode

#endif  // KODE_LINEARSOLVE_HPP
