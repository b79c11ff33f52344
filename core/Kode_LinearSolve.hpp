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

  /// The row interchanges `piv` (in order) applied to `b`, by selects over the compile-time
  /// indices (no run-time index into `b`).
  KOKKOS_FORCEINLINE_FUNCTION static void interchange(const int* piv, Vec<T, N>& b) {
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

  /// The triangular solves with `factor_unrolled`'s factors.
  KOKKOS_FORCEINLINE_FUNCTION void solve_unrolled(Vec<T, N>& b) const {
    if constexpr (pivoted) interchange(piv, b);
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

/// LU factors of one N×N matrix whose rows are spread over the lanes of a group
/// (core/Kode_LaneGroup.hpp): row i on lane i % L, in slot i / L, as the components of the state.
///
/// The arithmetic is `LUFactors::factor_unrolled` / `solve_unrolled`, operation for operation, so
/// the factors and the solutions are the one-thread ones bit for bit: at column k the pivot row
/// is broadcast from its lane (one shuffle per entry) and every lane updates its own rows below
/// it; the triangular solves broadcast each finished unknown to the lanes whose rows need it.
/// Partial pivoting gathers the column on every lane, which then scans it as the one-thread
/// code does (the first largest |entry|), and exchanges the two rows by broadcasts. Every lane
/// computes the same pivots, so the lanes take every branch together. A lane keeps M = ⌈N/L⌉
/// rows of N entries (HIRES with 8 lanes: one row of 8, where one thread holds 64).
template <class T, class Group, class Pivoting>
struct GroupLUFactors {
  static constexpr int N = Group::dim, M = Group::local_dim, L = Group::lanes;
  static constexpr bool pivoted = std::is_same<Pivoting, PartialPivoting>::value;
  Vec<T, N> lu[M];  // this lane's rows of L and U
  int piv[N];       // as LUFactors::piv, the same on every lane

  /// Factors the matrix whose rows this lane holds in `w` (row `group.component(j)` in w[j]);
  /// false when a pivot is zero or not finite.
  KOKKOS_FUNCTION bool factor(const Group& group, const Vec<T, N>* w) {
    const int me = group.lane();
    KODE_IMPL_UNROLL
    for (int j = 0; j < M; ++j) lu[j] = w[j];
    bool ok = true;
    KODE_IMPL_UNROLL
    for (int k = 0; k < N; ++k) {
      const int owner = k % L, ks = k / L;
      Vec<T, N> prow;  // row k once the rows are interchanged (the entries from k on are used)
      if constexpr (pivoted) {
        Vec<T, M> col;
        KODE_IMPL_UNROLL
        for (int j = 0; j < M; ++j) col[j] = lu[j][k];
        const Vec<T, N> colk = group.full(col);
        int r                = k;
        T big                = kode::fabs(colk[k]);
        KODE_IMPL_UNROLL
        for (int i = k + 1; i < N; ++i) {
          const T a    = kode::fabs(colk[i]);
          const bool m = a > big;
          r            = m ? i : r;
          big          = m ? a : big;
        }
        piv[k]         = r;
        const int rown = r % L, rs = r / L;
        Vec<T, N> rowk;
        KODE_IMPL_UNROLL
        for (int c = 0; c < N; ++c) {
          T mine = lu[0][c];  // this lane's slot rs (selects: no run-time index into lu)
          KODE_IMPL_UNROLL
          for (int j = 1; j < M; ++j) mine = rs == j ? lu[j][c] : mine;
          prow[c] = group.broadcast(mine, rown);
          rowk[c] = group.broadcast(lu[ks][c], owner);
        }
        KODE_IMPL_UNROLL
        for (int j = 0; j < M; ++j) {
          const bool is_k = me == owner && j == ks, is_r = me == rown && j == rs;
          KODE_IMPL_UNROLL
          for (int c = 0; c < N; ++c) lu[j][c] = is_k ? prow[c] : is_r ? rowk[c] : lu[j][c];
        }
      } else {
        KODE_IMPL_UNROLL
        for (int c = k; c < N; ++c) prow[c] = group.broadcast(lu[ks][c], owner);
      }
      const T d = prow[k];
      ok        = ok & (d != T(0)) & kode::isfinite(d);
      KODE_IMPL_UNROLL
      for (int j = 0; j < M; ++j) {
        const int i = j * L + me;
        if (i > k && i < N) {
          lu[j][k] /= d;
          KODE_IMPL_UNROLL
          for (int c = k + 1; c < N; ++c) lu[j][c] -= lu[j][k] * prow[c];
        }
      }
    }
    return ok;
  }

  /// Overwrites this lane's part `b` of the right-hand side with its part of W⁻¹ b.
  KOKKOS_FUNCTION void solve(const Group& group, Vec<T, M>& b) const {
    const int me = group.lane();
    if constexpr (pivoted) {
      Vec<T, N> bf = group.full(b);
      LUFactors<T, N, Pivoting>::interchange(piv, bf);
      b = group.local(bf);
    }
    KODE_IMPL_UNROLL
    for (int p = 0; p < N; ++p) {
      const T bp = group.broadcast(b[p / L], p % L);
      KODE_IMPL_UNROLL
      for (int j = 0; j < M; ++j) {
        const int i = j * L + me;
        if (i > p && i < N) b[j] -= lu[j][p] * bp;
      }
    }
    KODE_IMPL_UNROLL
    for (int p = N - 1; p >= 0; --p) {
      if (me == p % L) b[p / L] /= lu[p / L][p];
      const T bp = group.broadcast(b[p / L], p % L);
      KODE_IMPL_UNROLL
      for (int j = 0; j < M; ++j) {
        const int i = j * L + me;
        if (i < p) b[j] -= lu[j][p] * bp;
      }
    }
  }
};

}  // namespace Impl
}  // namespace kode

#endif  // KODE_LINEARSOLVE_HPP
