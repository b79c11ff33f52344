/// \file Kode_Integrate_Impl.hpp
/// \brief The per-trajectory integration loop shared by every stepper and every ensemble
/// algorithm: step-size control, saveat by dense output, tstops, return codes, statistics.
///
/// This is the only place where steps are accepted or rejected. Steppers (solvers/) do the
/// method's arithmetic; ensemble algorithms decide which thread runs which trajectory and hand
/// the loop an `Output` that knows where that trajectory's results go.
#ifndef KODE_INTEGRATE_IMPL_HPP
#define KODE_INTEGRATE_IMPL_HPP

#include "Kode_Callbacks.hpp"
#include "Kode_Clock.hpp"
#include "Kode_Controller.hpp"
#include "Kode_LaneGroup.hpp"
#include "Kode_ReturnCode.hpp"
#include "Kode_StepControl.hpp"
#include "Kode_Stepper.hpp"
#include "Kode_Vec.hpp"
#include "impl/Kode_Events_Impl.hpp"

#include <type_traits>

namespace kode {
namespace Impl {

/// A sorted list of times read by every trajectory (saveat, tstops); `data` points into team
/// scratch memory or into the View itself.
template <class T>
struct TimeList {
  const T* data = nullptr;
  int size      = 0;
  KOKKOS_FORCEINLINE_FUNCTION T operator[](int i) const { return data[i]; }
};

/// The loop's settings, derived on the host from `SolverOptions` and the method.
template <class T>
struct LoopOptions {
  T abstol, reltol;
  T dt;     ///< fixed step, or first step of an adaptive run (0: automatic)
  T dtmin;  ///< smallest step the controller may ask for
  T dtmax;  ///< largest step magnitude
  int maxiters;
  bool save_after_affect;  ///< a save at the time of an affect holds the state after it
};

/// A right-hand side with one trajectory's parameters bound: `rhs(du, u, t)`. The parameters
/// are the trajectory's own copy, which event affects may change.
template <class System, class PVec>
struct BoundRhs {
  const System& f;
  PVec& p;
  template <class DU, class U, class TT>
  KOKKOS_FORCEINLINE_FUNCTION void operator()(DU& du, const U& u, const TT t) const {
    using S = typename U::value_type;
    if constexpr (std::is_same<S, typename PVec::value_type>::value) {
      f(du, u, p, t);
    } else {  // dual numbers (automatic Jacobians): the parameters become constants of that type
      Vec<S, PVec::size()> ps;
      for (int k = 0; k < PVec::size(); ++k) ps[k] = S(p[k]);
      f(du, u, ps, t);
    }
  }
};

/// The stepper of `Alg` on one lane's part of a trajectory spread over `Group`: the method's
/// stepper of the lane's length, except that a stiff method on a group of several lanes gets
/// its `group_stepper`, whose Jacobian and LU span the lanes (GroupLinearization).
template <class Alg, class T, class Group, bool Spread = (Group::lanes > 1), class = void>
struct stepper_for {
  using type = typename Alg::template stepper<T, Group::local_dim>;
};
template <class Alg, class T, class Group>
struct stepper_for<Alg, T, Group, true, std::void_t<typename Alg::template group_stepper<T, Group>>> {
  using type = typename Alg::template group_stepper<T, Group>;
};
template <class Alg, class T, class Group>
using stepper_for_t = typename stepper_for<Alg, T, Group>::type;

/// A read position in a TimeList with the next time cached in a register (on a GPU the list may
/// be in shared memory; one load per consumed entry instead of one per step).
template <class T>
struct TimeCursor {
  const T* data;
  int index;
  int size;
  T next;  ///< data[index], or `fallback` once the list is used up
  TimeCursor() = default;
  KOKKOS_FUNCTION TimeCursor(const TimeList<T>& l, const T fallback)
      : data(l.data), index(0), size(l.size), next(l.size > 0 ? l.data[0] : fallback) {}
  KOKKOS_FORCEINLINE_FUNCTION void advance(const T fallback) {
    ++index;
    next = index < size ? data[index] : fallback;
  }
};

/// Where the next save time `next` lies relative to a step ending at `t_end` (see `save_in_step`).
enum class SaveAt {
  None,      ///< after the step (or, with `at_end` false, at its end): not yet
  End,       ///< at the step's end: the end state itself
  Interior,  ///< inside the step: the stepper's dense output
};
/// `Grid`: the steps are a fixed-step grid (`Adaptive` false), whose points a caller writes in T.
template <bool Grid, class T>
KOKKOS_FORCEINLINE_FUNCTION SaveAt save_position(const T next, const T tdir, const Clock<T>& t_end, const T h,
                                                 const bool at_end) {
  // A save is at the step's end when the compensated clock says so: next == hi + lo. A save time
  // equal to hi alone is not the end: an adaptive step that ends ½ ulp(t) before a save time
  // rounds onto it, and taking its state there was an error of up to ½ ulp(t)·|u'| (issue 32: a
  // float span (1e5, 1e5 + 10) lost 14,394 of 413,696 saves to 100× the tolerance). Such a save
  // is inside the step (interpolated at θ = 1 − lo/h) or after it. A fixed-step grid point, though,
  // is one the caller writes in T (k·dt): there a save time equal to hi takes the step's state,
  // as the grid's clock lo bits are below what the save time itself can say — unless the step is
  // shorter than an ulp of t, where hi is shared by several steps and only the compensated
  // comparison places the save.
  const T past_end = tdir * t_end.until(next);
  bool end_time    = past_end == T(0);
  if constexpr (Grid)
    end_time = end_time || (next == t_end.hi && kode::fabs(h) > FloatTraits<T>::epsilon() * kode::fabs(t_end.hi));
  if (end_time ? !at_end : past_end > T(0)) return SaveAt::None;
  return end_time ? SaveAt::End : SaveAt::Interior;
}

// Writes the saves that fall in (t, t_end] from the accepted step from (t, u) to (t + h, unew);
// t_end is the step's end, or an event that cut the step, with state u_end. A save time equal to
// t_end takes u_end itself (unless `AtEnd` is false: then it is left for after the affects, see
// `SolverOptions::save_after_affect`); others the stepper's dense output. `Dense` is false when
// every save time is known to coincide with a step end (saveat empty: t0 and tf only), which keeps
// the interpolant, and the registers it needs, out of the kernel. Times are compared on the
// compensated clock (Kode_Clock.hpp): a save inside a step shorter than an ulp of t is placed too.
template <bool Dense, bool Grid, class Stepper, class Rhs, class Output, class T, int N>
KOKKOS_FORCEINLINE_FUNCTION void save_in_step(const Stepper& stepper, const Rhs& f, Output& out, TimeCursor<T>& save,
                                              const T tdir, const Clock<T>& t, const T h, const Vec<T, N>& u,
                                              const Vec<T, N>& unew, const Clock<T>& t_end, const Vec<T, N>& u_end,
                                              Stats& st, const bool at_end = true) {
  for (;;) {
    const SaveAt where = save_position<Grid>(save.next, tdir, t_end, h, at_end);
    if (where == SaveAt::None) break;
    if (!Dense || where == SaveAt::End) {
      out.save(save.index, u_end);
    } else {
      out.save(save.index, stepper.interpolate(f, t.hi, u, unew, h, t.until(save.next) / h, st));
    }
    save.advance(tdir * FloatTraits<T>::infinity());
  }
}

/// Passes the stops not ahead of the clock (at t0, and after landing on one); the cursor then
/// holds the next stop ahead, or tf.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION void pass_stops(TimeCursor<T>& stop, const Clock<T>& clk, const T tdir, const T tf) {
  while (stop.index < stop.size && tdir * clk.until(stop.next) <= T(0)) stop.advance(tf);
}

// The dense output of one accepted step as a function of θ, for event location: whole states
// (a lane group's lanes each interpolate their part, then gather it).
template <class Stepper, class Rhs, class T, class Group>
struct StepInterpolant {
  using V = Vec<T, Group::local_dim>;
  const Group& group;
  const Stepper& stepper;
  const Rhs& f;
  const T t, h;
  const V& u;
  const V& unew;
  Stats& st;
  KOKKOS_FUNCTION Vec<T, Group::dim> operator()(const T theta, T& t_out) const {
    t_out = t + theta * h;
    if (theta == T(1)) return group.full(unew);
    return group.full(stepper.interpolate(f, t, u, unew, h, theta, st));
  }
  KOKKOS_FUNCTION T step_length() const { return kode::fabs(h); }
  /// The state at the step's start.
  KOKKOS_FORCEINLINE_FUNCTION decltype(auto) start() const { return group.full(u); }
  /// f at the step's two ends, for the event screen, where the stepper has them.
  static constexpr bool has_endpoint_slopes = Impl::has_endpoint_slopes<Stepper>::value;
  KOKKOS_FORCEINLINE_FUNCTION decltype(auto) slope_start() const { return group.full(stepper.slope_start()); }
  KOKKOS_FORCEINLINE_FUNCTION decltype(auto) slope_end() const { return group.full(stepper.slope_end()); }
};

// The return code of a fixed-step attempt that did not succeed: there is no smaller step to retry.
template <class Stepper>
KOKKOS_FORCEINLINE_FUNCTION ReturnCode fixed_step_failure(const Stepper& stepper, const StepStatus ss) {
  return ss == StepStatus::Fail        ? stepper.failure()
         : ss == StepStatus::NonFinite ? ReturnCode::Unstable
                                       : ReturnCode::ConvergenceFailure;
}

/// \brief One trajectory's integration as a few named phases over one `StepControl`: `start`
/// (saves at t0, the stepper's first evaluation), `run_adaptive` or `run_fixed` (the latter in
/// blocks between stops, `fixed_groups` for a group of checked-later steps and its replay), `commit`
/// (an accepted step: events, saves, state, stepper), `finish`. Semantics: see `integrate` below.
///
/// The phases hold *references* to the trajectory's state, which lives in `integrate`'s frame, as
/// the lambdas they replace captured it. Holding the state itself as members was measured worse:
/// the same phases over a value struct cost the Lorenz kernels up to 10 more registers (sm_90,
/// Tsit5: float fixed 48 → 55, double adaptive with saveat 142 → 152); over references every
/// kernel keeps its register count (docs/performance.md).
///
/// `Group` spreads the trajectory over lanes (Kode_LaneGroup.hpp): the state, the stepper and `f`
/// are then one lane's part (`V`, M components), and the norms, the finiteness tests, events and
/// callbacks go through the group, which hands them the whole state. `SoloLane` is one thread.
template <class Alg, bool Adaptive, bool Dense, class Rhs, class T, class Group, class Output, class Callbacks>
struct Trajectory {
  static constexpr int N = Group::dim;
  using Stepper          = stepper_for_t<Alg, T, Group>;
  using V                = Vec<T, Group::local_dim>;

