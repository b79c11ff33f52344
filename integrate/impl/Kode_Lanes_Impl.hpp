/// \file Kode_Lanes_Impl.hpp
/// \brief W trajectories advanced together by one CPU thread, one per SIMD lane (`kode::Pack`):
/// the stages and the right-hand side are evaluated for all lanes at once, each lane keeps its own
/// step size, accept/reject, stops, saves, statistics and return code.
///
/// The rules are those of the one-at-a-time loop (Kode_Integrate_Impl.hpp), applied lane by lane
/// with the same scalar functions (`StepControl`, `save_position`, `pass_stops`, `initial_dt`),
/// and every lane's arithmetic is the scalar path's: a lane's answer is that trajectory's answer
/// from `integrate`, bit for bit (unit_tests/tstLanes.hpp). Each thread's lanes take trajectories
/// from one queue for the whole ensemble (`share.claim`, an atomic counter). With adaptive steps a
/// lane whose trajectory is done (or failed) hands it in and takes the next unstarted one, so that
/// the lanes stay busy until the queue is empty; only then does a lane idle (computing with a zero
/// step, its results not used) until its thread's last trajectories are done. (Before, a block of
/// W waited for its slowest lane: 19 trajectories of 1,003 ending MaxIters held 7 finished lanes
/// each, and the packs were 4.8x slower than one trajectory at a time; issue 32.) With fixed steps
/// the lanes share one clock, so a thread takes blocks of W, each run until its last lane is done
/// (lanes end early only by failing).
///
/// Scope: explicit Runge–Kutta methods (their stepper is a set of stage vectors and never fails),
/// systems that declare `vectorizable`, no callbacks (`lanes_supported`); everything else runs one
/// trajectory at a time.
#ifndef KODE_LANES_IMPL_HPP
#define KODE_LANES_IMPL_HPP

#include "Kode_Pack.hpp"
#include "Kode_RungeKutta.hpp"
#include "impl/Kode_Integrate_Impl.hpp"

#include <type_traits>

namespace kode {
namespace Impl {

/// Trajectories held by the lanes of one CPU thread: 8, the measuring stick's choice
/// (`lanes_tsit5_lorenz`): 2–4 vector registers per value at SSE2/AVX2 widths, enough independent
/// chains to hide the FMA latency, and a block's state (Tsit5 on Lorenz, 8 lanes: 2 KB) in L1.
inline constexpr int host_lanes = 8;

/// Whether `System` declares `static constexpr bool vectorizable = true`.
template <class S, class = void>
struct is_vectorizable : std::false_type {};
template <class S>
struct is_vectorizable<S, std::void_t<decltype(S::vectorizable)>> : std::bool_constant<bool(S::vectorizable)> {};

/// Whether `Stepper` is the explicit Runge–Kutta stepper (a set of stage vectors; never fails).
template <class Stepper>
struct is_explicit_rk_stepper : std::false_type {};
template <class Tab, class T, int N>
struct is_explicit_rk_stepper<ExplicitRKStepper<Tab, T, N>> : std::true_type {};

/// Whether a solve of `System` with `Alg` and `Callbacks` can take the lane path on a host backend.
template <class Alg, class System, class Callbacks>
inline constexpr bool lanes_supported_v =
    is_vectorizable<System>::value&& is_explicit_rk_stepper<typename Alg::template stepper<double, 1>>::value&&
        Callbacks::size == 0;

/// Lane `l` of a vector of packs.
template <class T, int W, int N>
KOKKOS_FORCEINLINE_FUNCTION Vec<T, N> lane(const Vec<Pack<T, W>, N>& x, const int l) {
  Vec<T, N> y;
  for (int c = 0; c < N; ++c) y[c] = x[c][l];
  return y;
}

/// `dst` ← `src` in the lanes where `take[l]`, for a stepper (or any aggregate) made of packs only.
template <class T, int W, class S>
KOKKOS_FORCEINLINE_FUNCTION void take_lanes(S& dst, const S& src, const bool (&take)[W]) {
  static_assert(
      std::is_trivially_copyable<S>::value && std::is_standard_layout<S>::value && sizeof(S) % sizeof(Pack<T, W>) == 0,
      "kode: the lane path needs a stepper whose state is packs only");
  Pack<T, W>* d       = reinterpret_cast<Pack<T, W>*>(&dst);
  const Pack<T, W>* s = reinterpret_cast<const Pack<T, W>*>(&src);
  for (int k = 0; k < int(sizeof(S) / sizeof(Pack<T, W>)); ++k)
    for (int l = 0; l < W; ++l) d[k].v[l] = take[l] ? s[k].v[l] : d[k].v[l];
}

/// \brief Integrates trajectories first … end − 1 from t0 to tf in the W lanes (with adaptive
/// steps each lane then takes the queue's next trajectory as its own is done, `share.claim(1)`). A
/// lane without a trajectory (fewer than W left) is padding: computed, never written.
/// `share.load(i, u, p, l)` puts trajectory i's initial state and parameters in lane l (`Share::N`
/// and `Share::NP` are their sizes),
/// `share.save(i, s, u)` and `share.finish(i, rc, t, u, stats)` write trajectory i's results.
/// Semantics: those of `integrate`.
template <class Alg, bool Adaptive, bool Dense, class System, class T, int W, int N, int NP, class Share>
struct LaneTrajectories {
  using P       = Pack<T, W>;
  using VP      = Vec<P, N>;
  using V       = Vec<T, N>;
  using Stepper = typename Alg::template stepper<P, N>;
  using Control = StepControl<T, Alg::order>;

