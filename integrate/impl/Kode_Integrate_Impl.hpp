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
#include "Kode_ReturnCode.hpp"
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

/// A read position in a TimeList with the next time cached in a register (on a GPU the list may
/// be in shared memory; one load per consumed entry instead of one per step).
template <class T>
struct TimeCursor {
  const T* data;
  int index;
  int size;
  T next;  ///< data[index], or `fallback` once the list is used up
  KOKKOS_FUNCTION TimeCursor(const TimeList<T>& l, const T fallback)
      : data(l.data), index(0), size(l.size), next(l.size > 0 ? l.data[0] : fallback) {}
  KOKKOS_FORCEINLINE_FUNCTION void advance(const T fallback) {
    ++index;
    next = index < size ? data[index] : fallback;
  }
};

// Writes the saves that fall in (t, t_end] from the accepted step from (t, u) to (t + h, unew);
// t_end is the step's end, or an event that cut the step, with state u_end. A save time equal to
// t_end takes u_end itself (unless `AtEnd` is false: then it is left for after the affects, see
// `SolverOptions::save_after_affect`); others the stepper's dense output. `Dense` is false when
// every save time is known to coincide with a step end (saveat empty: t0 and tf only), which keeps
// the interpolant, and the registers it needs, out of the kernel. Times are compared on the
// compensated clock (Kode_Clock.hpp): a save inside a step shorter than an ulp of t is placed too.
template <bool Dense, class Stepper, class Rhs, class Output, class T, int N>
KOKKOS_FORCEINLINE_FUNCTION void save_in_step(const Stepper& stepper, const Rhs& f, Output& out, TimeCursor<T>& save,
                                              const T tdir, const Clock<T>& t, const T h, const Vec<T, N>& u,
                                              const Vec<T, N>& unew, const Clock<T>& t_end, const Vec<T, N>& u_end,
                                              Stats& st, const bool at_end = true) {
  for (;;) {
    // A save time equal to the end time in T is the step's own state (the clock's lo bits are
    // below what the save time itself can say, e.g. a fixed-step grid point written as k·dt) —
    // unless the step is shorter than an ulp of t, where hi is shared by several steps and only
    // the compensated comparison places the save.
    const T past_end = tdir * t_end.until(save.next);
    const bool end_time =
        past_end == T(0) || (save.next == t_end.hi && kode::fabs(h) > FloatTraits<T>::epsilon() * kode::fabs(t_end.hi));
    if (end_time ? !at_end : past_end > T(0)) break;
    if (!Dense || end_time) {
      out.save(save.index, u_end);
    } else {
      out.save(save.index, stepper.interpolate(f, t.hi, u, unew, h, t.until(save.next) / h, st));
    }
    save.advance(tdir * FloatTraits<T>::infinity());
  }
}

// The dense output of one accepted step as a function of θ, for event location.
template <class Stepper, class Rhs, class T, int N>
struct StepInterpolant {
  const Stepper& stepper;
  const Rhs& f;
  const T t, h;
  const Vec<T, N>& u;
  const Vec<T, N>& unew;
  Stats& st;
  KOKKOS_FUNCTION Vec<T, N> operator()(const T theta, T& t_out) const {
    t_out = t + theta * h;
    return theta == T(1) ? unew : stepper.interpolate(f, t, u, unew, h, theta, st);
  }
  KOKKOS_FUNCTION T step_length() const { return kode::fabs(h); }
};

// The return code of a fixed-step attempt that did not succeed: there is no smaller step to retry.
template <class Stepper>
KOKKOS_FORCEINLINE_FUNCTION ReturnCode fixed_step_failure(const Stepper& stepper, const StepStatus ss) {
  return ss == StepStatus::Fail        ? stepper.failure()
         : ss == StepStatus::NonFinite ? ReturnCode::Unstable
                                       : ReturnCode::ConvergenceFailure;
}