  const Group& group;
  const Rhs& f;
  const LoopOptions<T>& o;
  const TimeList<T>& saveat;
  Output& out;
  const Callbacks& callbacks;
  const T tf;
  // the trajectory's state (see above)
  StepControl<T, Alg::order>& control;
  Stepper& stepper;
  Stats& st;
  ReturnCode& rc;
  V& u;
  Clock<T>& clk;
  TimeCursor<T>& save;
  TimeCursor<T>& stop;  // next time to land on: a tstop, then tf
  ContinuousState<T, Callbacks::num_continuous>& cstate;
  // Set by `commit` when an affect ran (state, parameters or records changed): a group of
  // unchecked fixed steps ends there, since its replay would run the affect again.
  bool affected = false;

  KOKKOS_FORCEINLINE_FUNCTION T never() const { return control.tdir * FloatTraits<T>::infinity(); }

  /// Stops not ahead of the clock are passed (at t0, and after landing on one).
  KOKKOS_FORCEINLINE_FUNCTION void pass_stops() { Impl::pass_stops(stop, clk, control.tdir, tf); }

  /// The saves at t0, the stepper's first evaluation, the event functions' first values.
  KOKKOS_FORCEINLINE_FUNCTION void start(const T t0) {
    while (save.next == t0) {
      out.save(save.index, u);
      save.advance(never());
    }
    pass_stops();
    if constexpr (has_configure<Stepper, T>::value) stepper.configure(o.abstol, o.reltol);
    stepper.initialize(f, u, t0, st);
    if (!group.all_finite(u)) rc = ReturnCode::Unstable;
    if constexpr (Callbacks::any_continuous) {
      SetOps<0, 0, Callbacks>::eval_continuous(callbacks, cstate, group.full(u), f.p, t0, true);
      cstate.window_end = t0;
    }
  }

