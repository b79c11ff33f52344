/// \file Kode_EnsembleKernel_Impl.hpp
/// \brief The `EnsembleKernel` launch: a TeamPolicy in which each thread integrates one trajectory.
#ifndef KODE_ENSEMBLEKERNEL_IMPL_HPP
#define KODE_ENSEMBLEKERNEL_IMPL_HPP

#include "Kode_EnsembleAlgorithms.hpp"
#include "Kode_EnsembleProblem.hpp"
#include "Kode_EnsembleSolution.hpp"
#include "impl/Kode_Integrate_Impl.hpp"
#include "impl/Kode_Lanes_Impl.hpp"

#include <string>

namespace kode {
namespace Impl {

/// Where one trajectory's results go (row `i` of the solution Views).
template <class Solution, int N>
struct TrajectoryOutput {
  using T = typename Solution::value_type;
  const Solution& sol;
  const int i;
  int nevents = 0;
  KOKKOS_FORCEINLINE_FUNCTION void record_event(const T t, const int which) {
    if (nevents < int(sol.event_t.extent(1))) {
      sol.event_t(i, nevents)     = t;
      sol.event_index(i, nevents) = which;
    }
    ++nevents;
  }
  KOKKOS_FORCEINLINE_FUNCTION void save(const int s, const Vec<T, N>& u) {
    for (int c = 0; c < N; ++c) sol.u(i, s, c) = u[c];
  }
  KOKKOS_FORCEINLINE_FUNCTION void finish(const ReturnCode rc, const T t, const Vec<T, N>& u, const Stats& st) {
    sol.retcode(i) = rc;
    sol.stats(i)   = st;
    sol.t_final(i) = t;
    for (int c = 0; c < N; ++c) sol.u_final(i, c) = u[c];
    if (sol.event_count.extent(0) > 0) {
      sol.event_count(i) = nevents;
      for (int k = nevents; k < int(sol.event_t.extent(1)); ++k) {
        sol.event_t(i, k)     = FloatTraits<T>::nan();
        sol.event_index(i, k) = -1;
      }
    }
  }
};

/// Kernel body: league rank r handles trajectories [r*chunk, (r+1)*chunk), one per team thread.
template <class Alg, bool Adaptive, bool Dense, class ExecutionSpace, class Problem, class Solution, class TimesView,
          class Callbacks>
struct EnsembleKernelFunctor {
  using T                 = typename Problem::value_type;
  using member_type       = typename Kokkos::TeamPolicy<ExecutionSpace>::member_type;
  static constexpr int N  = Problem::dim;
  static constexpr int NP = Problem::num_params;

  Problem prob;
  Solution sol;
  TimesView saveat, tstops;
  LoopOptions<T> opts;
  Callbacks callbacks;
  int ntraj;
  int chunk;
  bool use_scratch;  // copy saveat/tstops into team scratch (GPUs) or read them in place (hosts)

  KOKKOS_FUNCTION void operator()(const member_type& m) const {
    TimeList<T> save{saveat.data(), int(saveat.extent(0))};
    TimeList<T> stops{tstops.data(), int(tstops.extent(0))};
    if (use_scratch) {
      const int ns = save.size, nt = stops.size;
      T* s = static_cast<T*>(m.team_scratch(0).get_shmem(sizeof(T) * (ns + nt)));
      Kokkos::parallel_for(Kokkos::TeamThreadRange(m, ns + nt),
                           [&](const int k) { s[k] = k < ns ? saveat(k) : tstops(k - ns); });
      m.team_barrier();
      save.data  = s;
      stops.data = s + ns;
    }
    const int first = m.league_rank() * chunk;
    Kokkos::parallel_for(Kokkos::TeamThreadRange(m, chunk), [&](const int j) {
      const int i = first + j;
      if (i < ntraj) run(i, save, stops);
    });
  }

