/// \file Kode_Integrate_Impl.hpp
/// \brief The per-trajectory integration loop shared by every stepper and every ensemble
/// algorithm: step-size control, saveat by dense output, tstops, return codes, statistics.
///
/// This is the only place where steps are accepted or rejected. Steppers (solvers/) do the
/// method's arithmetic; ensemble algorithms decide which thread runs which trajectory and hand
/// the loop an `Output` that knows where that trajectory's results go.
#ifndef KODE_INTEGRATE_IMPL_HPP
#define KODE_INTEGRATE_IMPL_HPP

#include "Kode_Controller.hpp"
#include "Kode_ReturnCode.hpp"
#include "Kode_Vec.hpp"

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
  PIController<T> controller;
};

/// A right-hand side with one trajectory's parameters bound: `rhs(du, u, t)`.
template <class System, class PVec>
struct BoundRhs {
  const System& f;
  const PVec& p;
  template <class DU, class U, class TT>
  KOKKOS_FORCEINLINE_FUNCTION void operator()(DU& du, const U& u, const TT t) const {
    f(du, u, p, t);
  }
};

// Writes the saves that fall in (t, tnew] (or exactly at tnew), from the accepted step's dense
// output; a save time equal to the step's end takes the new state itself, not the interpolant.
template <class Stepper, class Output, class T, int N>
KOKKOS_FORCEINLINE_FUNCTION void save_in_step(const Stepper& stepper, Output& out, const TimeList<T>& saveat,
                                              int& isave, const T tdir, const T t, const T tnew, const T h,
                                              const Vec<T, N>& u, const Vec<T, N>& unew) {
  while (isave < saveat.size && tdir * (saveat[isave] - tnew) <= T(0)) {
    const T ts = saveat[isave];
    if (ts == tnew) {
      out.save(isave, unew);
    } else {
      out.save(isave, stepper.interpolate(u, unew, h, (ts - t) / h));
    }
    ++isave;
  }
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
template <class Alg, bool Adaptive, class Rhs, class T, int N, class Output>
KOKKOS_FUNCTION void integrate(const Rhs& f, Vec<T, N> u, const T t0, const T tf, const LoopOptions<T>& o,
                               const TimeList<T>& saveat, const TimeList<T>& tstops, Output& out) {
  using Stepper = typename Alg::template stepper<T, N>;
  static_assert(!Adaptive || Alg::has_error_est, "kode: adaptive stepping needs a method with an error estimate");

  Stepper stepper;
  Stats st;
  ReturnCode rc = ReturnCode::Success;
  const T tdir  = tf > t0 ? T(1) : T(-1);
  const T eps   = FloatTraits<T>::epsilon();
  const T tfuzz = T(64) * eps * kode::fmax(kode::fabs(t0), kode::fabs(tf));  // "lands on a stop" slack
  T t           = t0;
  int isave     = 0;
  int istop     = 0;
  while (isave < saveat.size && saveat[isave] == t0) out.save(isave++, u);
  while (istop < tstops.size && tdir * (tstops[istop] - t0) <= T(0)) ++istop;

  stepper.initialize(f, u, t, st);
  if (!all_finite(u)) rc = ReturnCode::Unstable;

  if constexpr (Adaptive) {
    T dt = o.dt;
    if (!(dt > T(0))) {  // Hairer's guess: two extra evaluations, once per trajectory
      Vec<T, N> f0;
      f(f0, u, t0);
      dt = initial_dt(f, u, f0, t0, tdir, o.abstol, o.reltol, Alg::order, o.dtmax);
      st.nf += 2;
    }
    T qold = o.controller.qoldinit;
    while (rc == ReturnCode::Success && tdir * (tf - t) > T(0)) {
      if (st.naccept + st.nreject >= o.maxiters) {
        rc = ReturnCode::MaxIters;
        break;
      }
      dt              = kode::fmin(dt, o.dtmax);
      const T stop    = istop < tstops.size ? tstops[istop] : tf;
      const bool land = dt >= tdir * (stop - t) - tfuzz;
      const T tnew    = land ? stop : t + tdir * dt;
      const T h       = land ? stop - t : tdir * dt;
      Vec<T, N> unew, err;
      const StepStatus ss = stepper.template step<true>(f, u, t, h, unew, err, st);
      if (ss == StepStatus::Fail) {
        rc = stepper.failure();
        break;
      }
      const T EEst = ss == StepStatus::Ok ? error_norm(err, u, unew, o.abstol, o.reltol) : T(2);
      if (kode::isnan(EEst)) {
        rc = ReturnCode::Unstable;
        break;
      }
      if (!(EEst <= T(1))) {  // reject (also for an infinite estimate)
        ++st.nreject;
        dt = ss == StepStatus::Ok ? o.controller.reject(kode::fabs(h), EEst) : T(0.5) * kode::fabs(h);
        if (dt < o.dtmin || dt <= eps * kode::fabs(t)) rc = ReturnCode::DtLessThanMin;
        continue;
      }
      if (!all_finite(unew)) {
        rc = ReturnCode::Unstable;
        break;
      }
      ++st.naccept;
      const T dt_tried = dt;
      dt               = o.controller.accept(kode::fabs(h), EEst, qold);
      // A step shortened to land on a stop says nothing about the step the dynamics allow:
      // its small proposal is not held against dtmin, and the step before it is resumed.
      if (land && kode::fabs(h) < dt_tried) {
        dt = kode::fmax(dt, dt_tried);
      } else if (dt < o.dtmin || dt <= eps * kode::fabs(tnew)) {
        rc = ReturnCode::DtLessThanMin;
      }
      save_in_step(stepper, out, saveat, isave, tdir, t, tnew, h, u, unew);
      u = unew;
      t = tnew;
      stepper.accept(f, u, t, st);
      while (istop < tstops.size && tdir * (tstops[istop] - t) <= T(0)) ++istop;
    }
  } else {
    T origin = t0;  // fixed-step grid: t_k = origin + k dt, restarted at each tstop
    int k    = 0;
    while (rc == ReturnCode::Success && tdir * (tf - t) > T(0)) {
      if (st.naccept >= o.maxiters) {
        rc = ReturnCode::MaxIters;
        break;
      }
      const T stop    = istop < tstops.size ? tstops[istop] : tf;
      const T tgrid   = origin + tdir * T(k + 1) * o.dt;
      const bool land = tdir * (tgrid - stop) >= -tfuzz;
      const T tnew    = land ? stop : tgrid;
      const T h       = tnew - t;
      Vec<T, N> unew, err;
      const StepStatus ss = stepper.template step<false>(f, u, t, h, unew, err, st);
      if (ss != StepStatus::Ok) {  // no smaller step to fall back on
        rc = ss == StepStatus::Fail ? stepper.failure() : ReturnCode::ConvergenceFailure;
        break;
      }
      if (!all_finite(unew)) {
        rc = ReturnCode::Unstable;
        break;
      }
      ++st.naccept;
      save_in_step(stepper, out, saveat, isave, tdir, t, tnew, h, u, unew);
      u = unew;
      t = tnew;
      stepper.accept(f, u, t, st);
      if (land) {
        origin = t;
        k      = 0;
        while (istop < tstops.size && tdir * (tstops[istop] - t) <= T(0)) ++istop;
      } else {
        ++k;
      }
    }
  }
  for (int s = isave; s < saveat.size; ++s) out.save(s, Vec<T, N>::constant(FloatTraits<T>::nan()));
  out.finish(rc, t, u, st);
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_INTEGRATE_IMPL_HPP