  /// Commits the accepted step from (clk, u) to (tnew, unew): events, saves, state, stepper. Returns
  /// true when an event cut the step (the clock is before tnew afterwards: the step did not reach a
  /// stop), and sets rc when an affect terminated the trajectory. `MaySave` is false only where no
  /// save time can fall (fixed-step steps before a stop when every save is at a stop). `Unchecked`:
  /// unew was not tested for Inf/NaN (a group of `fixed_groups`); an affect is then not run on a
  /// state that is not finite: rc becomes Unstable instead, and the group's replay finds the step.
  template <bool MaySave, bool Unchecked = false>
  KOKKOS_FORCEINLINE_FUNCTION bool commit(const Clock<T>& tnew, const T h, const V& unew) {
    if constexpr (Callbacks::size == 0) {
      if constexpr (MaySave)
        save_in_step<Dense, !Adaptive>(stepper, f, out, save, control.tdir, clk, h, u, unew, tnew, unew, st);
      u   = unew;
      clk = tnew;
      stepper.accept(f, u, clk.hi, st);
      return false;
    } else {
      return commit_with_callbacks<Unchecked>(tnew, h, unew);
    }
  }

  // `commit` with callbacks: locate a continuous event in the step (it may cut the step short),
  // save, apply the affects, and restart the stepper if the state or the step changed. Events and
  // affects see the whole state (`u_end`; in a lane group every lane holds it).
  template <bool Unchecked>
  KOKKOS_FORCEINLINE_FUNCTION bool commit_with_callbacks(const Clock<T>& tnew, const T h, const V& unew) {
    using Ops       = SetOps<0, 0, Callbacks>;
    Clock<T> t_end  = tnew;
    Vec<T, N> u_end = group.full(unew);
    EventHit<T> hit;
    T window_end = T(0);  // the event's repeat window ends at the far end of its root's bracket
    if constexpr (Callbacks::any_continuous) {
      const StepInterpolant<Stepper, Rhs, T, Group> interp{group, stepper, f, clk.hi, h, u, unew, st};
      hit = find_event(callbacks, cstate, interp, f.p, tnew.hi, u_end);
      if (hit.found) window_end = clk.hi + hit.past * h;
      if (hit.found && hit.theta < T(1)) {
        T t_event;
        const Vec<T, N> u_event = interp(hit.theta, t_event);
        t_end                   = clk;
        t_end.advance(hit.theta * h);
        // an event at the step's end (θ h rounding onto it or past it) does not cut the step
        if (control.tdir * t_end.since(tnew) >= T(0)) {
          t_end = tnew;
        } else {
          u_end = u_event;
        }
      }
    }
    if constexpr (Unchecked) {
      // Inf/NaN never becomes finite again but through an affect; checking the step's end only
      // where an affect is about to run keeps the group's unchecked steps unchecked. (The step's
      // end, not the event's state: an event located inside a step that ends in Inf/NaN is on a
      // failed step, which a checked step never commits.)
      if ((hit.found || Ops::any_discrete_fires(callbacks, u_end, f.p, t_end.hi)) && !group.all_finite(unew)) {
        u  = unew;
        rc = ReturnCode::Unstable;
        return false;
      }
    }
    const bool cut = !(t_end.hi == tnew.hi && t_end.lo == tnew.lo);
    save_in_step<Dense, !Adaptive>(stepper, f, out, save, control.tdir, clk, h, u, unew, t_end, group.local(u_end), st,
                                   !o.save_after_affect);
    clk                = t_end;
    const T t          = clk.hi;
    auto record        = [&](const T te, const int which) { out.record_event(te, which); };
    EventAction action = EventAction::Continue;
    bool changed       = cut;
    if (hit.found) {
      record(t, hit.which);
      action  = Ops::apply_continuous(callbacks, hit.which, hit.up, u_end, f.p, t);
      changed = true;
    }
    if (action == EventAction::Continue) {
      bool applied = false;
      action       = Ops::apply_discrete(callbacks, applied, record, u_end, f.p, t);
      changed      = changed || applied;
    }
    u = group.local(u_end);
    if (o.save_after_affect) {  // a save at this very time holds the state after the affects
      while (save_position<!Adaptive>(save.next, control.tdir, clk, h, true) == SaveAt::End) {
        out.save(save.index, u);
        save.advance(never());
      }
    }
    // (a continuous event sets `changed` as well)
    affected = affected || changed;
    if (changed) {  // a new state (or a cut step): restart the stepper and the event memory
      stepper.initialize(f, u, t, st);
      if constexpr (Callbacks::any_continuous) {
        Ops::eval_continuous(callbacks, cstate, u_end, f.p, t, false);
        if (hit.found) {
          Ops::mark_fresh(callbacks, cstate, hit.which);
          cstate.window_end = window_end;
        }
      }
    } else {
      stepper.accept(f, u, t, st);
    }
    if (action == EventAction::Terminate) rc = ReturnCode::Terminated;
    return cut;
  }

