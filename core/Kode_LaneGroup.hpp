/// \file Kode_LaneGroup.hpp
/// \brief One trajectory spread over a group of GPU lanes (`Impl::LaneGroup`), and the trivial
/// group of one lane that holds the whole state (`Impl::SoloLane`, the one-thread kernel).
///
/// A medium-sized system (tens of unknowns) does not fit one GPU thread's registers: Vern9's
/// stages of the 28-unknown Pleiades problem spill 2–12 KB per thread (docs/performance.md). In a
/// lane group, L lanes of a warp integrate one trajectory together: component c of every state
/// and stage vector lives on lane c % L, in slot c / L of that lane's `Vec<T, M>`, M = ⌈N / L⌉.
/// The stepper runs unchanged on these slices (a stage is component-wise, so each lane forms its
/// own components); what needs the whole state goes through the group:
/// - `full(u)` gathers the N components on every lane (the right-hand side, events, callbacks)
///   and `local(u)` keeps the lane's own;
/// - the error norm, the weighted norm and the finiteness test: the lanes' values are gathered
///   and every lane sums them **in component order**, with the one-lane arithmetic, so that every
///   lane gets the same bits (the lanes take every branch together) and the answers are those of
///   the one-thread kernel.
/// The scalar state of the loop (clock, step control, cursors, return code) is replicated on the
/// lanes and stays identical on all of them. Slots past N ("padding", when L does not divide N)
/// hold 0, are weighted 0 and are never written out.
///
/// The exchange between lanes is a policy: `WarpExchange` (CUDA and HIP shuffles within the
/// group's lanes) in kernels, a host-thread exchange in the unit tests (tstLaneGroup.cpp), which
/// run the very same loop with each lane a host thread.
#ifndef KODE_LANEGROUP_HPP
#define KODE_LANEGROUP_HPP

#include "Kode_ErrorNorm.hpp"
#include "Kode_Vec.hpp"

namespace kode {
namespace Impl {

/// The group of one lane: the whole state on one thread. Every operation is the plain one (and
/// `full`/`local` return their argument), so the one-thread kernel compiles exactly as without
/// groups.
template <class T, int N>
struct SoloLane {
  static constexpr int lanes = 1, dim = N, local_dim = N;
  KOKKOS_FORCEINLINE_FUNCTION static constexpr int lane() { return 0; }
  KOKKOS_FORCEINLINE_FUNCTION const Vec<T, N>& full(const Vec<T, N>& u) const { return u; }
  KOKKOS_FORCEINLINE_FUNCTION const Vec<T, N>& local(const Vec<T, N>& u) const { return u; }
  KOKKOS_FORCEINLINE_FUNCTION T error_norm(const Vec<T, N>& err, const Vec<T, N>& uprev, const Vec<T, N>& u,
                                           const T abstol, const T reltol) const {
    return kode::error_norm(err, uprev, u, abstol, reltol);
  }
  KOKKOS_FORCEINLINE_FUNCTION T weighted_norm(const Vec<T, N>& x, const Vec<T, N>& u, const T abstol,
                                              const T reltol) const {
    return kode::weighted_norm(x, u, abstol, reltol);
  }
  KOKKOS_FORCEINLINE_FUNCTION bool all_finite(const Vec<T, N>& u) const { return kode::all_finite(u); }
  /// Σ w_c² in component order.
  KOKKOS_FORCEINLINE_FUNCTION T sum_squares(const Vec<T, N>& w) const {
    T s = T(0);
    for (int c = 0; c < N; ++c) s += w[c] * w[c];
    return s;
  }
  /// Whether this lane writes the trajectory's scalar results (return code, statistics, events).
  KOKKOS_FORCEINLINE_FUNCTION static constexpr bool leader() { return true; }
  /// The component held in slot j.
  KOKKOS_FORCEINLINE_FUNCTION static constexpr int component(const int j) { return j; }
};

/// L lanes holding one trajectory of N components (see the file comment). `Exchange` provides
/// `lane()` (0 … L−1), `gather(v)`: for a `Vec<S, M>` on every lane, the `Vec<S, L·M>` of all
/// lanes' slots, lane-major (entry q·M + j is lane q's slot j), the same on every lane, and
/// `broadcast(s, src)`: lane src's scalar s on every lane (the LU of the stiff methods,
/// `GroupLUFactors`).
template <class T, int N, int L, class Exchange>
struct LaneGroup {
  static_assert(L >= 1 && L <= 64, "kode: a lane group has 1 to 64 lanes");
  static constexpr int lanes = L, dim = N, local_dim = (N + L - 1) / L;
  static constexpr int M = local_dim;
  using Local            = Vec<T, M>;
  using Full             = Vec<T, N>;

  Exchange exchange;

  KOKKOS_FORCEINLINE_FUNCTION int lane() const { return exchange.lane(); }
  /// Lane 0 writes the trajectory's scalar results (return code, statistics, events).
  KOKKOS_FORCEINLINE_FUNCTION bool leader() const { return exchange.lane() == 0; }
  /// The component held in slot j of this lane (N or more: padding).
  KOKKOS_FORCEINLINE_FUNCTION int component(const int j) const { return j * L + exchange.lane(); }