  const System& sys;
  const LoopOptions<T>& o;
  const TimeList<T>& saveat;
  const Share& share;
  const T t0, tf, tdir;
  const BoundRhs<System, Vec<P, NP>> f;
  const TimeList<T>& tstops;
  int traj[W];       // the trajectory in each lane (−1: padding)
  bool more = true;  // whether the queue may still hold unstarted trajectories

  VP u;
  Stepper stepper;
  Stats pst;  // what the stepper counts for the whole pack; each lane that took part adds the difference
  Control control[W];
  Clock<T> clk[W];
  TimeCursor<T> save[W], stop[W];
  Stats st[W];
  ReturnCode rc[W];

  KOKKOS_FORCEINLINE_FUNCTION T never() const { return tdir * FloatTraits<T>::infinity(); }

  /// Loads trajectories first … first + W − 1 of [first, end) into the lanes (a lane past `end`
  /// holds a copy of the first: padding), their parameters into `p`.
  KOKKOS_FORCEINLINE_FUNCTION LaneTrajectories(const System& sys_, const LoopOptions<T>& o_, const TimeList<T>& saveat_,
                                               const TimeList<T>& tstops_, const Share& share_, const int first,
                                               const int end, const T t0_, const T tf_, Vec<P, NP>& p)
      : sys(sys_),
        o(o_),
        saveat(saveat_),
        share(share_),
        t0(t0_),
        tf(tf_),
        tdir(tf_ > t0_ ? T(1) : T(-1)),
        f{sys_, p},
        tstops(tstops_) {
    for (int l = 0; l < W; ++l) {
      traj[l] = first + l < end ? first + l : -1;
      share.load(traj[l] >= 0 ? traj[l] : first, u, p, l);
      reset(l);
    }
  }

  /// Lane l's bookkeeping at t0.
  KOKKOS_FORCEINLINE_FUNCTION void reset(const int l) {
    control[l] = Control(t0, tf, o.dtmin, o.dtmax);
    clk[l]     = Clock<T>(t0);
    save[l]    = TimeCursor<T>(saveat, never());
    stop[l]    = TimeCursor<T>(tstops, tf);
    st[l]      = Stats{};
    rc[l]      = ReturnCode::Success;
  }

  /// The lanes that run: real trajectories whose integration goes on.
  KOKKOS_FORCEINLINE_FUNCTION bool running(const int l) const { return traj[l] >= 0 && rc[l] == ReturnCode::Success; }

  /// The saves at t0 and the stops passed there, for lane l.
  KOKKOS_FORCEINLINE_FUNCTION void saves_at_t0(const int l) {
    while (save[l].next == t0) {
      share.save(traj[l], save[l].index, lane(u, l));
      save[l].advance(never());
    }
    pass_stops(stop[l], clk[l], tdir, tf);
  }

  // Every lane that `took` part in a stepper call counts its evaluations.
  template <class Call>
  KOKKOS_FORCEINLINE_FUNCTION void counted(const bool (&took)[W], const Call& call) {
    const int nf0 = pst.nf;
    call();
    for (int l = 0; l < W; ++l)
      if (took[l]) st[l].nf += pst.nf - nf0;
  }

  /// As Trajectory::start, per lane; one evaluation of f for the pack.
  KOKKOS_FORCEINLINE_FUNCTION void start() {
    bool real[W];
    for (int l = 0; l < W; ++l) {
      real[l] = traj[l] >= 0;
      if (real[l]) saves_at_t0(l);
    }
    counted(real, [&] { stepper.initialize(f, u, P(t0), pst); });
    for (int l = 0; l < W; ++l)
      if (real[l] && !all_finite(lane(u, l))) rc[l] = ReturnCode::Unstable;
  }