  /// Adaptive stepping from t0 to tf: each attempt proposed and judged by the `StepControl`
  /// (`propose`, then `acceptable` → `reject` or `accept`).
  KOKKOS_FORCEINLINE_FUNCTION void run_adaptive(const T t0) {
    T dt0 = o.dt;
    if (!(dt0 > T(0))) {  // Hairer's guess: two extra evaluations, once per trajectory
      V f0;
      f(f0, u, t0);
      dt0 = initial_dt(f, u, f0, t0, control.tdir, o.abstol, o.reltol, Alg::order, o.dtmax,
                       [&](const V& x, const V& w, const T a, const T r) { return group.weighted_norm(x, w, a, r); });
      st.nf += 2;
    }
    control.start(dt0);
    int iters_left = o.maxiters;
    while (rc == ReturnCode::Success && !clk.at(tf)) {  // the clock lands on tf exactly
      if (iters_left-- == 0) {
        rc = ReturnCode::MaxIters;
        break;
      }
      const StepProposal<T> p = control.propose(control.tdir * clk.until(stop.next));
      V unew, err;
      const StepStatus ss = stepper.template step<true>(f, u, clk.hi, p.h, unew, err, st);
      if (ss == StepStatus::Fail) {
        rc = stepper.failure();
        break;
      }
      const T EEst = ss == StepStatus::Ok ? group.error_norm(err, u, unew, o.abstol, o.reltol) : T(2);
      if (!control.acceptable(ss, EEst)) {
        if (!control.reject(p, ss, EEst, clk.hi, rc)) break;
        ++st.nreject;
        continue;
      }
      if (!group.all_finite(unew)) {
        rc = ReturnCode::Unstable;
        break;
      }
      ++st.naccept;
      control.accept(p, EEst, clk.hi, rc);
      const Clock<T> t_start = clk;
      Clock<T> tnew          = clk;
      if (p.land) {
        tnew.set(stop.next);
      } else {
        tnew.advance(p.h);
      }
      const bool cut = commit<true>(tnew, p.h, unew);
      if (cut) control.after_event(kode::fabs(clk.since(t_start)), clk.hi);
      if (p.land && !cut) pass_stops();
    }
  }

