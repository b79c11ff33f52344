/// \file Kode_Events_Impl.hpp
/// \brief Event detection and handling for the integration loop: sign changes of continuous
/// conditions on a step's dense output, root refinement (Illinois), affects, discrete callbacks.
///
/// A `CallbackSet` is a compile-time list; `SetOps` walks it with every callback's index known at
/// compile time (`GI` in the whole set, `CI` among the continuous ones), so each callback's
/// functors are called directly and nothing is virtual or indexed at run time.
#ifndef KODE_EVENTS_IMPL_HPP
#define KODE_EVENTS_IMPL_HPP

#include "Kode_Callbacks.hpp"
#include "Kode_Compat.hpp"
#include "Kode_Math.hpp"
#include "Kode_ReturnCode.hpp"

#include <type_traits>

namespace kode {
namespace Impl {

/// The earliest continuous event found in a step.
template <class T>
struct EventHit {
  bool found = false;
  T theta    = T(1);   ///< position in the step, [0, 1]: the event's state has not crossed yet
  T past     = T(1);   ///< the end of the root's bracket, where the condition has crossed
  int which  = -1;     ///< index of the callback in the set
  bool up    = false;  ///< upcrossing (else downcrossing)
};

/// Per-trajectory memory of the continuous conditions: the last value, and whether its sign must
/// be taken from the next nonzero sample (at t0, and right after the callback fired) at or after
/// `window_end`, the end of the last event's repeat window.
template <class T, int NC>
struct ContinuousState {
  T g[NC > 0 ? NC : 1];
  bool fresh[NC > 0 ? NC : 1];
  T window_end;
};

/// Calls an affect; a void affect means Continue; NoAffect is never called.
template <class Affect, class U, class P, class T>
KOKKOS_FUNCTION EventAction call_affect(const Affect& affect, U& u, P& p, const T t) {
  if constexpr (std::is_same<Affect, NoAffect>::value) {
    return EventAction::Continue;
  } else if constexpr (std::is_void<decltype(affect(u, p, t))>::value) {
    affect(u, p, t);
    return EventAction::Continue;
  } else {
    return affect(u, p, t);
  }
}

template <class T>
KOKKOS_FORCEINLINE_FUNCTION int sign_of(const T x) {
  return (x > T(0)) - (x < T(0));
}

/// Where the event screen probes a condition's slope: this fraction of the step in from each end.
inline constexpr double screen_probe = 1.0 / 256;

/// The event screen (`ContinuousCallback::screen`): whether a condition with the same nonzero
/// sign at both ends of a step, values g0, g1 and θ-slopes d0, d1 there (θ ∈ [0, 1] the position
/// in the step), stays clear of zero inside the step, so that its interior samples can be skipped.
///
/// The cubic Hermite interpolant of (g0, d0, g1, d1) has the Bernstein control points g0,
/// g0 + d0/3, g1 − d1/3, g1 and lies in their convex hull, so it keeps the sign of the smallest
/// of them (in the direction of that sign): for a cubic g the test is exact, a g that crosses
/// zero inside the step is never cleared. For a g of higher degree it is a bound of the cubic
/// only, so the step is cleared when that smallest control point exceeds a margin: e = |g1 − g0 −
/// (d0 + d1)/2|, the trapezoidal rule's error on g' (zero for a quadratic g), i.e. the size of the
/// cubic term — the part of g the step resolves worst, and which bounds the next terms where the
/// step resolves g as the error control makes it resolve u — plus the rounding of slopes taken
/// as differences over `screen_probe` of the step (`condition_slope`). (What endpoint values and
/// slopes cannot see, a term like θ²(1 − θ)², the interior samples see only where it is wide
/// enough to cover one; the screen gives that up.) A condition heading for zero at either end (a
/// dip, a turn back) is sampled, and so is every value or slope that is not finite.
template <class T>
KOKKOS_FUNCTION bool screen_clear(const T g0, const T g1, const T d0, const T d1) {
  const T s = g0 > T(0) ? T(1) : T(-1);
  if (!(g0 * g1 > T(0))) return false;  // a sign change (or zero, or NaN) at the ends: search
  const T a = s * g0, b = s * g1, da = s * d0, db = s * d1;
  const T rounding = T(8) * FloatTraits<T>::epsilon() * (a + b) * T(1 / screen_probe);
  const T e        = kode::fabs(b - a - T(0.5) * (da + db)) + rounding;
  const T lowest   = kode::fmin(kode::fmin(a, b), kode::fmin(a + da * T(1.0 / 3), b - db * T(1.0 / 3)));
  return lowest > e;  // false for a NaN or infinite slope as well
}

/// The θ-slope of condition `c` at an end (u, t) of the step of length h, where it is g and u' =
/// du: a one-sided difference along the tangent into the step, over `screen_probe` of it
/// (`dir` = +1 at the start, −1 at the end). A difference, not dual numbers, so that every
/// condition can be screened, whatever it is written with.
template <class C, class T, int N, class P>
KOKKOS_FUNCTION T condition_slope(const C& c, const Vec<T, N>& u, const Vec<T, N>& du, const P& p, const T t, const T h,
                                  const T g, const T dir) {
  const T tau = dir * T(screen_probe) * h;
  Vec<T, N> v;
  for (int i = 0; i < N; ++i) v[i] = u[i] + tau * du[i];
  return (c(v, p, t + tau) - g) * (dir * T(1 / screen_probe));  // (a power of 2: no division)
}

/// The final bracket of a root: g has a's sign at `a` and b's at `b` (or is 0 there: `exact`).
template <class T>
struct RootBracket {
  T a, b;
  bool exact;
};

// Root of θ ↦ g(θ) in [a, b] with g(a), g(b) of opposite signs (or g(b) = 0), by the Illinois
// variant of regula falsi (superlinear, and it keeps the bracket), to a bracket of width `tol`.
template <class G, class T>
KOKKOS_FUNCTION RootBracket<T> illinois(const G& g, T a, T ga, T b, T gb, const T tol) {
  int side = 0;
  for (int it = 0; it < 100 && b - a > tol && gb != T(0); ++it) {
    T c        = (a * gb - b * ga) / (gb - ga);
    const T lo = a + T(0.25) * tol, hi = b - T(0.25) * tol;
    c          = c < lo ? lo : (c > hi ? hi : c);  // strictly inside the bracket
    const T gc = g(c);
    if (sign_of(gc) == sign_of(gb) || gc == T(0)) {
      b  = c;
      gb = gc;
      if (side == -1) ga *= T(0.5);
      side = -1;
    } else {
      a  = c;
      ga = gc;
      if (side == +1) gb *= T(0.5);
      side = +1;
    }
  }
  return {a, b, gb == T(0)};
}

template <int GI, int CI, class Set>
struct SetOps;

template <int GI, int CI>
struct SetOps<GI, CI, CallbackSet<>> {
  template <class... A>
  KOKKOS_FUNCTION static void eval_continuous(A&&...) {}
  template <class... A>
  KOKKOS_FUNCTION static void max_interp_points(A&&...) {}
  template <class... A>
  KOKKOS_FUNCTION static void mark_fresh(A&&...) {}
  template <class... A>
  KOKKOS_FUNCTION static void check_sample(A&&...) {}
  template <class... A>
  KOKKOS_FUNCTION static void refine(A&&...) {}
  template <class... A>
  KOKKOS_FUNCTION static bool screen(A&&...) {
    return true;
  }
  template <class... A>
  KOKKOS_FUNCTION static EventAction apply_continuous(A&&...) {
    return EventAction::Continue;
  }
  template <class Rec, class... A>
  KOKKOS_FUNCTION static EventAction apply_discrete(const CallbackSet<>&, bool&, Rec&, A&&...) {
    return EventAction::Continue;
  }
  template <class... A>
  KOKKOS_FUNCTION static bool any_discrete_fires(A&&...) {
    return false;
  }
};

template <int GI, int CI, class First, class... Rest>
struct SetOps<GI, CI, CallbackSet<First, Rest...>> {
  using Set                           = CallbackSet<First, Rest...>;
  static constexpr bool is_continuous = is_continuous_callback<First>::value;
  using Next                          = SetOps<GI + 1, CI + (is_continuous ? 1 : 0), CallbackSet<Rest...>>;

