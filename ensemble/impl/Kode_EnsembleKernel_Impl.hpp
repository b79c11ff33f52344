/// \file Kode_EnsembleKernel_Impl.hpp
/// \brief The `EnsembleKernel` launch: a TeamPolicy in which each thread integrates one trajectory.
#ifndef KODE_ENSEMBLEKERNEL_IMPL_HPP
#define KODE_ENSEMBLEKERNEL_IMPL_HPP

#include "Kode_Assert.hpp"
#include "Kode_EnsembleAlgorithms.hpp"
#include "Kode_EnsembleProblem.hpp"
#include "Kode_EnsembleSolution.hpp"
#include "impl/Kode_Integrate_Impl.hpp"
#include "impl/Kode_LaneGroup_Impl.hpp"
#include "impl/Kode_Lanes_Impl.hpp"

#include <string>

namespace kode {
namespace Impl {

/// Where one trajectory's results go (row `i` of the solution Views). In a lane group each lane
/// writes its own components and the leader the scalars.
template <class Solution, class Group>
struct TrajectoryOutput {
  using T                = typename Solution::value_type;
  static constexpr int N = Group::dim, M = Group::local_dim;
  const Solution& sol;
  const int i;
  const Group group;
  int nevents = 0;
  KOKKOS_FORCEINLINE_FUNCTION void record_event(const T t, const int which) {
    if (group.leader() && nevents < int(sol.event_t.extent(1))) {
      sol.event_t(i, nevents)     = t;
      sol.event_index(i, nevents) = which;
    }
    ++nevents;
  }
  KOKKOS_FORCEINLINE_FUNCTION void save(const int s, const Vec<T, M>& u) {
    for (int j = 0; j < M; ++j)
      if (group.component(j) < N) sol.u(i, s, group.component(j)) = u[j];
  }
  KOKKOS_FORCEINLINE_FUNCTION void finish(const ReturnCode rc, const T t, const Vec<T, M>& u, const Stats& st) {
    for (int j = 0; j < M; ++j)
      if (group.component(j) < N) sol.u_final(i, group.component(j)) = u[j];
    if (!group.leader()) return;
    sol.retcode(i) = rc;
    sol.stats(i)   = st;
    sol.t_final(i) = t;
    if (sol.event_count.extent(0) > 0) {
      sol.event_count(i) = nevents;
      for (int k = nevents; k < int(sol.event_t.extent(1)); ++k) {
        sol.event_t(i, k)     = FloatTraits<T>::nan();
        sol.event_index(i, k) = -1;
      }
    }
  }
};

/// Kernel body: league rank r handles trajectories [r*chunk, (r+1)*chunk), one per team thread —
/// held by the thread alone (`Lanes` = 1), or by its `Lanes` vector lanes as a lane group
/// (GPUs; Kode_LaneGroup.hpp).
template <class Alg, bool Adaptive, bool Dense, class ExecutionSpace, class Problem, class Solution, class TimesView,
          class Callbacks, int Lanes = 1>
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
    Vec<T, NP> p;
    for (int k = 0; k < NP; ++k) p[k] = T(prob.p(i, k));
    if constexpr (Lanes == 1) {
      Vec<T, N> u;
      for (int c = 0; c < N; ++c) u[c] = T(prob.u0(i, c));
      const BoundRhs<typename Problem::system_type, Vec<T, NP>> rhs{prob.f, p};
      TrajectoryOutput<Solution, SoloLane<T, N>> out{sol, i, SoloLane<T, N>{}};
      integrate<Alg, Adaptive, Dense>(rhs, u, prob.tspan.first, prob.tspan.second, opts, save, stops, out, callbacks);
    } else {
      using Group = LaneGroup<T, N, Lanes, WarpExchange<Lanes>>;
      const Group group{};
      Vec<T, Group::local_dim> u;
      for (int j = 0; j < Group::local_dim; ++j) {
        const int c = group.component(j);
        u[j]        = c < N ? T(prob.u0(i, c)) : T(0);
      }
      const GroupRhs<Group, typename Problem::system_type, Vec<T, NP>> rhs{group, prob.f, p};
      TrajectoryOutput<Solution, Group> out{sol, i, group};
      integrate<Alg, Adaptive, Dense>(rhs, u, prob.tspan.first, prob.tspan.second, opts, save, stops, out, callbacks,
                                      group);
    }
  }
};