  // Fixed step: steps k .. kend-1 of size sdt from `block`; returns the number of the first step not
  // taken. `Checked` tests every new state; a failure sets rc and leaves u at the last good state.
  // Step k starts at block + k dt: its time in T costs one addition (none when f ignores t); the
  // clock advanced step by step is needed only by saves and callbacks inside the block — without
  // them it is dead and compiled away, and the block's end is block + k dt (an exact product).
  template <bool Checked>
  KOKKOS_FORCEINLINE_FUNCTION int full_steps(const Clock<T>& block, const T sdt, int k, const int kend, bool& cut) {
    for (; k < kend; ++k) {
      V unew, err;
      const T tk          = block.hi + (block.lo + T(k) * sdt);
      const StepStatus ss = stepper.template step<false>(f, u, tk, sdt, unew, err, st);
      if (ss != StepStatus::Ok) {  // no smaller step to fall back on
        rc = fixed_step_failure(stepper, ss);
        break;
      }
      if constexpr (Checked) {
        if (!group.all_finite(unew)) {
          rc = ReturnCode::Unstable;
          break;
        }
      }
      ++st.naccept;
      Clock<T> tnew = clk;  // (one TwoSum per step; its error, ~ε² |t| / 2, stays below T's ulp)
      tnew.advance(sdt);
      cut = commit<Dense, !Checked>(tnew, sdt, unew);
      if (Callbacks::size > 0 && (cut || affected || rc != ReturnCode::Success)) return k + 1;
    }
    return k;
  }