  /// Evaluates every continuous condition at (u, p, t) into the state; `fresh` as given.
  template <class S, class U, class P, class T>
  KOKKOS_FUNCTION static void eval_continuous(const Set& s, S& state, const U& u, const P& p, const T t,
                                              const bool fresh) {
    if constexpr (is_continuous) {
      state.g[CI]     = s.first.condition(u, p, t);
      state.fresh[CI] = fresh || state.g[CI] == T(0);
    }
    Next::eval_continuous(s.rest, state, u, p, t, fresh);
  }

  /// Marks continuous callback `which` (index in the set) as just fired: its sign is taken anew.
  template <class S>
  KOKKOS_FUNCTION static void mark_fresh(const Set& s, S& state, const int which) {
    if constexpr (is_continuous) {
      if (which == GI) state.fresh[CI] = true;
    }
    Next::mark_fresh(s.rest, state, which);
  }

  /// The largest number of interior samples asked for.
  KOKKOS_FUNCTION static void max_interp_points(const Set& s, int& m) {
    if constexpr (is_continuous) m = s.first.interp_points > m ? s.first.interp_points : m;
    Next::max_interp_points(s.rest, m);
  }

  /// Whether every continuous callback is cleared by the event screen in the step from (u, t) to
  /// (unew, t + h) with slopes f0, f1 there (the step's first and last stages): each must ask for
  /// it (`screen`) and pass `screen_clear`. Three evaluations of each condition: at unew (into
  /// `gend`) and at one probe in from each end (its value at u is the one remembered, as in
  /// check_sample).
  template <class S, class U, class P, class T>
  KOKKOS_FUNCTION static bool screen(const Set& s, const S& state, const U& u, const U& f0, const U& unew, const U& f1,
                                     const P& p, const T t, const T h, T* gend) {
    if constexpr (is_continuous) {
      if (!s.first.screen) return false;
      const T g0 = state.g[CI], g1 = s.first.condition(unew, p, t + h);
      gend[CI]   = g1;
      const T d0 = condition_slope(s.first.condition, u, f0, p, t, h, g0, T(1));
      const T d1 = condition_slope(s.first.condition, unew, f1, p, t + h, h, g1, T(-1));
      if (!screen_clear(g0, g1, d0, d1)) return false;
    }
    return Next::screen(s.rest, state, u, f0, unew, f1, p, t, h, gend);
  }