  /// The saves in the accepted steps of the lanes `acc` (as `save_in_step` for each: from (t[l],
  /// u) by h[l] to (t_end[l], unew)); the interior ones by one pack interpolation per round, each
  /// lane at its own θ.
  KOKKOS_FORCEINLINE_FUNCTION void save_lanes(const bool (&acc)[W], const Clock<T> (&t)[W], const T (&h)[W],
                                              const Clock<T> (&t_end)[W], const VP& unew) {
    for (;;) {
      bool pending[W];
      bool any = false;
      P tp, hp, th;
      for (int l = 0; l < W; ++l) {
        pending[l] = false;
        tp[l] = clk[l].hi, hp[l] = T(0), th[l] = T(1);  // the padding of lanes without a save
        if (!acc[l]) continue;
        for (;;) {
          const SaveAt where = save_position<!Adaptive>(save[l].next, tdir, t_end[l], h[l], true);
          if (where == SaveAt::None) break;
          if (!Dense || where == SaveAt::End) {
            share.save(traj[l], save[l].index, lane(unew, l));
            save[l].advance(never());
            continue;
          }
          pending[l] = any = true;
          tp[l] = t[l].hi, hp[l] = h[l], th[l] = t[l].until(save[l].next) / h[l];
          break;
        }
      }
      if constexpr (Dense) {
        if (!any) return;
        VP y;
        counted(pending, [&] { y = stepper.interpolate(f, tp, u, unew, hp, th, pst); });
        for (int l = 0; l < W; ++l) {
          if (!pending[l]) continue;
          share.save(traj[l], save[l].index, lane(y, l));
          save[l].advance(never());
        }
      } else {
        (void)any;
        return;
      }
    }
  }

  /// Lane l's first step: `o.dt`, or Hairer's guess with the scalar right-hand side and the lane's
  /// parameters (two evaluations of f, counted even where the state is not finite, as `integrate`).
  KOKKOS_FORCEINLINE_FUNCTION void first_step(const int l) {
    T dt0 = o.dt;
    if (!(dt0 > T(0))) {
      Vec<T, NP> pl = lane(f.p, l);
      const BoundRhs<System, Vec<T, NP>> fl{sys, pl};
      const V ul = lane(u, l);
      V f0;
      fl(f0, ul, t0);
      dt0 = initial_dt(fl, ul, f0, t0, tdir, o.abstol, o.reltol, Alg::order, o.dtmax);
      st[l].nf += 2;
    }
    control[l].start(dt0);
  }

  /// The lanes `took` hand in their trajectories and take trajectories `next`: each starts as the
  /// first W did (`reset`, `start`, `first_step`); the other lanes keep their stepper state.
  KOKKOS_FORCEINLINE_FUNCTION void take_next(const bool (&took)[W], const int (&next)[W], int (&iters_left)[W]) {
    for (int l = 0; l < W; ++l) {
      if (!took[l]) continue;
      finish_lane(l);
      traj[l] = next[l];
      share.load(traj[l], u, f.p, l);
      reset(l);
      saves_at_t0(l);
    }
    const Stepper before = stepper;
    counted(took, [&] { stepper.initialize(f, u, P(t0), pst); });
    bool keep[W];
    for (int l = 0; l < W; ++l) keep[l] = !took[l];
    take_lanes<T, W>(stepper, before, keep);
    for (int l = 0; l < W; ++l) {
      if (!took[l]) continue;
      if (!all_finite(lane(u, l))) rc[l] = ReturnCode::Unstable;
      iters_left[l] = o.maxiters;
      first_step(l);
    }
  }