  // Fixed step: the `nfull` steps of exactly dt before a block's landing step, in groups of
  // `check_every` checked at their end. A state component that became Inf or NaN never becomes
  // finite again (every update is u + h·(...)), so the check at the end of a group sees any
  // failure inside it. The group is then replayed from its first state with a check after every
  // step, which finds the last finite state exactly — also when a stepper already reported it (a
  // stiff method's f(u) at the committed NaN state is `NonFinite`): the replay reports the last
  // finite state, not the one after it. The replay restarts the stepper there (`initialize`), so
  // it may differ from the first pass in the last bits for a right-hand side that reads t, and if
  // it no longer fails, it simply goes on. The per-step check costs several percent of a Tsit5
  // step; this costs nothing.
  //
  // With callbacks the same holds between affects: an affect is the one thing that can make a
  // state finite again, and a replay would run it (and record its event) twice. So a group ends
  // where an affect ran (`affected`; an event that cuts the step also ends the block), the state
  // before the affect having been checked by `commit` (a group whose first pass reached an affect
  // ends with finite states up to it), and the event memory is part of what a replay restores.
  // Returns the number of steps taken; `cut` tells whether an event cut the last one (the clock
  // is then at the event).
  KOKKOS_FORCEINLINE_FUNCTION int fixed_groups(const Clock<T>& block, const T sdt, const int nfull, bool& cut) {
    constexpr int check_every = 32;
    int k                     = 0;
    cut                       = false;
    while (k < nfull && rc == ReturnCode::Success && !cut) {
      const int k0              = k;
      const V u0                = u;
      const Stats st0           = st;
      const TimeCursor<T> save0 = save;
      const auto cstate0        = cstate;
      affected                  = false;
      k = full_steps<false>(block, sdt, k0, k0 + check_every < nfull ? k0 + check_every : nfull, cut);
      if (!affected && !group.all_finite(u)) {
        rc     = ReturnCode::Success;
        u      = u0;
        st     = st0;
        save   = save0;
        cstate = cstate0;
        clk    = block;  // the start of step k0 (the first pass moved the clock on)
        clk.advance(T(k0), sdt);
        stepper.initialize(f, u, clk.hi, st);
        k = full_steps<true>(block, sdt, k0, k, cut);
      }
    }
    // Without callbacks the clock advanced step by step is dead (see `full_steps`): the block's
    // start plus k dt. With them it is live, and at an event it is the event's time.
    if constexpr (Callbacks::size == 0) {
      clk = block;
      clk.advance(T(k), sdt);
    }
    return k;
  }

  /// Fixed step. Between two stops (tstops, then tf) the steps have the constant size dt from the
  /// stop (or t0) where the block starts; the last one lands on the next stop. The number of steps
  /// is known before the block starts, so the steps before the landing one run with the constant
  /// step dt and no bookkeeping; their start times (the clock advanced by dt, exact to ~ε² |t|)
  /// are only computed if the right-hand side reads t or something is saved inside the block.
  KOKKOS_FORCEINLINE_FUNCTION void run_fixed() {
    const T sdt    = control.tdir * o.dt;
    int iters_left = o.maxiters;
    while (rc == ReturnCode::Success && !clk.at(tf)) {
      const T target       = stop.next;
      const Clock<T> block = clk;  // where this block of steps starts
      const T nsteps       = StepControl<T, Alg::order>::fixed_steps(control.tdir * clk.until(target), o.dt);
      const bool reaches   = nsteps <= T(iters_left);  // else MaxIters on the way
      const int todo       = reaches ? int(nsteps) : iters_left;
      const int nfull      = reaches ? todo - 1 : todo;  // steps of exactly dt before the landing one
      bool cut             = false;                      // an event cut the last step
      int k;
      k = fixed_groups(block, sdt, nfull, cut);
      iters_left -= k;
      if (rc != ReturnCode::Success) break;
      if (cut) continue;  // an event: a new block from the event time
      if (!reaches) {
        rc = ReturnCode::MaxIters;
        break;
      }
      // The landing step, checked like every step of a replay.
      V unew, err;
      const T h           = clk.until(target);
      const StepStatus ss = stepper.template step<false>(f, u, clk.hi, h, unew, err, st);
      if (ss != StepStatus::Ok) {
        rc = fixed_step_failure(stepper, ss);
        break;
      }
      if (!group.all_finite(unew)) {
        rc = ReturnCode::Unstable;
        break;
      }
      ++st.naccept;
      --iters_left;
      cut = commit<true>(Clock<T>(target), h, unew);
      if (!cut) pass_stops();
    }
  }

