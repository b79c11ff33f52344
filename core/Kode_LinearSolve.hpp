/// \file Kode_LinearSolve.hpp
/// \brief Factor a small dense matrix once, solve with it many times: the W = I/(γh) − J systems
/// of the implicit methods.
///
/// The matrix lives in the calling thread's registers (`Mat<T,N>`). Up to `register_lu_max`
/// unknowns kode factors it with fully unrolled loops of its own; above, Kokkos Kernels' serial
/// batched kernels see it through unmanaged Views: `NoPivoting` uses `KokkosBatched::SerialLU` +
/// two `SerialTrsv`; `PartialPivoting` uses `SerialGetrf` + `SerialGetrs` where Kokkos Kernels has
/// them (4.x) and kode's own row interchanges around `SerialLU` otherwise (Kokkos Kernels 3.4, see
/// Kode_Compat.hpp). The same code runs inside a GPU thread and on the host.
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

/// Largest `N` that `LUFactors` factors with its own fully unrolled loops (every index a
/// compile-time constant, so W stays in registers); Kokkos Kernels' batched LU above it.
///
/// Why: Kokkos Kernels' serial LU/Trsv/Getrf walk the matrix through a pointer and strides. At
/// 3×3 nvcc unrolls them completely, but at 8×8 (HIRES, Rodas5P, float64, sm_90) it does not, and
/// the 8×8 W became a local-memory array of the kernel (1.4 KB of the 1.8 KB per thread). The
/// unrolled code grows as N³/3 multiply-adds, 1360 at N = 16, past which a loop is the better
/// trade (and a trajectory that size belongs on a team of lanes, issue 19).
inline constexpr int register_lu_max = 16;

/// LU factors of one `N`×`N` matrix, reused for many right-hand sides.
///
/// For N ≤ `register_lu_max` the factorization is kode's own right-looking Doolittle, in the
/// operation order of Kokkos Kernels' unblocked `SerialLU` (divide the column by the pivot, then
/// the rank-1 update; the triangular solves column by column as `SerialTrsv`), so the unpivoted
/// answers match Kokkos Kernels' to the rounding of contraction. Partial pivoting takes the first
/// largest |entry| of the column (LAPACK's idamax) and moves rows with selects over the
/// compile-time row indices, never with a run-time index into the matrix.
template <class T, int N, class Pivoting>
struct LUFactors {
  Mat<T, N> lu;  // L (unit lower, below the diagonal) and U
  int piv[N];    // row interchanges (partial pivoting): row k was swapped with row piv[k] ≥ k

  static constexpr bool pivoted  = std::is_same<Pivoting, PartialPivoting>::value;
  static constexpr bool unrolled = N <= register_lu_max;

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
    lu = W;
    if constexpr (unrolled)
      factor_unrolled();
    else
      factor_batched();
    bool ok = true;
    KODE_IMPL_UNROLL
    for (int i = 0; i < N; ++i) ok = ok & (lu(i, i) != T(0)) & kode::isfinite(lu(i, i));
    return ok;
  }

  /// Overwrites `b` with W⁻¹ b.
  KOKKOS_FUNCTION void solve(Vec<T, N>& b) const {
    if constexpr (unrolled)
      solve_unrolled(b);
    else
      solve_batched(b);
  }

  /// kode's unrolled factorization of `lu` in place (what `factor` runs for N ≤ `register_lu_max`).
  KOKKOS_FORCEINLINE_FUNCTION void factor_unrolled() {
    KODE_IMPL_UNROLL
    for (int k = 0; k < N; ++k) {
      if constexpr (pivoted) {
        int r = k;
        T big = kode::fabs(lu(k, k));
        KODE_IMPL_UNROLL
        for (int i = k + 1; i < N; ++i) {
          const T a    = kode::fabs(lu(i, k));
          const bool m = a > big;
          r            = m ? i : r;
          big          = m ? a : big;
        }
        piv[k] = r;
        KODE_IMPL_UNROLL
        for (int i = k + 1; i < N; ++i) {
          const bool s = r == i;
          KODE_IMPL_UNROLL
          for (int j = 0; j < N; ++j) {
            const T a = lu(k, j), c = lu(i, j);
            lu(k, j) = s ? c : a;
            lu(i, j) = s ? a : c;
          }
        }
      }
      const T d = lu(k, k);
      KODE_IMPL_UNROLL
      for (int i = k + 1; i < N; ++i) {
        lu(i, k) /= d;
        KODE_IMPL_UNROLL
        for (int j = k + 1; j < N; ++j) lu(i, j) -= lu(i, k) * lu(k, j);
      }
    }
  }

  /// The triangular solves with `factor_unrolled`'s factors.
  KOKKOS_FORCEINLINE_FUNCTION void solve_unrolled(Vec<T, N>& b) const {
    if constexpr (pivoted) {
      KODE_IMPL_UNROLL
      for (int k = 0; k < N; ++k) {
        KODE_IMPL_UNROLL
        for (int i = k + 1; i < N; ++i) {
          const bool s = piv[k] == i;
          const T a = b[k], c = b[i];
          b[k] = s ? c : a;
          b[i] = s ? a : c;
        }
      }
    }
    KODE_IMPL_UNROLL
    for (int p = 0; p < N; ++p) {
      KODE_IMPL_UNROLL
      for (int i = p + 1; i < N; ++i) b[i] -= lu(i, p) * b[p];
    }
    KODE_IMPL_UNROLL
    for (int p = N - 1; p >= 0; --p) {
      b[p] /= lu(p, p);
      KODE_IMPL_UNROLL
      for (int i = 0; i < p; ++i) b[i] -= lu(i, p) * b[p];
    }
  }

  /// Kokkos Kernels' factorization of `lu` in place (what `factor` runs for N > `register_lu_max`;
  /// callable at any N, which is how the tests compare the two).
  KOKKOS_FUNCTION void factor_batched() {
    auto A = view(lu);
    if constexpr (!pivoted) {
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
  }

  /// The triangular solves with `factor_batched`'s factors.
  KOKKOS_FUNCTION void solve_batched(Vec<T, N>& b) const {
    auto A = view(const_cast<Mat<T, N>&>(lu));
    auto x = vview(b);
    if constexpr (!pivoted) {
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
