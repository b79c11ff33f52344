/// \file Kode_Lanes_Impl.hpp
/// \brief W trajectories advanced together by one CPU thread, one per SIMD lane (`kode::Pack`):
/// the stages and the right-hand side are evaluated for all lanes at once, each lane keeps its own
/// step size, accept/reject, stops, saves, statistics and return code.
///
/// The rules are those of the one-at-a-time loop (Kode_Integrate_Impl.hpp), applied lane by lane
/// with the same scalar functions (`StepControl`, `save_position`, `pass_stops`, `initial_dt`),
/// and every lane's arithmetic is the scalar path's: a lane's answer is that trajectory's answer
/// from `integrate`, bit for bit (unit_tests/tstLanes.hpp). A lane that is done (or failed) keeps
/// computing with a zero step and its results are not used: a block costs the step count of its
/// slowest lane, which is why neighbouring trajectories (similar parameters) share a block.
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

/// Trajectories per CPU thread in the lane path: 8, the measuring stick's choice
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

/// \brief Integrates the trajectories in lanes 0 … `nlanes` − 1 of `u0`/`p` from t0 to tf (the
/// lanes past `nlanes` are padding: computed, never written). `out.save(l, s, u)` and
/// `out.finish(l, rc, t, u, stats)` write lane l's results. Semantics: those of `integrate`.
template <class Alg, bool Adaptive, bool Dense, class System, class T, int W, int N, int NP, class Outputs>
struct LaneTrajectories {
  using P       = Pack<T, W>;
  using VP      = Vec<P, N>;
  using V       = Vec<T, N>;
  using Stepper = typename Alg::template stepper<P, N>;
  using Control = StepControl<T, Alg::order>;

  const System& sys;
  const LoopOptions<T>& o;
  const TimeList<T>& saveat;
  Outputs& out;
  const int nlanes;
  const T t0, tf, tdir;
  const BoundRhs<System, Vec<P, NP>> f;

  VP u;
  Stepper stepper;
  Stats pst;  // what the stepper counts for the whole pack; each lane that took part adds the difference
  Control control[W];
  Clock<T> clk[W];
  TimeCursor<T> save[W], stop[W];
  Stats st[W];
  ReturnCode rc[W];

  KOKKOS_FORCEINLINE_FUNCTION T never() const { return tdir * FloatTraits<T>::infinity(); }

  KOKKOS_FORCEINLINE_FUNCTION LaneTrajectories(const System& sys_, const LoopOptions<T>& o_, const TimeList<T>& saveat_,
                                               const TimeList<T>& tstops, Outputs& out_, const int nlanes_, const T t0_,
                                               const T tf_, const VP& u0, Vec<P, NP>& p)
      : sys(sys_),
        o(o_),
        saveat(saveat_),
        out(out_),
        nlanes(nlanes_),
        t0(t0_),
        tf(tf_),
        tdir(tf_ > t0_ ? T(1) : T(-1)),
        f{sys_, p},
        u(u0) {
    for (int l = 0; l < W; ++l) {
      control[l] = Control(t0, tf, o.dtmin, o.dtmax);
      clk[l]     = Clock<T>(t0);
      save[l]    = TimeCursor<T>(saveat, never());
      stop[l]    = TimeCursor<T>(tstops, tf);
      rc[l]      = ReturnCode::Success;
    }
  }

  /// The lanes that run: real trajectories whose integration goes on.
  KOKKOS_FORCEINLINE_FUNCTION bool running(const int l) const { return l < nlanes && rc[l] == ReturnCode::Success; }

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
      real[l] = l < nlanes;
      if (!real[l]) continue;
      while (save[l].next == t0) {
        out.save(l, save[l].index, lane(u, l));
        save[l].advance(never());
      }
      pass_stops(stop[l], clk[l], tdir, tf);
    }
    counted(real, [&] { stepper.initialize(f, u, P(t0), pst); });
    for (int l = 0; l < nlanes; ++l)
      if (!all_finite(lane(u, l))) rc[l] = ReturnCode::Unstable;
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
            out.save(l, save[l].index, lane(unew, l));
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
          out.save(l, save[l].index, lane(y, l));
          save[l].advance(never());
        }
      } else {
        (void)any;
        return;
      }
    }
  }

  /// As Trajectory::run_adaptive, lane by lane; one pack step per round for the lanes not done.
  KOKKOS_FORCEINLINE_FUNCTION void run_adaptive() {
    int iters_left[W];
    for (int l = 0; l < W; ++l) {
      iters_left[l] = o.maxiters;
      if (l >= nlanes) continue;
      T dt0 = o.dt;
      if (!(dt0 > T(0))) {  // Hairer's guess, per lane with the scalar right-hand side
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
    for (;;) {
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
      if (!any) return;
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

  /// As Trajectory::finish, per lane.
  KOKKOS_FORCEINLINE_FUNCTION void finish() {
    for (int l = 0; l < nlanes; ++l) {
      for (int k = save[l].index; k < saveat.size; ++k) out.save(l, k, V::constant(FloatTraits<T>::nan()));
      out.finish(l, rc[l], clk[l].hi, lane(u, l), st[l]);
    }
  }
};

/// \brief Integrates the `nlanes` trajectories held in the lanes of `u0` and `p` (see
/// `LaneTrajectories`).
template <class Alg, bool Adaptive, bool Dense, class System, class T, int W, int N, int NP, class Outputs>
KOKKOS_FUNCTION void integrate_lanes(const System& sys, const Vec<Pack<T, W>, N>& u0, Vec<Pack<T, W>, NP>& p,
                                     const int nlanes, const T t0, const T tf, const LoopOptions<T>& o,
                                     const TimeList<T>& saveat, const TimeList<T>& tstops, Outputs& out) {
  LaneTrajectories<Alg, Adaptive, Dense, System, T, W, N, NP, Outputs> lanes(sys, o, saveat, tstops, out, nlanes, t0,
                                                                             tf, u0, p);
  lanes.start();
  if constexpr (Adaptive) {
    lanes.run_adaptive();
  } else {
    lanes.run_fixed();
  }
  lanes.finish();
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_LANES_IMPL_HPP