  /// NaN in the unreached save slots; the return code, the final time and state, the statistics.
  KOKKOS_FORCEINLINE_FUNCTION void finish() {
    for (int s = save.index; s < saveat.size; ++s) out.save(s, V::constant(FloatTraits<T>::nan()));
    out.finish(rc, clk.hi, u, st);
  }
};

/// \brief Integrates one trajectory from `(t0, u)` to `tf`.
///
/// Semantics (documented for users in docs/architecture.md):
/// - Time is kept on a compensated clock (t = hi + lo, Kode_Clock.hpp), resolving ~ε² |t|; the
///   right-hand side and the stepper see hi, t rounded to T.
/// - Adaptive: a step is accepted when its scaled RMS error is ≤ 1 (`error_norm`). A NaN error
///   estimate ends the trajectory with `Unstable`; an infinite one is a rejection with the
///   largest shrink. The step floor, landing on stops and the step after an event are the rules
///   of `StepControl` (Kode_StepControl.hpp).
/// - Fixed step: steps of `dt` from t0 and from each stop reached, the last one before the next
///   stop shortened (or stretched by the rounding slack of `StepControl::fixed_steps`) to land on
///   it exactly.
/// - Every attempt counts towards `maxiters`; running out gives `MaxIters`. A non-finite state
///   after a step gives `Unstable`. On any failure the state and time of the last accepted step
///   are reported and the unreached save slots are filled with NaN.
/// - Callbacks (`kode::CallbackSet`, see Kode_Callbacks.hpp): after every accepted step; an event
///   that cuts the step makes its time the new step end. Without callbacks every hook compiles away.
template <class Alg, bool Adaptive, bool Dense, class Rhs, class T, class Group, class Output, class Callbacks>
KOKKOS_FUNCTION void integrate(const Rhs& f, const Vec<T, Group::local_dim> u, const T t0, const T tf,
                               const LoopOptions<T>& o, const TimeList<T>& saveat, const TimeList<T>& tstops,
                               Output& out, const Callbacks& callbacks, const Group& group) {
  using Stepper = stepper_for_t<Alg, T, Group>;
  using V       = Vec<T, Group::local_dim>;
  static_assert(!Adaptive || Alg::has_error_est, "kode: adaptive stepping needs a method with an error estimate");
  if constexpr (check_stepper<Stepper, Rhs, V, T>()) {  // else one message, and nothing more
    StepControl<T, Alg::order> control(t0, tf, o.dtmin, o.dtmax);
    Stepper stepper;
    Stats st;
    ReturnCode rc = ReturnCode::Success;
    V state       = u;
    Clock<T> clk(t0);
    TimeCursor<T> save(saveat, control.tdir * FloatTraits<T>::infinity());
    TimeCursor<T> stop(tstops, tf);
    ContinuousState<T, Callbacks::num_continuous> cstate;
    Trajectory<Alg, Adaptive, Dense, Rhs, T, Group, Output, Callbacks> traj{
        group, f, o, saveat, out, callbacks, tf, control, stepper, st, rc, state, clk, save, stop, cstate};
    traj.start(t0);
    if constexpr (Adaptive) {
      traj.run_adaptive(t0);
    } else {
      traj.run_fixed();
    }
    traj.finish();
  }
}

/// \brief `integrate` by one thread, which holds the whole state.
template <class Alg, bool Adaptive, bool Dense, class Rhs, class T, int N, class Output, class Callbacks>
KOKKOS_FUNCTION void integrate(const Rhs& f, const Vec<T, N> u, const T t0, const T tf, const LoopOptions<T>& o,
                               const TimeList<T>& saveat, const TimeList<T>& tstops, Output& out,
                               const Callbacks& callbacks) {
  integrate<Alg, Adaptive, Dense>(f, u, t0, tf, o, saveat, tstops, out, callbacks, SoloLane<T, N>{});
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_INTEGRATE_IMPL_HPP
