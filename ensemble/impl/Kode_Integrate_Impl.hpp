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
#include "Kode_Controller.hpp"
#include "Kode_ReturnCode.hpp"
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

// Steppers that need the tolerances (Newton iterations measure convergence in the error norm)
// provide `configure(abstol, reltol)`; the others need not.
template <class S, class T, class = void>
struct has_configure : std::false_type {};
template <class S, class T>
struct has_configure<S, T, std::void_t<decltype(std::declval<S&>().configure(T(), T()))>> : std::true_type {};

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
// t_end takes u_end itself; others the stepper's dense output. `Dense` is false when every save
// time is known to coincide with a step end (saveat empty: t0 and tf only), which keeps the
// interpolant, and the registers it needs, out of the kernel.
template <bool Dense, class Stepper, class Rhs, class Output, class T, int N>
KOKKOS_FORCEINLINE_FUNCTION void save_in_step(const Stepper& stepper, const Rhs& f, Output& out, TimeCursor<T>& save,
                                              const T tdir, const T t, const T h, const Vec<T, N>& u,
                                              const Vec<T, N>& unew, const T t_end, const Vec<T, N>& u_end, Stats& st) {
  while (tdir * (save.next - t_end) <= T(0)) {
    if (!Dense || save.next == t_end) {
      out.save(save.index, u_end);
    } else {
      out.save(save.index, stepper.interpolate(f, t, u, unew, h, (save.next - t) / h, st));
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
/// - Adaptive: a step is accepted when its scaled RMS error is ≤ 1 (`error_norm`). A NaN error
///   estimate ends the trajectory with `Unstable`; an infinite one is a rejection with the
///   largest shrink. When the controller asks for a step below `dtmin` (or below round-off in t)
///   the trajectory ends with `DtLessThanMin` (after keeping an accepted step). A step shortened
///   to land on tf or a tstop neither triggers this nor shrinks the next step.
/// - Fixed step: steps of `dt` on the grid `t_k = origin + k dt` (origin = t0, then each tstop
///   reached), the last one before `tf` or a tstop shortened to land on it exactly; a step that
///   would end within a few ulps of a stop lands on it.
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
  const T tfuzz = T(64) * eps * kode::fmax(kode::fabs(t0), kode::fabs(tf));  // "lands on a stop" slack
  const T never = tdir * FloatTraits<T>::infinity();
  T t           = t0;
  TimeCursor<T> save(saveat, never);
  TimeCursor<T> stop(tstops, tf);  // next time to land on: a tstop, then tf
  while (save.next == t0) {
    out.save(save.index, u);
    save.advance(never);
  }
  while (stop.index < stop.size && tdir * (stop.next - t0) <= T(0)) stop.advance(tf);

  if constexpr (has_configure<Stepper, T>::value) stepper.configure(o.abstol, o.reltol);
  stepper.initialize(f, u, t, st);
  if (!all_finite(u)) rc = ReturnCode::Unstable;

  // Commits the accepted step from (t, u) to (tnew, unew): events, saves, state, stepper. Returns
  // true when an event cut the step (t < tnew afterwards: the step did not reach a stop), and
  // sets rc when an affect terminated the trajectory. `may_save` is false only where no save
  // time can fall (fixed-step steps before a stop when every save is at a stop).
  ContinuousState<T, Callbacks::num_continuous> cstate;
  if constexpr (Callbacks::any_continuous) SetOps<0, 0, Callbacks>::eval_continuous(callbacks, cstate, u, f.p, t, true);
  auto commit = [&](const T tnew, const T h, const Vec<T, N>& unew, auto may_save) -> bool {
    if constexpr (Callbacks::size == 0) {
      if constexpr (decltype(may_save)::value)
        save_in_step<Dense>(stepper, f, out, save, tdir, t, h, u, unew, tnew, unew, st);
      u = unew;
      t = tnew;
      stepper.accept(f, u, t, st);
      return false;
    } else {
      using Ops       = SetOps<0, 0, Callbacks>;
      T t_end         = tnew;
      Vec<T, N> u_end = unew;
      EventHit<T> hit;
      if constexpr (Callbacks::any_continuous) {
        const StepInterpolant<Stepper, Rhs, T, N> interp{stepper, f, t, h, u, unew, st};
        hit = find_event(callbacks, cstate, interp, f.p, tnew, unew);
        if (hit.found && hit.theta < T(1)) u_end = interp(hit.theta, t_end);
        if (tdir * (t_end - tnew) >= T(0)) t_end = tnew;  // an event at the step's end does not cut it
      }
      const bool cut = t_end != tnew;
      save_in_step<Dense>(stepper, f, out, save, tdir, t, h, u, unew, t_end, u_end, st);
      u                  = u_end;
      t                  = t_end;
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

  // Below this the controller's proposal ends the trajectory: dtmin, or one ulp of the current time
  // (of eps·|tf − t0| near t = 0). The current time, not tf: a stiff problem integrated to 4e5
  // needs steps of 1e-4 near t = 0, far below one float ulp of 4e5.
  const T tscale = eps * kode::fabs(tf - t0);
  auto dtfloor   = [&]() { return kode::fmax(o.dtmin, eps * kode::fmax(kode::fabs(t), tscale)); };
  if constexpr (Adaptive) {
    T dt = o.dt;
    if (!(dt > T(0))) {  // Hairer's guess: two extra evaluations, once per trajectory
      Vec<T, N> f0;
      f(f0, u, t0);
      dt = initial_dt(f, u, f0, t0, tdir, o.abstol, o.reltol, Alg::order, o.dtmax);
      st.nf += 2;
    }
    // The controller's constants are compile-time constants of the method (its order), which
    // lets the compiler fold them into the arithmetic.
    constexpr PIController<T> ctrl = PIController<T>::defaults(Alg::order);
    T qold                         = ctrl.qoldinit;
    int iters_left                 = o.maxiters;
    while (rc == ReturnCode::Success && t != tf) {  // t lands on tf exactly
      if (iters_left-- == 0) {
        rc = ReturnCode::MaxIters;
        break;
      }
      dt              = kode::fmin(dt, o.dtmax);
      const T to_stop = tdir * (stop.next - t);
      const bool land = dt >= to_stop - tfuzz;
      const T h       = tdir * (land ? to_stop : dt);
      const T tnew    = land ? stop.next : t + h;
      Vec<T, N> unew, err;
      const StepStatus ss = stepper.template step<true>(f, u, t, h, unew, err, st);
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
      const T t_start = t;
      const bool cut  = commit(tnew, h, unew, std::true_type{});
      if (cut) {
        // After an event the next step is at most as long as the part of this one that was kept:
        // the event changed the dynamics, and an error estimate that allowed a long step before it
        // (a quadratic free fall has none) says nothing about the time scale after it.
        dt = kode::fmax(kode::fmin(dt, kode::fabs(t - t_start)), T(16) * dtfloor());
      }
      if (land && !cut)
        while (stop.index < stop.size && tdir * (stop.next - t) <= T(0)) stop.advance(tf);
    }
  } else {
    // Fixed step. Between two stops (tstops, then tf) the steps lie on the grid origin + k dt (no
    // round-off accumulates in t); the last one lands on the stop. The number of steps is known
    // before the block starts, so the steps before the landing one run with the constant step dt
    // and no bookkeeping; their start times are only computed if the right-hand side reads t.
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
    T origin                  = t0;
    bool cut                  = false;  // an event cut the last step
    // Steps k .. kend-1 of size dt from origin + k dt; returns the number of the first step not
    // taken. `Checked` tests every new state; a failure sets rc and leaves u at the last good state.
    auto full_steps = [&](int k, const int kend, auto checked) -> int {
      for (; k < kend; ++k) {
        const T tk = origin + T(k) * sdt;
        Vec<T, N> unew, err;
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
        t   = tk;  // (dead code without callbacks and without interior saves)
        cut = commit(tk + sdt, sdt, unew, std::integral_constant<bool, Dense>{});
        if (Callbacks::size > 0 && (cut || rc != ReturnCode::Success)) return k + 1;
      }
      return k;
    };
    int iters_left = o.maxiters;
    while (rc == ReturnCode::Success && t != tf) {
      const T target     = stop.next;
      const T nsteps     = kode::fmax(T(1), kode::ceil((tdir * (target - origin) - tfuzz) / o.dt));
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
          if (rc == ReturnCode::Success && !all_finite(u)) {  // replay the group, checking every step
            u    = u0;
            st   = st0;
            save = save0;
            stepper.initialize(f, u, origin + T(k0) * sdt, st);
            k = full_steps(k0, k, std::true_type{});
          }
        }
        t = origin + T(k) * sdt;
      } else {  // affects change the state and the parameters: no replay, a check after every step
        k = full_steps(0, nfull, std::true_type{});
        if (!cut) t = origin + T(k) * sdt;
      }
      iters_left -= k;
      if (rc != ReturnCode::Success) break;
      if (cut) {  // an event: a new grid from the event time
        origin = t;
        continue;
      }
      if (!reaches) {
        rc = ReturnCode::MaxIters;
        break;
      }
      // The landing step, checked like every step of a replay.
      Vec<T, N> unew, err;
      const T h           = target - t;
      const StepStatus ss = stepper.template step<false>(f, u, t, h, unew, err, st);
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
      cut    = commit(target, h, unew, std::true_type{});
      origin = t;
      if (!cut)
        while (stop.index < stop.size && tdir * (stop.next - t) <= T(0)) stop.advance(tf);
    }
  }
  for (int s = save.index; s < saveat.size; ++s) out.save(s, Vec<T, N>::constant(FloatTraits<T>::nan()));
  out.finish(rc, t, u, st);
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_INTEGRATE_IMPL_HPP