/// The lane path's queue of trajectories: `claim(k)` takes the next k (an atomic counter shared
/// by the threads; its result may be past the end), lane l of a pack takes trajectory i's initial
/// state and parameters (`load`), and trajectory i's results are written as the one-thread path's.
template <class Problem, class Solution, class Counter>
struct LaneShare {
  using T                 = typename Problem::value_type;
  static constexpr int N  = Problem::dim;
  static constexpr int NP = Problem::num_params;
  const Problem& prob;
  const Solution& sol;
  const Counter& counter;
  const int n;
  KOKKOS_FORCEINLINE_FUNCTION int size() const { return n; }
  KOKKOS_FORCEINLINE_FUNCTION int claim(const int k) const { return Kokkos::atomic_fetch_add(&counter(), k); }
  template <int W>
  KOKKOS_FORCEINLINE_FUNCTION void load(const int i, Vec<Pack<T, W>, N>& u, Vec<Pack<T, W>, NP>& p, const int l) const {
    for (int c = 0; c < N; ++c) u[c][l] = T(prob.u0(i, c));
    for (int k = 0; k < NP; ++k) p[k][l] = T(prob.p(i, k));
  }
  KOKKOS_FORCEINLINE_FUNCTION void save(const int i, const int s, const Vec<T, N>& u) const {
    TrajectoryOutput<Solution, SoloLane<T, N>>{sol, i, SoloLane<T, N>{}}.save(s, u);
  }
  KOKKOS_FORCEINLINE_FUNCTION void finish(const int i, const ReturnCode rc, const T t, const Vec<T, N>& u,
                                          const Stats& st) const {
    TrajectoryOutput<Solution, SoloLane<T, N>>{sol, i, SoloLane<T, N>{}}.finish(rc, t, u, st);
  }
};

/// Kernel body of the lane path (host backends): each index is one thread's worth of lanes, taking
/// trajectories from the queue until it is empty (Kode_Lanes_Impl.hpp).
template <class Alg, bool Adaptive, bool Dense, class Problem, class Solution, class TimesView>
struct EnsembleLanesFunctor {
  using T                = typename Problem::value_type;
  static constexpr int W = host_lanes;
  using Counter          = Kokkos::View<int, Kokkos::HostSpace>;

  Problem prob;
  Solution sol;
  TimesView saveat, tstops;
  LoopOptions<T> opts;
  int ntraj;
  Counter counter;

  KOKKOS_FUNCTION void operator()(const int) const {
    const TimeList<T> save{saveat.data(), int(saveat.extent(0))};
    const TimeList<T> stops{tstops.data(), int(tstops.extent(0))};
    const LaneShare<Problem, Solution, Counter> share{prob, sol, counter, ntraj};
    integrate_lanes<Alg, Adaptive, Dense, W>(prob.f, share, prob.tspan.first, prob.tspan.second, opts, save, stops);
  }
};

