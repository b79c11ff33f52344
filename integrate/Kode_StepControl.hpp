/// \file Kode_StepControl.hpp
/// \brief `kode::Impl::StepControl`: every rule that decides the size of the next step and the
/// fate of the last one, as one scalar value type callable on the host and on the device.
///
/// The per-trajectory loop (`integrate/impl/Kode_Integrate_Impl.hpp`) asks it for each attempt
/// and tells it how the attempt went; a lock-step driver on the host (one step size per trajectory
/// over a View state) calls the same functions with each trajectory's reduced error estimate, so
/// the rules cannot drift between modes. It holds no state vector and knows no stepper: the inputs
/// are scalars (the distance to the next stop, the stepper's `StepStatus`, the scaled error).
#ifndef KODE_STEPCONTROL_HPP
#define KODE_STEPCONTROL_HPP

#include "Kode_Controller.hpp"
#include "Kode_Math.hpp"
#include "Kode_ReturnCode.hpp"

namespace kode {
namespace Impl {

/// One adaptive attempt as proposed: the signed step, and whether it lands on the next stop.
template <class T>
struct StepProposal {
  T h;        ///< signed step to attempt
  bool land;  ///< the step ends exactly on the next stop (a tstop or tf)
};

/// \brief Step-size control of one trajectory: the PI controller of a method of order `Order`, the
/// step floor, landing on stops, and the step after an event.
///
/// Rules (the user-facing ones are documented in docs/architecture.md):
/// - The floor is `max(dtmin, 16 ε² max(|t|, |tf − t0|))`: below it the compensated clock
///   (Kode_Clock.hpp) cannot resolve a step. A controller proposal under it ends the trajectory
///   with `DtLessThanMin` (after keeping an accepted step); a stepper's non-finite attempt that is
///   still non-finite there ends it `Unstable`.
/// - A step lands on the next stop when it reaches the stop to within 64 ε of the distance (it is
///   stretched by at most that): a sliver left by round-off is never taken on its own. The slack
///   is relative to the distance, never to the span: a span-sized slack made every step near a
///   close stop "land" with the whole distance however much the controller asked to shrink (float
///   Robertson to 4e5 with a tstop at 1 was rejected 100,000 times at t = 0).
/// - A step shortened to land says nothing about the step the dynamics allow: its small proposal
///   is not held against the floor, and the step before it is resumed. A rejected step always
///   shrinks.
/// - After an event the next step is at most the part of the cut step that was kept.
template <class T, int Order>
struct StepControl {
  T tdir;   ///< +1 forward, −1 backward
  T dtmin;  ///< the user's smallest step
  T dtmax;  ///< largest step magnitude
  T span;   ///< |tf − t0|
  T dt;     ///< magnitude of the step the controller wants next
  T lqold;  ///< the PI controller's memory of the last accepted error, as log₂ qold

  /// The controller's constants: compile-time constants of the method's order, which lets the
  /// compiler fold them into the arithmetic.
  KOKKOS_FORCEINLINE_FUNCTION static constexpr PIController<T> pi() { return PIController<T>::defaults(Order); }
  /// log₂ of the controller's initial and smallest remembered error, 1e-4 (−4 log₂ 10).
  KOKKOS_FORCEINLINE_FUNCTION static constexpr T log2_qoldinit() { return T(-13.287712379549449); }
  static_assert(PIController<T>::defaults(1).qoldinit == T(1e-4), "kode: log2_qoldinit is log2 of qoldinit");

  /// Landing slack, as a fraction of the distance to the stop (see the class comment).
  KOKKOS_FORCEINLINE_FUNCTION static constexpr T land_slack() { return T(64) * FloatTraits<T>::epsilon(); }

  StepControl() = default;  // (for arrays of lanes; no annotation, see Clock)
  KOKKOS_FORCEINLINE_FUNCTION StepControl(const T t0, const T tf, const T dtmin_, const T dtmax_)
      : tdir(tf > t0 ? T(1) : T(-1)),
        dtmin(dtmin_),
        dtmax(dtmax_),
        span(kode::fabs(tf - t0)),
        dt(T(0)),
        lqold(log2_qoldinit()) {}

  /// The smallest step the controller may propose at time `t` (see the class comment).
  KOKKOS_FORCEINLINE_FUNCTION T floor(const T t) const {
    const T eps = FloatTraits<T>::epsilon();
    return kode::fmax(dtmin, T(16) * eps * eps * kode::fmax(kode::fabs(t), span));
  }

  /// The first step of an adaptive run from a guess (the user's `dt`, or Hairer's): at least dtmin,
  /// as every later step (the cap dtmax is applied by `propose`).
  KOKKOS_FORCEINLINE_FUNCTION void start(const T dt0) { dt = kode::fmax(dt0, dtmin); }