  /// As Trajectory::run_adaptive, lane by lane; one pack step per round for the lanes not done. A
  /// lane whose trajectory is done takes the queue's next one at the start of a round.
  KOKKOS_FORCEINLINE_FUNCTION void run_adaptive() {
    int iters_left[W];
    for (int l = 0; l < W; ++l) {
      iters_left[l] = o.maxiters;
      if (traj[l] >= 0) first_step(l);
    }
    for (;;) {
      if (more) {
        bool took[W];
        int next[W];
        bool any_took = false;
        for (int l = 0; l < W; ++l) {
          took[l] = false;
          if (!more || traj[l] < 0 || (running(l) && !clk[l].at(tf))) continue;
          next[l]  = share.claim(1);
          more     = next[l] < share.size();
          took[l]  = more;
          any_took = any_took || more;
        }
        if (any_took) take_next(took, next, iters_left);
      }
      bool act[W];
      bool any = false;
      StepProposal<T> prop[W];
      P tp, hp;
      for (int l = 0; l < W; ++l) {
        act[l] = running(l) && !clk[l].at(tf);
        if (act[l] && iters_left[l]-- == 0) {
          rc[l]  = ReturnCode::MaxIters;
          act[l] = false;
        }
        tp[l] = clk[l].hi, hp[l] = T(0);
        if (!act[l]) continue;
        prop[l] = control[l].propose(tdir * clk[l].until(stop[l].next));
        hp[l]   = prop[l].h;
        any     = true;
      }
      if (!any) {
        if (more) continue;  // (every lane's new trajectory failed at t0)
        return;
      }
      VP unew, err;
      counted(act, [&] { stepper.template step<true>(f, u, tp, hp, unew, err, pst); });  // explicit: never fails
      const P eest = error_norm(err, u, unew, P(o.abstol), P(o.reltol));
      bool acc[W];
      bool all = true;
      Clock<T> t[W], tnew[W];
      T h[W];
      P tn;
      for (int l = 0; l < W; ++l) {
        acc[l] = false;
        tn[l]  = clk[l].hi;
        if (!act[l]) continue;
        const T e = eest[l];
        if (!Control::acceptable(StepStatus::Ok, e)) {
          if (control[l].reject(prop[l], StepStatus::Ok, e, clk[l].hi, rc[l])) ++st[l].nreject;
          all = false;
          continue;
        }
        if (!all_finite(lane(unew, l))) {
          rc[l] = ReturnCode::Unstable;
          all   = false;
          continue;
        }
        ++st[l].naccept;
        control[l].accept(prop[l], e, clk[l].hi, rc[l]);
        t[l] = tnew[l] = clk[l];
        if (prop[l].land) {
          tnew[l].set(stop[l].next);
        } else {
          tnew[l].advance(prop[l].h);
        }
        h[l]   = prop[l].h;
        tn[l]  = tnew[l].hi;
        acc[l] = true;
      }
      commit(acc, all, t, h, tnew, tn, unew);
      for (int l = 0; l < W; ++l)
        if (acc[l] && prop[l].land) pass_stops(stop[l], clk[l], tdir, tf);
    }
  }

  // The accepted steps of the lanes `acc` (all of the running ones when `all`): saves (unless
  // `MaySave` is false, as in Trajectory::commit), state, clock, stepper (the other lanes keep
  // their stepper state: a rejected lane's first stage).
  template <bool MaySave = true>
  KOKKOS_FORCEINLINE_FUNCTION void commit(const bool (&acc)[W], const bool all, const Clock<T> (&t)[W], const T (&h)[W],
                                          const Clock<T> (&tnew)[W], const P& tn, const VP& unew) {
    if constexpr (MaySave) save_lanes(acc, t, h, tnew, unew);
    for (int c = 0; c < N; ++c)
      for (int l = 0; l < W; ++l) u[c][l] = acc[l] ? unew[c][l] : u[c][l];
    for (int l = 0; l < W; ++l)
      if (acc[l]) clk[l] = tnew[l];
    if (all) {
      counted(acc, [&] { stepper.accept(f, u, tn, pst); });
    } else {
      const Stepper before = stepper;
      counted(acc, [&] { stepper.accept(f, u, tn, pst); });
      bool keep[W];
      for (int l = 0; l < W; ++l) keep[l] = !acc[l];
      take_lanes<T, W>(stepper, before, keep);
    }
  }