  /// Compares each continuous condition at the sample (u, t) with its last value; marks in
  /// `crossed` (bit CI) those that changed sign in a direction they act on, keeping their last
  /// values in `gprev`, and stores the new values. `in_window`: the sample is inside the last
  /// event's repeat window, where a fresh condition keeps no sign.
  template <class S, class U, class P, class T>
  KOKKOS_FUNCTION static void check_sample(const Set& s, S& state, const U& u, const P& p, const T t, unsigned& crossed,
                                           T* gprev, const bool in_window) {
    if constexpr (is_continuous) {
      const T g = s.first.condition(u, p, t);
      if (state.fresh[CI]) {  // the sign is set by the first nonzero sample, without an event
        if (g != T(0) && !in_window) state.fresh[CI] = false;
      } else {
        const int s0 = sign_of(state.g[CI]), s1 = sign_of(g);
        // NaN has no sign: sign_of gives it 0, which would read as reaching zero and fire at the
        // step's end with a NaN root. A NaN sample is no crossing, and the sample after it
        // compares with it (s0 = 0) and is none either (documented in Kode_Callbacks.hpp).
        if (s0 != 0 && s1 != s0 && !kode::isnan(g)) {
          const bool up   = s0 < 0;
          const bool acts = up ? !std::is_same<decltype(s.first.affect), NoAffect>::value
                               : !std::is_same<decltype(s.first.affect_neg), NoAffect>::value;
          if (acts) {
            crossed |= 1u << CI;
            gprev[CI] = state.g[CI];
          }
        }
      }
      state.g[CI] = g;
    }
    Next::check_sample(s.rest, state, u, p, t, crossed, gprev, in_window);
  }