  /// The next attempt, `to_stop` ≥ 0 being the distance to the next stop.
  KOKKOS_FORCEINLINE_FUNCTION StepProposal<T> propose(const T to_stop) {
    dt              = kode::fmin(dt, dtmax);
    const bool land = dt >= to_stop - land_slack() * to_stop;
    return {tdir * (land ? to_stop : dt), land};
  }

  // The verdict on an attempt is three calls, in this order (Trajectory::run_adaptive): `acceptable`;
  // if not, `reject` (and the attempt is retried unless rc says otherwise); if so, the caller
  // checks the new state is finite (else Unstable) and calls `accept`. It is not one function
  // returning a verdict on purpose: merging the paths into a value and branching on it again cost
  // the adaptive double Tsit5 Lorenz kernel 16 more registers (96 → 112, sm_90; the three calls
  // keep 96).

  /// Whether an attempt with stepper status `ss` (`Ok`, `Retry` or `NonFinite`; a `Fail` is the
  /// stepper's to report) and scaled error `err` is accepted: Ok and err ≤ 1 (a NaN is not).
  KOKKOS_FORCEINLINE_FUNCTION static bool acceptable(const StepStatus ss, const T err) {
    return ss == StepStatus::Ok && err <= T(1);
  }

  /// \brief A rejected attempt `p` made at time `t`: sets the step to retry with. Returns false
  /// when the trajectory must end at once without retrying (a NaN error estimate: `rc` =
  /// `Unstable`); sets `rc` when the retry would be below the floor.
  KOKKOS_FORCEINLINE_FUNCTION bool reject(const StepProposal<T>& p, const StepStatus ss, const T err, const T t,
                                          ReturnCode& rc) {
    constexpr PIController<T> ctrl = pi();
    if (ss == StepStatus::Ok && kode::isnan(err)) {
      rc = ReturnCode::Unstable;
      return false;
    }
    // an infinite estimate, or none (the stepper could not compute the step), is a rejection with
    // the largest shrink
    const T h = kode::fabs(p.h);
    dt        = ss == StepStatus::Ok ? ctrl.reject(h, err) : T(0.5) * h;
    // A stage still non-finite when the step cannot shrink further is a blow-up, the same
    // `Unstable` an explicit method reports for its NaN, not a step-size failure.
    if (dt < floor(t)) rc = ss == StepStatus::NonFinite ? ReturnCode::Unstable : ReturnCode::DtLessThanMin;
    return true;
  }

  /// \brief An accepted attempt `p` made at time `t` with scaled error `err`: sets the next step;
  /// `rc` = `DtLessThanMin` when that is below the floor (the accepted step is kept).
  KOKKOS_FORCEINLINE_FUNCTION void accept(const StepProposal<T>& p, const T err, const T t, ReturnCode& rc) {
    constexpr PIController<T> ctrl = pi();
    const T h                      = kode::fabs(p.h);
    // PIController::accept with qold kept as its log₂: one log₂ and one 2^x per step instead of
    // two of each (the four libm calls were 17.6% of a Serial Tsit5 Lorenz step, perf record;
    // issue 19)
    T dtnew;
    if (err == T(0)) {
      dtnew = h / (T(1) / ctrl.qmax);
      lqold = log2_qoldinit();
    } else {
      const T lerr = ctrl_log2(err);
      dtnew        = h / ctrl.accept_ratio(lerr, lqold);
      lqold        = kode::fmax(lerr, log2_qoldinit());
    }
    if (p.land && h < dt) {  // shortened to land: resume the step before it
      dt = kode::fmax(dtnew, dt);
    } else {
      dt = dtnew;
      if (dt < floor(t)) rc = ReturnCode::DtLessThanMin;
    }
  }

  /// After an event cut the last step at time `t`, keeping `kept` of it: the next step is at most
  /// that long. The event changed the dynamics, and an error estimate that allowed a long step
  /// before it (a quadratic free fall has none) says nothing about the time scale after it.
  KOKKOS_FORCEINLINE_FUNCTION void after_event(const T kept, const T t) {
    dt = kode::fmax(kode::fmin(dt, kept), T(16) * floor(t));
  }

  /// \brief Fixed step: the number of steps of size `step` to cover `distance` (both > 0), the last
  /// one landing on the stop: the quotient rounded up after taking off a slack of 64 ε of the
  /// quotient (its own rounding), at most 1% of a step (for very long runs). A quotient that is a
  /// whole number but for its rounding is that number: the landing step is stretched by at most
  /// the slack, never left as a sliver step of round-off.
  KOKKOS_FORCEINLINE_FUNCTION static T fixed_steps(const T distance, const T step) {
    const T q = distance / step;
    return kode::fmax(T(1), kode::ceil(q - kode::fmin(land_slack() * q, T(0.01))));
  }
};

}  // namespace Impl
}  // namespace kode

#endif  // KODE_STEPCONTROL_HPP