  /// As Trajectory::run_fixed: every running lane is at the same time (fixed steps from the same
  /// t0 and stops), so the steps' times are computed once; a lane whose state stops being finite
  /// ends `Unstable` at its last finite state and time, like the one-at-a-time path's replay.
  KOKKOS_FORCEINLINE_FUNCTION void run_fixed() {
    const T sdt      = tdir * o.dt;
    int iters_left   = o.maxiters;
    Clock<T> now     = clk[0];   // the running lanes' common clock
    TimeCursor<T> s  = stop[0];  // and their common stop cursor
    auto any_running = [&] {
      bool a = false;
      for (int l = 0; l < W; ++l) a = a || running(l);
      return a;
    };
    // One fixed step from `from` (time `tk`, size `hk`) to `to`: the lanes still finite take it. A
    // lane that fails ends at `from`, as the one-at-a-time path does, which finds that state by
    // replaying its group of unchecked steps (`Group`): then the time is the block's start plus k
    // steps, and the replay's restart of the stepper is one more evaluation of f, counted here too.
    auto one_step = [&](auto group, const T tk, const T hk, const Clock<T>& from, const Clock<T>& to,
                        const Clock<T>& block, const int k) {
      constexpr bool Group = decltype(group)::value;
      VP unew, err;
      bool act[W], acc[W];
      for (int l = 0; l < W; ++l) act[l] = running(l);
      counted(act, [&] { stepper.template step<false>(f, u, P(tk), P(hk), unew, err, pst); });
      Clock<T> t[W], tnew[W];
      T h[W];
      for (int l = 0; l < W; ++l) {
        acc[l] = act[l] && all_finite(lane(unew, l));
        t[l] = from, tnew[l] = to, h[l] = hk;
        if (act[l] && !acc[l]) {
          rc[l]  = ReturnCode::Unstable;
          clk[l] = from;
          if constexpr (Group) {
            clk[l] = block;
            clk[l].advance(T(k), sdt);
            ++st[l].nf;
          }
        }
        if (acc[l]) ++st[l].naccept;
      }
      // (a lane that failed is never read again: no stepper state to keep)
      commit<Group ? Dense : true>(acc, true, t, h, tnew, P(to.hi), unew);
    };
    while (any_running() && !now.at(tf)) {
      const T target       = s.next;
      const Clock<T> block = now;
      const T nsteps       = Control::fixed_steps(tdir * now.until(target), o.dt);
      const bool reaches   = nsteps <= T(iters_left);
      const int todo       = reaches ? int(nsteps) : iters_left;
      const int nfull      = reaches ? todo - 1 : todo;
      Clock<T> c           = block;
      for (int k = 0; k < nfull && any_running(); ++k) {
        Clock<T> cn = c;
        cn.advance(sdt);
        one_step(std::true_type{}, block.hi + (block.lo + T(k) * sdt), sdt, c, cn, block, k);
        c = cn;
      }
      iters_left -= nfull;
      now = block;
      now.advance(T(nfull), sdt);
      for (int l = 0; l < W; ++l)
        if (running(l)) clk[l] = now;
      if (!any_running()) break;
      if (!reaches) {
        for (int l = 0; l < W; ++l)
          if (running(l)) rc[l] = ReturnCode::MaxIters;
        break;
      }
      one_step(std::false_type{}, now.hi, now.until(target), now, Clock<T>(target), block, 0);
      --iters_left;
      now = Clock<T>(target);
      pass_stops(s, now, tdir, tf);
      for (int l = 0; l < W; ++l) stop[l] = s;
    }
  }

  /// As Trajectory::finish, for lane l's trajectory.
  KOKKOS_FORCEINLINE_FUNCTION void finish_lane(const int l) {
    for (int k = save[l].index; k < saveat.size; ++k) share.save(traj[l], k, V::constant(FloatTraits<T>::nan()));
    share.finish(traj[l], rc[l], clk[l].hi, lane(u, l), st[l]);
  }

  /// As Trajectory::finish, for every lane's trajectory.
  KOKKOS_FORCEINLINE_FUNCTION void finish() {
    for (int l = 0; l < W; ++l)
      if (traj[l] >= 0) finish_lane(l);
  }
};

/// \brief One thread's part of the lane path (see `LaneTrajectories`): trajectories from the
/// queue `share` until it is empty — with adaptive steps as one set of lanes that take the next
/// trajectory as they come free, with fixed steps as blocks of W.
template <class Alg, bool Adaptive, bool Dense, int W, class System, class T, class Share>
KOKKOS_FUNCTION void integrate_lanes(const System& sys, const Share& share, const T t0, const T tf,
                                     const LoopOptions<T>& o, const TimeList<T>& saveat, const TimeList<T>& tstops) {
  constexpr int NP = Share::NP;
  using Lanes      = LaneTrajectories<Alg, Adaptive, Dense, System, T, W, Share::N, NP, Share>;
  const int n      = share.size();
  for (;;) {
    const int first = share.claim(W);
    if (first >= n) return;
    const int end = n - first < W ? n : first + W;
    Vec<Pack<T, W>, NP> p;
    Lanes lanes(sys, o, saveat, tstops, share, first, end, t0, tf, p);
    lanes.start();
    if constexpr (Adaptive) {
      lanes.run_adaptive();  // (takes trajectories until the queue is empty)
    } else {
      lanes.run_fixed();
    }
    lanes.finish();
  }
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_LANES_IMPL_HPP