  KOKKOS_FUNCTION void run(const int i, const TimeList<T>& save, const TimeList<T>& stops) const {
    Vec<T, N> u;
    for (int c = 0; c < N; ++c) u[c] = T(prob.u0(i, c));
    Vec<T, NP> p;
    for (int k = 0; k < NP; ++k) p[k] = T(prob.p(i, k));
    const BoundRhs<typename Problem::system_type, Vec<T, NP>> rhs{prob.f, p};
    TrajectoryOutput<Solution, N> out{sol, i};
    integrate<Alg, Adaptive, Dense>(rhs, u, prob.tspan.first, prob.tspan.second, opts, save, stops, out, callbacks);
  }
};

/// Where the results of a block of lanes go: lane l is trajectory `first + l`.
template <class Solution, int N>
struct BlockOutput {
  using T = typename Solution::value_type;
  const Solution& sol;
  const int first;
  KOKKOS_FORCEINLINE_FUNCTION void save(const int l, const int s, const Vec<T, N>& u) const {
    TrajectoryOutput<Solution, N>{sol, first + l}.save(s, u);
  }
  KOKKOS_FORCEINLINE_FUNCTION void finish(const int l, const ReturnCode rc, const T t, const Vec<T, N>& u,
                                          const Stats& st) const {
    TrajectoryOutput<Solution, N>{sol, first + l}.finish(rc, t, u, st);
  }
};

/// Kernel body of the lane path (host backends): index b integrates trajectories [b W, b W + W) in
/// the W lanes of one thread (Kode_Lanes_Impl.hpp). A short last block pads its lanes with copies
/// of its first trajectory, computed and not written.
template <class Alg, bool Adaptive, bool Dense, class Problem, class Solution, class TimesView>
struct EnsembleLanesFunctor {
  using T                 = typename Problem::value_type;
  static constexpr int W  = host_lanes;
  static constexpr int N  = Problem::dim;
  static constexpr int NP = Problem::num_params;

  Problem prob;
  Solution sol;
  TimesView saveat, tstops;
  LoopOptions<T> opts;
  int ntraj;