/// The TeamPolicy launch of `Functor` on `exec`: `lanes` vector lanes per team thread (1: one
/// thread per trajectory), `ens.team_size` threads per team (default 128, clamped to what the
/// kernel's register use allows), the saveat and tstops times in team scratch where they fit.
template <class Functor, class Policy, class ExecutionSpace>
void launch_team_policy(const ExecutionSpace& exec, const EnsembleKernel& ens, Functor functor, const int lanes,
                        const int n, const std::size_t times_bytes, const std::string& label) {
  constexpr bool on_host =
      Kokkos::SpaceAccessibility<Kokkos::HostSpace, typename ExecutionSpace::memory_space>::accessible;
  int team_size;
  if (on_host) {
    team_size     = 1;
    functor.chunk = 8;  // a few trajectories per team keeps the dynamic schedule's overhead small
  } else {
    Policy probe(exec, 1, Kokkos::AUTO, lanes);
    if (functor.use_scratch) probe.set_scratch_size(0, Kokkos::PerTeam(times_bytes));
    const int max_ts = probe.team_size_max(functor, Kokkos::ParallelForTag());
    // threads (lanes) per team: 128 by default, so a team holds 128 / lanes trajectories
    const int threads = ens.team_size > 0 ? ens.team_size : 128;
    team_size         = threads / lanes > 0 ? threads / lanes : 1;
    if (team_size > max_ts) team_size = max_ts;
    functor.chunk = team_size;
  }
  const int league = (n + functor.chunk - 1) / functor.chunk;
  Policy policy(exec, league, team_size, lanes);
  if (functor.use_scratch) policy.set_scratch_size(0, Kokkos::PerTeam(times_bytes));
  Kokkos::parallel_for(label, policy, functor);
}

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
  // The same check on every backend, so that a program written for a GPU runs on a host one.
  constexpr int gpu_lanes = group_lanes_v<Alg, typename Problem::system_type>;
  KODE_EXPECTS(ens.lanes == 0 || ens.lanes == 1 || ens.lanes == gpu_lanes, "kode::solve",
               "EnsembleKernel::lanes = "
                   << ens.lanes << ": this system and method are compiled for 0 (automatic), 1 (one thread per "
                   << "trajectory)"
                   << (gpu_lanes > 1 ? " or " + std::to_string(gpu_lanes) + " lanes per trajectory" : std::string())
                   << " (a lane group needs `static constexpr int lanes = L;` in the System)");
  if constexpr (on_host && lanes_supported_v<Alg, typename Problem::system_type, Callbacks>) {
    if (ens.simd) {
      using Lanes = EnsembleLanesFunctor<Alg, Adaptive, Dense, Problem, Solution, TimesView>;
      // One work item per thread (no more than there are blocks of lanes), each taking trajectories
      // from the queue; a work item's trajectories are not known in advance, and its results do
      // not depend on which they are (each lane's answer is its trajectory's own).
      const int blocks  = (n + host_lanes - 1) / host_lanes;
      const int threads = int(exec.concurrency());
      const int workers = threads < blocks ? threads : blocks;
      typename Lanes::Counter counter(Kokkos::view_alloc(Kokkos::WithoutInitializing, "kode::lane_queue"));
      counter() = 0;
      // (the label says which path ran: a profile, and the tests, can tell)
      Kokkos::parallel_for(label.substr(0, label.size() - 1) + ",simd" + std::to_string(host_lanes) + "]",
                           Kokkos::RangePolicy<ExecutionSpace, Kokkos::Schedule<Kokkos::Static>>(exec, 0, workers),
                           Lanes{prob, sol, saveat, tstops, opts, n, counter});
      return;
    }
  }
  const std::size_t times_bytes = sizeof(T) * (saveat.extent(0) + tstops.extent(0));
  // Scratch pays on GPUs (one global read per team instead of one per thread and step); 16 KiB keeps
  // enough of the shared memory free for several teams per multiprocessor.
  const bool use_scratch = !on_host && times_bytes <= 16384;
  // A lane group per trajectory where the system asks for one (GPUs only: host backends run one
  // thread per trajectory, or SIMD lanes across trajectories). Only the system's lane count is
  // compiled, beside the one-thread kernel.
  constexpr int L = on_host ? 1 : gpu_lanes;
  if constexpr (L > 1) {
    if (ens.lanes != 1) {
      using Group =
          EnsembleKernelFunctor<Alg, Adaptive, Dense, ExecutionSpace, Problem, Solution, TimesView, Callbacks, L>;
      launch_team_policy<Group, Policy>(exec, ens, Group{prob, sol, saveat, tstops, opts, callbacks, n, 1, use_scratch},
                                        L, n, times_bytes,
                                        label.substr(0, label.size() - 1) + ",lanes" + std::to_string(L) + "]");
      return;
    }
  }
  launch_team_policy<Functor, Policy>(exec, ens, Functor{prob, sol, saveat, tstops, opts, callbacks, n, 1, use_scratch},
                                      1, n, times_bytes, label);
}

/// The `EnsembleKernel` launcher called by `kode::solve` for one loop variant (adaptive or fixed
/// steps, with or without save times inside steps; `Impl::with_variant` chose it, and compiles
/// only the variants the call asked for).
template <bool Adaptive, bool Dense, class ExecutionSpace, class Alg, class Problem, class Solution, class TimesView,
          class Callbacks>
void launch(const ExecutionSpace& exec, const EnsembleKernel& ens, const Alg&, const Problem& prob, const Solution& sol,
            const TimesView& saveat, const TimesView& tstops, const LoopOptions<typename Problem::value_type>& opts,
            const Callbacks& callbacks) {
  launch_ensemble_kernel<Alg, Adaptive, Dense>(exec, ens, prob, sol, saveat, tstops, opts, callbacks);
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_ENSEMBLEKERNEL_IMPL_HPP