  /// The whole state, on every lane.
  KOKKOS_FORCEINLINE_FUNCTION Full full(const Local& u) const {
    const Vec<T, L* M> all = exchange.gather(u);
    Full r;
    KODE_IMPL_UNROLL
    for (int c = 0; c < N; ++c) r[c] = all[(c % L) * M + c / L];
    return r;
  }
  /// This lane's components of a whole state (0 in the padding). The lane index selects among
  /// compile-time indices, so nothing is indexed at run time.
  KOKKOS_FORCEINLINE_FUNCTION Local local(const Full& u) const {
    Local r;
    const int me = exchange.lane();
    KODE_IMPL_UNROLL
    for (int j = 0; j < M; ++j) {
      T v = T(0);
      KODE_IMPL_UNROLL
      for (int q = 0; q < L; ++q)
        if (j * L + q < N && me == q) v = u[j * L + q < N ? j * L + q : 0];
      r[j] = v;
    }
    return r;
  }

  /// `kode::error_norm` of the whole state, with its arithmetic in its order, on every lane.
  KOKKOS_FORCEINLINE_FUNCTION T error_norm(const Local& err, const Local& uprev, const Local& u, const T abstol,
                                           const T reltol) const {
    Local w;
    KODE_IMPL_UNROLL
    for (int j = 0; j < M; ++j)
      w[j] = component(j) < N ? err[j] / (abstol + reltol * kode::fmax(kode::fabs(uprev[j]), kode::fabs(u[j]))) : T(0);
    return root_mean_square(w);
  }
  /// `kode::weighted_norm` of the whole state, on every lane.
  KOKKOS_FORCEINLINE_FUNCTION T weighted_norm(const Local& x, const Local& u, const T abstol, const T reltol) const {
    Local w;
    KODE_IMPL_UNROLL
    for (int j = 0; j < M; ++j) w[j] = component(j) < N ? x[j] / (abstol + reltol * kode::fabs(u[j])) : T(0);
    return root_mean_square(w);
  }
  /// Lane `src`'s value of `v`, on every lane.
  template <class S>
  KOKKOS_FORCEINLINE_FUNCTION S broadcast(const S v, const int src) const {
    return exchange.broadcast(v, src);
  }
  /// Σ w_c² over the whole state, in component order (the padding left out), on every lane.
  KOKKOS_FORCEINLINE_FUNCTION T sum_squares(const Local& w) const {
    const Vec<T, L* M> all = exchange.gather(w);
    T s                    = T(0);
    KODE_IMPL_UNROLL
    for (int c = 0; c < N; ++c) {
      const T x = all[(c % L) * M + c / L];
      s += x * x;
    }
    return s;
  }
  /// Whether every component is finite, on every lane.
  KOKKOS_FORCEINLINE_FUNCTION bool all_finite(const Local& u) const {
    Vec<int, 1> ok;
    ok[0]                 = kode::all_finite(u) ? 1 : 0;  // the padding is 0, finite
    const Vec<int, L> all = exchange.gather(ok);
    int r                 = 1;
    KODE_IMPL_UNROLL
    for (int q = 0; q < L; ++q) r &= all[q];
    return r != 0;
  }

 private:
  // sqrt(Σ w_c² / N), the sum in component order as in `kode::error_norm`.
  KOKKOS_FORCEINLINE_FUNCTION T root_mean_square(const Local& w) const { return kode::sqrt(sum_squares(w) / T(N)); }
};

/// The exchange of a lane group in a GPU kernel: the group is the L vector lanes of one team
/// thread of a `TeamPolicy` launched with vector length L (Kokkos puts them on threadIdx.x, L
/// consecutive lanes of a warp, L a power of two up to the warp size), and the gathers are
/// shuffles among them. Groups of one warp run independently (a group that finished its
/// trajectory is not waited for): on CUDA each shuffle names its own group's lanes in its mask.
/// (The host pass of a GPU compilation sees bodies that are never run: a group kernel is launched
/// on GPU execution spaces only.)
template <int L>
struct WarpExchange {
  KOKKOS_FORCEINLINE_FUNCTION int lane() const {
#if KODE_IMPL_DEVICE_PASS && (defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__))
    return int(threadIdx.x);
#else
    return 0;
#endif
  }
  template <class S, int M>
  KOKKOS_FORCEINLINE_FUNCTION Vec<S, L * M> gather(const Vec<S, M>& v) const {
    Vec<S, L * M> r;
#if defined(__CUDA_ARCH__)
    const unsigned mask = group_mask();
#endif
    KODE_IMPL_UNROLL
    for (int q = 0; q < L; ++q) {
      KODE_IMPL_UNROLL
      for (int j = 0; j < M; ++j) {
#if defined(__CUDA_ARCH__)
        r[q * M + j] = __shfl_sync(mask, v[j], q, L);
#elif defined(__HIP_DEVICE_COMPILE__)
        r[q * M + j] = __shfl(v[j], q, L);
#else
        r[q * M + j] = v[j];
#endif
      }
    }
    return r;
  }
  /// Lane `src`'s `v` on every lane of the group.
  template <class S>
  KOKKOS_FORCEINLINE_FUNCTION S broadcast(const S v, const int src) const {
#if defined(__CUDA_ARCH__)
    return __shfl_sync(group_mask(), v, src, L);
#elif defined(__HIP_DEVICE_COMPILE__)
    return __shfl(v, src, L);
#else
    (void)src;
    return v;
#endif
  }

 private:
#if defined(__CUDA_ARCH__)
  // The group's lanes within the warp (a CUDA shuffle names the lanes that take part).
  KOKKOS_FORCEINLINE_FUNCTION static unsigned group_mask() {
    const unsigned first = (threadIdx.y * blockDim.x + threadIdx.x) % 32u - threadIdx.x;
    return L >= 32 ? 0xffffffffu : ((1u << L) - 1u) << first;
  }
#endif
};

}  // namespace Impl
}  // namespace kode

#endif  // KODE_LANEGROUP_HPP