  KOKKOS_FUNCTION void operator()(const int b) const {
    const int first  = b * W;
    const int nlanes = ntraj - first < W ? ntraj - first : W;
    Vec<Pack<T, W>, N> u;
    Vec<Pack<T, W>, NP> p;
    for (int l = 0; l < W; ++l) {
      const int i = first + (l < nlanes ? l : 0);
      for (int c = 0; c < N; ++c) u[c][l] = T(prob.u0(i, c));
      for (int k = 0; k < NP; ++k) p[k][l] = T(prob.p(i, k));
    }
    const TimeList<T> save{saveat.data(), int(saveat.extent(0))};
    const TimeList<T> stops{tstops.data(), int(tstops.extent(0))};
    const BlockOutput<Solution, N> out{sol, first};
    integrate_lanes<Alg, Adaptive, Dense>(prob.f, u, p, nlanes, prob.tspan.first, prob.tspan.second, opts, save, stops,
                                          out);
  }
};

/// Launches the kernel on `exec` (asynchronously).
template <class Alg, bool Adaptive, bool Dense, class ExecutionSpace, class Problem, class Solution, class TimesView,
          class Callbacks>
void launch_ensemble_kernel(const ExecutionSpace& exec, const EnsembleKernel& ens, const Problem& prob,
                            const Solution& sol, const TimesView& saveat, const TimesView& tstops,
                            const LoopOptions<typename Problem::value_type>& opts, const Callbacks& callbacks) {
  using T       = typename Problem::value_type;
  using Functor = EnsembleKernelFunctor<Alg, Adaptive, Dense, ExecutionSpace, Problem, Solution, TimesView, Callbacks>;
  using Policy  = Kokkos::TeamPolicy<ExecutionSpace, Kokkos::Schedule<Kokkos::Dynamic>,
                                    typename EnsembleLaunchBounds<ExecutionSpace>::type>;
  const int n   = int(prob.size());
  constexpr bool on_host =
      Kokkos::SpaceAccessibility<Kokkos::HostSpace, typename ExecutionSpace::memory_space>::accessible;
  const std::string label = std::string("kode::solve[") + Alg::name + "," + EnsembleKernel::name + "]";
  if constexpr (on_host && lanes_supported_v<Alg, typename Problem::system_type, Callbacks>) {
    if (ens.simd) {
      using Lanes      = EnsembleLanesFunctor<Alg, Adaptive, Dense, Problem, Solution, TimesView>;
      const int blocks = (n + host_lanes - 1) / host_lanes;
      // (the label says which path ran: a profile, and the tests, can tell)
      Kokkos::parallel_for(label.substr(0, label.size() - 1) + ",simd" + std::to_string(host_lanes) + "]",
                           Kokkos::RangePolicy<ExecutionSpace, Kokkos::Schedule<Kokkos::Dynamic>>(exec, 0, blocks),
                           Lanes{prob, sol, saveat, tstops, opts, n});
      return;
    }
  }
  const std::size_t times_bytes = sizeof(T) * (saveat.extent(0) + tstops.extent(0));
  // Scratch pays on GPUs (one global read per team instead of one per thread and step); 16 KiB keeps
  // enough of the shared memory free for several teams per multiprocessor.
  const bool use_scratch = !on_host && times_bytes <= 16384;
  Functor functor{prob, sol, saveat, tstops, opts, callbacks, n, 1, use_scratch};
  int team_size;
  if (on_host) {
    team_size     = 1;
    functor.chunk = 8;  // a few trajectories per team keeps the dynamic schedule's overhead small
  } else {
    Policy probe(exec, 1, Kokkos::AUTO);
    if (use_scratch) probe.set_scratch_size(0, Kokkos::PerTeam(times_bytes));
    const int max_ts = probe.team_size_max(functor, Kokkos::ParallelForTag());
    team_size        = ens.team_size > 0 ? ens.team_size : 128;
    if (team_size > max_ts) team_size = max_ts;
    functor.chunk = team_size;
  }
  const int league = (n + functor.chunk - 1) / functor.chunk;
  Policy policy(exec, league, team_size);
  if (use_scratch) policy.set_scratch_size(0, Kokkos::PerTeam(times_bytes));
  Kokkos::parallel_for(label, policy, functor);
}

/// The `EnsembleKernel` launcher called by `kode::solve`: one kernel per combination of adaptive
/// or fixed step and with or without save times inside steps (an empty saveat saves at t0 and tf
/// only, which are step ends, so no dense output is compiled in).
template <class ExecutionSpace, class Alg, class Problem, class Solution, class TimesView, class Callbacks>
void launch(const ExecutionSpace& exec, const EnsembleKernel& ens, const Alg&, const Problem& prob, const Solution& sol,
            const TimesView& saveat, const TimesView& tstops, const LoopOptions<typename Problem::value_type>& opts,
            const bool adaptive, const bool interior_saves, const Callbacks& callbacks) {
  if constexpr (Alg::has_error_est) {
    if (adaptive) {
      if (interior_saves) {
        launch_ensemble_kernel<Alg, true, true>(exec, ens, prob, sol, saveat, tstops, opts, callbacks);
      } else {
        launch_ensemble_kernel<Alg, true, false>(exec, ens, prob, sol, saveat, tstops, opts, callbacks);
      }
      return;
    }
  }
  // fixed step (kode::solve rejected adaptive stepping for a method without an error estimate)
  if (interior_saves) {
    launch_ensemble_kernel<Alg, false, true>(exec, ens, prob, sol, saveat, tstops, opts, callbacks);
  } else {
    launch_ensemble_kernel<Alg, false, false>(exec, ens, prob, sol, saveat, tstops, opts, callbacks);
  }
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_ENSEMBLEKERNEL_IMPL_HPP