  /// Refines the roots of the conditions marked in `crossed` inside [θa, θb] and keeps the
  /// earliest in `hit` (ties: the first in the set).
  template <class S, class Interp, class P, class T>
  KOKKOS_FUNCTION static void refine(const Set& s, const S& state, const Interp& interp, const P& p,
                                     const unsigned crossed, const T* gprev, const T theta_a, const T theta_b,
                                     const T tol_theta, EventHit<T>& hit) {
    if constexpr (is_continuous) {
      if (crossed & (1u << CI)) {
        const T ga = gprev[CI], gb = state.g[CI];
        auto g = [&](const T th) {
          T t;
          const auto u = interp(th, t);
          return s.first.condition(u, p, t);
        };
        T tol = tol_theta;
        if (s.first.rootfind_abstol > 0) tol = T(s.first.rootfind_abstol) / interp.step_length();
        const RootBracket<T> r = illinois(g, theta_a, ga, theta_b, gb, tol);
        // The event is the bracket's end before the crossing (OrdinaryDiffEq's LeftRootFind), unless
        // the condition is exactly 0 at the other: the affect sees a state that has not crossed, so
        // one that turns the trajectory back (a bounce) cannot make it cross again; the crossing
        // itself, in (a, b], is passed in the repeat window that lasts until b. (Placed at b, past the
        // crossing, a bounce with a bracket wider than 1/100 of the next step crossed again after the
        // window: with rootfind_abstol = 1e-3 four oscillators reflected at u1 = 0 counted 3 4 11 33
        // events instead of 3 4 5 6, issue 32.)
        const T th = r.exact ? r.b : r.a;
        if (!hit.found || th < hit.theta) {
          hit.found = true;
          hit.theta = th;
          hit.past  = r.b;
          hit.which = GI;
          hit.up    = ga < T(0);
        }
      }
    }
    Next::refine(s.rest, state, interp, p, crossed, gprev, theta_a, theta_b, tol_theta, hit);
  }

  /// Applies the affect of continuous callback `which` for the given direction.
  template <class U, class P, class T>
  KOKKOS_FUNCTION static EventAction apply_continuous(const Set& s, const int which, const bool up, U& u, P& p,
                                                      const T t) {
    if constexpr (is_continuous) {
      if (which == GI) return up ? call_affect(s.first.affect, u, p, t) : call_affect(s.first.affect_neg, u, p, t);
    }
    return Next::apply_continuous(s.rest, which, up, u, p, t);
  }

  /// Whether a discrete callback's condition holds at (u, p, t), i.e. `apply_discrete` there would
  /// run an affect (its first affect runs on this very state).
  template <class U, class P, class T>
  KOKKOS_FUNCTION static bool any_discrete_fires(const Set& s, const U& u, const P& p, const T t) {
    if constexpr (is_discrete_callback<First>::value) {
      if (s.first.condition(u, p, t)) return true;
    }
    return Next::any_discrete_fires(s.rest, u, p, t);
  }