/// \brief Integrates one trajectory from `(t0, u)` to `tf`.
///
/// Semantics (documented for users in docs/architecture.md):
/// - Time is kept on a compensated clock (t = hi + lo, Kode_Clock.hpp), resolving ~ε² |t|; the
///   right-hand side and the stepper see hi, t rounded to T.
/// - Adaptive: a step is accepted when its scaled RMS error is ≤ 1 (`error_norm`). A NaN error
///   estimate ends the trajectory with `Unstable`; an infinite one is a rejection with the
///   largest shrink. When the controller asks for a step below the floor — `dtmin`, or the clock's
///   resolution 16 ε² max(|t|, |tf − t0|) — the trajectory ends with `DtLessThanMin` (after
///   keeping an accepted step); a stepper's non-finite attempt still non-finite there ends it
///   `Unstable`. A step lands on the next stop (tstop or tf) when the controller's step reaches it
///   to within 64 ε of the distance (the step is stretched by at most that); a step shortened to
///   land neither triggers the floor nor shrinks the next step; a rejected step always shrinks.
/// - Fixed step: steps of `dt` from t0 and from each stop reached, the last one before the next
///   stop shortened (or stretched by at most 1%, or 64 ε of the step count) to land on it exactly.
/// - Every attempt counts towards `maxiters`; running out gives `MaxIters`. A non-finite state
///   after a step gives `Unstable`. On any failure the state and time of the last accepted step
///   are reported and the unreached save slots are filled with NaN.
/// - Callbacks (`kode::CallbackSet`, see Kode_Callbacks.hpp): after every accepted step; an event
///   that cuts the step makes its time the new step end. Without callbacks every hook compiles away.
template <class Alg, bool Adaptive, bool Dense, class Rhs, class T, int N, class Output, class Callbacks>
KOKKOS_FUNCTION void integrate(const Rhs& f, Vec<T, N> u, const T t0, const T tf, const LoopOptions<T>& o,
                               const TimeList<T>& saveat, const TimeList<T>& tstops, Output& out,
                               const Callbacks& callbacks) {
  using Stepper = typename Alg::template stepper<T, N>;
  static_assert(!Adaptive || Alg::has_error_est, "kode: adaptive stepping needs a method with an error estimate");

  Stepper stepper;
  Stats st;
  ReturnCode rc = ReturnCode::Success;
  const T tdir  = tf > t0 ? T(1) : T(-1);
  const T eps   = FloatTraits<T>::epsilon();
  // A step that reaches a stop to within this fraction of the distance lands on it: a sliver left
  // by round-off in the controller's step is never taken on its own. Relative to the distance (so
  // to the step), never to the span: a span-sized slack made every step near a close stop "land"
  // with the whole distance, however much the controller asked to shrink (float Robertson to 4e5
  // with a tstop at 1 was rejected 100,000 times at t = 0).
  const T land_slack = T(64) * eps;
  const T never      = tdir * FloatTraits<T>::infinity();
  Clock<T> clk(t0);
  TimeCursor<T> save(saveat, never);
  TimeCursor<T> stop(tstops, tf);  // next time to land on: a tstop, then tf
  while (save.next == t0) {
    out.save(save.index, u);
    save.advance(never);
  }
  // Stops not ahead of the clock are passed (at t0, and after landing on one).
  auto pass_stops = [&]() {
    while (stop.index < stop.size && tdir * clk.until(stop.next) <= T(0)) stop.advance(tf);
  };
  pass_stops();

  if constexpr (has_configure<Stepper, T>::value) stepper.configure(o.abstol, o.reltol);
  stepper.initialize(f, u, t0, st);
  if (!all_finite(u)) rc = ReturnCode::Unstable;

  // Commits the accepted step from (clk, u) to (tnew, unew): events, saves, state, stepper. Returns
  // true when an event cut the step (the clock is before tnew afterwards: the step did not reach a
  // stop), and sets rc when an affect terminated the trajectory. `may_save` is false only where no
  // save time can fall (fixed-step steps before a stop when every save is at a stop).
  ContinuousState<T, Callbacks::num_continuous> cstate;
  if constexpr (Callbacks::any_continuous)
    SetOps<0, 0, Callbacks>::eval_continuous(callbacks, cstate, u, f.p, t0, true);
  auto commit = [&](const Clock<T>& tnew, const T h, const Vec<T, N>& unew, auto may_save) -> bool {
    if constexpr (Callbacks::size == 0) {
      if constexpr (decltype(may_save)::value)
        save_in_step<Dense>(stepper, f, out, save, tdir, clk, h, u, unew, tnew, unew, st);
      u   = unew;
      clk = tnew;
      stepper.accept(f, u, clk.hi, st);
      return false;
    } else {
      using Ops       = SetOps<0, 0, Callbacks>;
      Clock<T> t_end  = tnew;
      Vec<T, N> u_end = unew;
      EventHit<T> hit;
      if constexpr (Callbacks::any_continuous) {
        const StepInterpolant<Stepper, Rhs, T, N> interp{stepper, f, clk.hi, h, u, unew, st};
        hit = find_event(callbacks, cstate, interp, f.p, tnew.hi, unew);
        if (hit.found && hit.theta < T(1)) {
          T t_event;
          u_end = interp(hit.theta, t_event);
          t_end = clk;
          t_end.advance(hit.theta * h);
          // an event at the step's end (θ h rounding onto it or past it) does not cut the step
          if (tdir * t_end.since(tnew) >= T(0)) t_end = tnew, u_end = unew;
        }
      }
      const bool cut = !(t_end.hi == tnew.hi && t_end.lo == tnew.lo);
      save_in_step<Dense>(stepper, f, out, save, tdir, clk, h, u, unew, t_end, u_end, st, !o.save_after_affect);
      u                  = u_end;
      clk                = t_end;
      const T t          = clk.hi;
      auto record        = [&](const T te, const int which) { out.record_event(te, which); };
      EventAction action = EventAction::Continue;
      bool changed       = cut;
      if (hit.found) {
        record(t, hit.which);
        action  = Ops::apply_continuous(callbacks, hit.which, hit.up, u, f.p, t);
        changed = true;
      }
      if (action == EventAction::Continue) {
        bool applied = false;
        action       = Ops::apply_discrete(callbacks, applied, record, u, f.p, t);
        changed      = changed || applied;
      }
      if (o.save_after_affect) {  // a save at this very time holds the state after the affects
        while (save.next == clk.hi) {
          out.save(save.index, u);
          save.advance(never);
        }
      }
      if (changed) {  // a new state (or a cut step): restart the stepper and the event memory
        stepper.initialize(f, u, t, st);
        if constexpr (Callbacks::any_continuous) {
          Ops::eval_continuous(callbacks, cstate, u, f.p, t, false);
          if (hit.found) Ops::mark_fresh(callbacks, cstate, hit.which);
        }
      } else {
        stepper.accept(f, u, t, st);
      }
      if (action == EventAction::Terminate) rc = ReturnCode::Terminated;
      return cut;
    }
  };

  // Below this the controller's proposal ends the trajectory: dtmin, or the resolution of the
  // compensated clock, 16 ε² max(|t|, |tf − t0|). (A plain T clock resolves only ε |t|: a float
  // stiff oscillator needing steps of 1e-5 at t ≈ 800, where an ulp is 6e-5, ended DtLessThanMin.)
  const T tres = T(16) * eps * eps;
  const T span = kode::fabs(tf - t0);
  auto dtfloor = [&]() { return kode::fmax(o.dtmin, tres * kode::fmax(kode::fabs(clk.hi), span)); };
  if constexpr (Adaptive) {
    T dt = o.dt;
    if (!(dt > T(0))) {  // Hairer's guess: two extra evaluations, once per trajectory
      Vec<T, N> f0;
      f(f0, u, t0);
      dt = initial_dt(f, u, f0, t0, tdir, o.abstol, o.reltol, Alg::order, o.dtmax);
      st.nf += 2;
    }
    // The first step within [dtmin, dtmax], as every later one (a guess below dtmin was taken and
    // then ended the trajectory).
    dt = kode::fmax(dt, o.dtmin);
    // The controller's constants are compile-time constants of the method (its order), which
    // lets the compiler fold them into the arithmetic.
    constexpr PIController<T> ctrl = PIController<T>::defaults(Alg::order);
    T qold                         = ctrl.qoldinit;
    int iters_left                 = o.maxiters;
    while (rc == ReturnCode::Success && !clk.at(tf)) {  // the clock lands on tf exactly
      if (iters_left-- == 0) {
        rc = ReturnCode::MaxIters;
        break;
      }
      dt              = kode::fmin(dt, o.dtmax);
      const T to_stop = tdir * clk.until(stop.next);
      const bool land = dt >= to_stop - land_slack * to_stop;
      const T h       = tdir * (land ? to_stop : dt);
      Vec<T, N> unew, err;
      const StepStatus ss = stepper.template step<true>(f, u, clk.hi, h, unew, err, st);
      if (ss == StepStatus::Fail) {
        rc = stepper.failure();
        break;
      }
      const T EEst = ss == StepStatus::Ok ? error_norm(err, u, unew, o.abstol, o.reltol) : T(2);
      if (!(EEst <= T(1))) {
        if (kode::isnan(EEst)) {
          rc = ReturnCode::Unstable;
          break;
        }
        ++st.nreject;  // an infinite estimate is a rejection with the largest shrink
        dt = ss == StepStatus::Ok ? ctrl.reject(kode::fabs(h), EEst) : T(0.5) * kode::fabs(h);
        // A stage that is still non-finite when the step cannot shrink further is a blow-up, the
        // same `Unstable` an explicit method reports for its NaN, not a step-size failure.
        if (dt < dtfloor()) rc = ss == StepStatus::NonFinite ? ReturnCode::Unstable : ReturnCode::DtLessThanMin;
        continue;
      }
      if (!all_finite(unew)) {
        rc = ReturnCode::Unstable;
        break;
      }
      ++st.naccept;
      const T dtnew = ctrl.accept(kode::fabs(h), EEst, qold);
      // A step shortened to land on a stop says nothing about the step the dynamics allow:
      // its small proposal is not held against dtmin, and the step before it is resumed.
      if (land && kode::fabs(h) < dt) {
        dt = kode::fmax(dtnew, dt);
      } else {
        dt = dtnew;
        if (dt < dtfloor()) rc = ReturnCode::DtLessThanMin;  // the accepted step is kept
      }
      const Clock<T> t_start = clk;
      Clock<T> tnew          = clk;
      if (land) {
        tnew.set(stop.next);
      } else {
        tnew.advance(h);
      }
      const bool cut = commit(tnew, h, unew, std::true_type{});
      if (cut) {
        // After an event the next step is at most as long as the part of this one that was kept:
        // the event changed the dynamics, and an error estimate that allowed a long step before it
        // (a quadratic free fall has none) says nothing about the time scale after it.
        const T kept = kode::fabs(clk.since(t_start));
        dt           = kode::fmax(kode::fmin(dt, kept), T(16) * dtfloor());
      }
      if (land && !cut) pass_stops();
    }
  } else {
    // Fixed step. Between two stops (tstops, then tf) the steps have the constant size dt from the
    // stop (or t0) where the block starts; the last one lands on the next stop. The number of steps
    // is known before the block starts, so the steps before the landing one run with the constant
    // step dt and no bookkeeping; their start times (the clock advanced by dt, exact to ~ε² |t|)
    // are only computed if the right-hand side reads t or something is saved inside the block.
    //
    // Finiteness is checked every `check_every` steps, not every step: a state component that
    // became Inf or NaN never becomes finite again (every update is u + h·(...)), so the check
    // at the end of a group sees any failure inside it. The group is then replayed from its first
    // state with a check after every step, which finds the last finite state exactly; the
    // replay restarts the stepper there (`initialize`), so it may differ from the first pass in
    // the last bits for a right-hand side that reads t, and if it no longer fails, it simply
    // goes on. The per-step check costs several percent of a Tsit5 step; this costs nothing.
    constexpr int check_every = 32;
    const T sdt               = tdir * o.dt;
    bool cut                  = false;  // an event cut the last step
    Clock<T> block;                     // where the current block of steps started
    // Steps k .. kend-1 of size dt from `block`; returns the number of the first step not taken.
    // `Checked` tests every new state; a failure sets rc and leaves u at the last good state. Step
    // k starts at block + k dt: its time in T costs one addition (none when f ignores t); the
    // clock advanced step by step is needed only by saves and callbacks inside the block — without
    // them it is dead and compiled away, and the block's end is block + k dt (an exact product).
    auto full_steps = [&](int k, const int kend, auto checked) -> int {
      for (; k < kend; ++k) {
        Vec<T, N> unew, err;
        const T tk          = block.hi + (block.lo + T(k) * sdt);
        const StepStatus ss = stepper.template step<false>(f, u, tk, sdt, unew, err, st);
        if (ss != StepStatus::Ok) {  // no smaller step to fall back on
          rc = fixed_step_failure(stepper, ss);
          break;
        }
        if constexpr (decltype(checked)::value) {
          if (!all_finite(unew)) {
            rc = ReturnCode::Unstable;
            break;
          }
        }
        ++st.naccept;
        Clock<T> tnew = clk;  // (one TwoSum per step; its error, ~ε² |t| / 2, stays below T's ulp)
        tnew.advance(sdt);
        cut = commit(tnew, sdt, unew, std::integral_constant<bool, Dense>{});
        if (Callbacks::size > 0 && (cut || rc != ReturnCode::Success)) return k + 1;
      }
      return k;
    };
    int iters_left = o.maxiters;
    while (rc == ReturnCode::Success && !clk.at(tf)) {
      const T target = stop.next;
      block          = clk;
      // Steps to the stop: the quotient rounded up, except that one within 64 ε of it (the
      // quotient's own rounding), or within 1% of a step, of a whole number is that number (the
      // landing step stretched by at most that, never a sliver step of round-off).
      const T q          = tdir * clk.until(target) / o.dt;
      const T nsteps     = kode::fmax(T(1), kode::ceil(q - kode::fmin(land_slack * q, T(0.01))));
      const bool reaches = nsteps <= T(iters_left);  // else MaxIters on the way
      const int todo     = reaches ? int(nsteps) : iters_left;
      const int nfull    = reaches ? todo - 1 : todo;  // steps of exactly dt before the landing one
      int k              = 0;
      cut                = false;
      if constexpr (Callbacks::size == 0) {
        while (k < nfull && rc == ReturnCode::Success) {
          const int k0              = k;
          const Vec<T, N> u0        = u;
          const Stats st0           = st;
          const TimeCursor<T> save0 = save;
          k = full_steps(k0, k0 + check_every < nfull ? k0 + check_every : nfull, std::false_type{});
          // Replay the group, checking every step, whenever it ended non-finite — also when a
          // stepper already reported it (a stiff method's f(u) at the committed NaN state is
          // `NonFinite`): the replay reports the last finite state, not the one after it.
          if (!all_finite(u)) {
            rc   = ReturnCode::Success;
            u    = u0;
            st   = st0;
            save = save0;
            clk  = block;  // the start of step k0 (the first pass moved the clock on)
            clk.advance(T(k0), sdt);
            stepper.initialize(f, u, clk.hi, st);
            k = full_steps(k0, k, std::true_type{});
          }
        }
        clk = block;
        clk.advance(T(k), sdt);
      } else {  // affects change the state and the parameters: no replay, a check after every step
        k = full_steps(0, nfull, std::true_type{});
      }
      iters_left -= k;
      if (rc != ReturnCode::Success) break;
      if (cut) continue;  // an event: a new block from the event time
      if (!reaches) {
        rc = ReturnCode::MaxIters;
        break;
      }
      // The landing step, checked like every step of a replay.
      Vec<T, N> unew, err;
      const T h           = clk.until(target);
      const StepStatus ss = stepper.template step<false>(f, u, clk.hi, h, unew, err, st);
      if (ss != StepStatus::Ok) {
        rc = fixed_step_failure(stepper, ss);
        break;
      }
      if (!all_finite(unew)) {
        rc = ReturnCode::Unstable;
        break;
      }
      ++st.naccept;
      --iters_left;
      cut = commit(Clock<T>(target), h, unew, std::true_type{});
      if (!cut) pass_stops();
    }
  }
  for (int s = save.index; s < saveat.size; ++s) out.save(s, Vec<T, N>::constant(FloatTraits<T>::nan()));
  out.finish(rc, clk.hi, u, st);
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_INTEGRATE_IMPL_HPP