  /// Runs the discrete callbacks in order at (u, p, t); `applied` tells whether any fired.
  template <class Rec, class U, class P, class T>
  KOKKOS_FUNCTION static EventAction apply_discrete(const Set& s, bool& applied, Rec& record, U& u, P& p, const T t) {
    if constexpr (is_discrete_callback<First>::value) {
      if (s.first.condition(u, p, t)) {
        applied = true;
        record(t, GI);
        if (call_affect(s.first.affect, u, p, t) == EventAction::Terminate) return EventAction::Terminate;
      }
    }
    return Next::apply_discrete(s.rest, applied, record, u, p, t);
  }
};

/// Looks for the earliest continuous event in the accepted step from (t, u) to (tnew, unew).
/// `interp(θ, t_out)` returns the dense output at θ (and its time); θ = 1 gives unew exactly.
template <class Set, class S, class Interp, class P, class T, class U>
KOKKOS_FUNCTION EventHit<T> find_event(const Set& set, S& state, const Interp& interp, const P& p, const T tnew,
                                       const U& unew) {
  using Ops = SetOps<0, 0, Set>;
  EventHit<T> hit;
  int m = 0;
  Ops::max_interp_points(set, m);
  // (zeroed: read only where `crossed` marks it written, which GCC at -O1 cannot see)
  T gprev[Set::num_continuous > 0 ? Set::num_continuous : 1] = {};
  // Right after a callback fired (or at t0 with the condition exactly 0) its sign is unknown; it
  // is taken at the end of a repeat window, and a root before that is ignored: 1/100 of the next
  // step (OrdinaryDiffEq's `repeat_nudge`), or until the far end of the event's root bracket where
  // that is later (a coarse rootfind_abstol). The extra sample exists only in such steps.
  bool any_fresh = false;
  for (int c = 0; c < Set::num_continuous; ++c) any_fresh = any_fresh || state.fresh[c];
  // The event screen: a step whose conditions keep their sign at both ends and, by their slopes
  // there, stay clear of zero inside needs no interior samples (steppers that know f at both ends
  // of the step, the first-same-as-last explicit methods; the others always sample). Cleared, no
  // condition changed sign at the end and none is fresh, so the end sample would only store the
  // values the screen has already computed.
  if constexpr (Interp::has_endpoint_slopes) {
    if (!any_fresh && m > 0) {
      T gend[Set::num_continuous > 0 ? Set::num_continuous : 1];
      if (Ops::screen(set, state, interp.start(), interp.slope_start(), unew, interp.slope_end(), p, interp.t, interp.h,
                      gend)) {
        for (int c = 0; c < Set::num_continuous; ++c) state.g[c] = gend[c];
        return hit;
      }
    }
  }
  // The samples: m interior ones at j/(m + 1), the end, and with a fresh condition one at the end of
  // its repeat window (the last event's bracket, at least 1/100 of this step: θw), before which a
  // fresh condition keeps no sign (the window may outlast the step).
  const T theta_w = any_fresh ? kode::fmax(T(0.01), (state.window_end - interp.t) / interp.h) : T(0);
  bool w_ahead    = any_fresh && theta_w < T(1);
  T theta_a       = T(0);
  for (int j = 1;;) {
    const T grid = j <= m ? T(j) / T(m + 1) : T(1);
    T theta_b    = grid;
    if (w_ahead && theta_w <= grid) {
      theta_b = theta_w;
      w_ahead = false;
      if (theta_w == grid) ++j;
    } else {
      ++j;
    }
    unsigned crossed     = 0;
    const bool in_window = theta_b < theta_w;
    if (theta_b == T(1)) {
      Ops::check_sample(set, state, unew, p, tnew, crossed, gprev, in_window);
    } else {
      T tj;
      const auto uj = interp(theta_b, tj);
      Ops::check_sample(set, state, uj, p, tj, crossed, gprev, in_window);
    }
    if (crossed) {
      // A tolerance of a few ulps of t, in units of the step; at most 1/1000 of a step shorter
      // than that (the compensated clock takes such steps, and the event's place in one still
      // sets the state). Computed here, not per step: its division is a cost of every step.
      const T tol_theta = kode::fmin(
          T(8) * FloatTraits<T>::epsilon() * kode::fmax(T(1), kode::fabs(tnew)) / interp.step_length(), T(1e-3));
      Ops::refine(set, state, interp, p, crossed, gprev, theta_a, theta_b, tol_theta, hit);
      return hit;
    }
    if (theta_b == T(1)) break;
    theta_a = theta_b;
  }
  return hit;
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_EVENTS_IMPL_HPP
