/// \file Kode_Callbacks.hpp
/// \brief Events: `kode::DiscreteCallback`, `kode::ContinuousCallback`, `kode::CallbackSet`.
///
/// Callbacks are user functors (named structs with a templated, const, `KOKKOS_FUNCTION` call
/// operator, like the right-hand side):
/// \code
/// struct Height {  // condition of a ContinuousCallback: its sign changes mark events
///   template <class T>
///   KOKKOS_FUNCTION T operator()(const kode::Vec<T, 2>& u, const kode::Vec<T, 1>& p, T t) const { return u[0]; }
/// };
/// struct Bounce {  // an affect: may change the state and the trajectory's parameters
///   template <class T>
///   KOKKOS_FUNCTION kode::EventAction operator()(kode::Vec<T, 2>& u, kode::Vec<T, 1>& p, T t) const {
///     u[1] = -p[0] * u[1];
///     return kode::EventAction::Continue;  // or Terminate; a void affect means Continue
///   }
/// };
/// auto sol = kode::solve(exec, prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts,
///                        kode::CallbackSet{kode::ContinuousCallback{Height{}, Bounce{}}});
/// \endcode
///
/// Semantics (every method, every backend; see docs/architecture.md "Events"):
/// - A `DiscreteCallback` checks `condition(u, p, t) -> bool` after every accepted step (at the
///   step's end, or at a continuous event that cut the step) and, when true, applies its affect.
///   With `tstops` this gives events at given times.
/// - A `ContinuousCallback` watches the sign of `condition(u, p, t)` on every accepted step: at the
///   step's start, at `interp_points` interior points of the step's dense output and at its end, so
///   that two crossings inside one step are both found (the step is cut at the first; the next step
///   starts there). The event screen spares most steps the interior samples: where the stepper knows
///   f at both ends of the step (Tsit5, DP5, RK4: first same as last), the condition's values at the
///   ends and its slopes there (differences along f over 1/256 of the step: two more evaluations)
///   bound the cubic through them; a step that keeps its sign at both ends and whose bound stays
///   clear of zero by more than the bound's own error measure is not sampled inside. A condition
///   heading for zero or turning back is sampled as before, and so is every step of the other
///   methods; `screen = false` samples every step. A crossing from negative to positive is an
///   upcrossing and calls `affect`, from positive to negative a downcrossing and calls `affect_neg`;
///   the two-argument form uses `affect` for both (as OrdinaryDiffEq), and `kode::NoAffect{}` ignores
///   a direction. The root is bracketed on the dense output by the Illinois method to within
///   `rootfind_abstol` in t (default a few ulps), and the event is the bracket's end *before* the
///   crossing (OrdinaryDiffEq's `LeftRootFind`), unless the condition is exactly 0 at the other end:
///   the state moved there by interpolation, saves before it are written from the same step, and
///   the step is cut there: t and u become the event's, then the affect runs, and the stepper
///   restarts (first-same-as-last stages recomputed). The event time is thus at most
///   `rootfind_abstol` before the root, and the affect sees a state that has not crossed yet.
/// - Several callbacks: the earliest event in a step wins (ties: the first in the set); then the
///   discrete callbacks run at that point, each in set order.
/// - Repeat suppression: right after a callback fired, its condition is ~0 and its sign
///   meaningless; the sign it has after the event is taken at the end of a repeat window, and a
///   root of the same condition before that is ignored. The window lasts 1/100 of the next step
///   (OrdinaryDiffEq's `repeat_nudge`), or until the far end of the root's bracket where that is
///   later, so that the crossing the event stood for is passed, not counted again, however coarse
///   `rootfind_abstol` is: an affect that lets the trajectory go on crosses inside the window, and
///   one that turns it back (a bounce) leaves it on its side. Two crossings of one condition closer
///   than `rootfind_abstol` are one event. The same holds at t0 for a condition that is exactly 0
///   there (a window of 1/100 of the first step).
/// - A continuous condition must be finite wherever the state can go: a sample where it is NaN
///   has no sign, so it never fires, and neither does a sign change across it (a crossing whose
///   neighbouring samples are NaN is missed); the trajectory goes on and ends `Success`. Only
///   crossings between two finite samples are events. (A NaN *state* ends the trajectory
///   `Unstable` as always; a NaN condition of a finite state is a bug of the condition, e.g. the
///   square root of a quantity that can turn negative, which kode does not flag.)
/// - `EventAction::Terminate` ends the trajectory with `ReturnCode::Terminated` at the event:
///   `t_final`/`u_final` hold the event time and the state after the affect, and every save slot
///   after the event holds NaN.

#ifndef KODE_CALLBACKS_HPP
#define KODE_CALLBACKS_HPP

#include "Kode_Vec.hpp"

#include <type_traits>

namespace kode {

/// \brief What an affect asks for.
enum class EventAction : int {
  Continue = 0,  ///< go on integrating
  Terminate      ///< end this trajectory (ReturnCode::Terminated)
};

/// \brief An affect that does nothing and is not called: disables one crossing direction of a
/// `ContinuousCallback`.
struct NoAffect {};

/// \brief Checks `condition(u, p, t)` after every accepted step; applies `affect(u, p, t)` when true.
template <class Condition, class Affect>
struct DiscreteCallback {
  Condition condition;  ///< `bool operator()(const Vec<T,N>& u, const Vec<T,NP>& p, T t) const`
  Affect affect;        ///< `EventAction (or void) operator()(Vec<T,N>& u, Vec<T,NP>& p, T t) const`
};
template <class C, class A>
DiscreteCallback(C, A) -> DiscreteCallback<C, A>;

/// \brief Finds sign changes of `condition(u, p, t)` on each step's dense output and applies
/// `affect` on upcrossings (− to +) and `affect_neg` on downcrossings (+ to −).
template <class Condition, class Affect, class AffectNeg = Affect>
struct ContinuousCallback {
  /// `T operator()(const Vec<T,N>& u, const Vec<T,NP>& p, T t) const`, returning T itself (not
  /// bool) and finite (a NaN sample never fires)
  Condition condition;
  Affect affect;          ///< for upcrossings (or `NoAffect`)
  AffectNeg affect_neg;   ///< for downcrossings (or `NoAffect`)
  int interp_points = 3;  ///< interior sample points per step (≥ 0)
  /// Skip the interior samples of a step whose condition values and slopes at its two ends rule
  /// out a sign change inside it (the event screen, see above); false samples every step.
  bool screen = true;
  /// Width of the event time's bracket (0: 8 ulps of t; < |tf − t0|): the event is at most this
  /// much before the root. Any value gives the right events; a larger one saves root-finding work.
  double rootfind_abstol = 0;

  ContinuousCallback(Condition c, Affect a) : condition(c), affect(a), affect_neg(a) {}
  ContinuousCallback(Condition c, Affect a, AffectNeg an) : condition(c), affect(a), affect_neg(an) {}
};
template <class C, class A>
ContinuousCallback(C, A) -> ContinuousCallback<C, A, A>;
template <class C, class A, class AN>
ContinuousCallback(C, A, AN) -> ContinuousCallback<C, A, AN>;

namespace Impl {
// The result of condition(u, p, t), or void when it cannot be called so.
template <class C, class T, int N, int NP, class = void>
struct condition_result {
  using type = void;
};
template <class C, class T, int N, int NP>
struct condition_result<C, T, N, NP,
                        std::void_t<std::invoke_result_t<const C&, const Vec<T, N>&, const Vec<T, NP>&, T>>> {
  using type = std::decay_t<std::invoke_result_t<const C&, const Vec<T, N>&, const Vec<T, NP>&, T>>;
};
}  // namespace Impl

/// \brief Whether `Condition` can be a ContinuousCallback's condition for states `Vec<T,N>` and
/// parameters `Vec<T,NP>`: `T operator()(const Vec<T,N>& u, const Vec<T,NP>& p, T t) const`,
/// returning the scalar type T itself. (Its sign changes are the events: a condition returning
/// bool, never negative, is a DiscreteCallback's.)
template <class Condition, class T, int N, int NP>
inline constexpr bool is_continuous_condition_v =
    std::is_same<typename Impl::condition_result<Condition, T, N, NP>::type, T>::value;

/// \brief Whether `Condition` can be a DiscreteCallback's condition: returns something convertible
/// to bool from `(const Vec<T,N>& u, const Vec<T,NP>& p, T t)`.
template <class Condition, class T, int N, int NP>
inline constexpr bool is_discrete_condition_v =
    std::is_invocable_r_v<bool, const Condition&, const Vec<T, N>&, const Vec<T, NP>&, T>;

namespace Impl {
template <class A, class T, int N, int NP, class = void>
struct is_affect : std::false_type {};
template <class A, class T, int N, int NP>
struct is_affect<A, T, N, NP,
                 std::void_t<decltype(std::declval<const A&>()(std::declval<Vec<T, N>&>(), std::declval<Vec<T, NP>&>(),
                                                               std::declval<T>()))>>
    : std::integral_constant<
          bool, std::is_void<decltype(std::declval<const A&>()(std::declval<Vec<T, N>&>(), std::declval<Vec<T, NP>&>(),
                                                               std::declval<T>()))>::value ||
                    std::is_same<decltype(std::declval<const A&>()(std::declval<Vec<T, N>&>(),
                                                                   std::declval<Vec<T, NP>&>(), std::declval<T>())),
                                 EventAction>::value> {};
}  // namespace Impl

/// \brief Whether `Affect` can be an affect: `void` or `kode::EventAction operator()(Vec<T,N>& u,
/// Vec<T,NP>& p, T t) const` (or `kode::NoAffect`).
template <class Affect, class T, int N, int NP>
inline constexpr bool is_affect_v = std::is_same<Affect, NoAffect>::value || Impl::is_affect<Affect, T, N, NP>::value;

namespace Impl {
template <class T>
struct is_discrete_callback : std::false_type {};
template <class C, class A>
struct is_discrete_callback<DiscreteCallback<C, A>> : std::true_type {};
template <class T>
struct is_continuous_callback : std::false_type {};
template <class C, class A, class AN>
struct is_continuous_callback<ContinuousCallback<C, A, AN>> : std::true_type {};
}  // namespace Impl

/// \brief Any number of callbacks of both kinds (a device-copyable aggregate).
template <class... Callbacks>
struct CallbackSet;

/// \brief The empty set: no callbacks, and no cost (every hook compiles away).
template <>
struct CallbackSet<> {
  static constexpr int size            = 0;
  static constexpr int num_continuous  = 0;
  static constexpr bool any_continuous = false;
};

template <class First, class... Rest>
struct CallbackSet<First, Rest...> {
  static_assert(Impl::is_discrete_callback<First>::value || Impl::is_continuous_callback<First>::value,
                "kode::CallbackSet: every element must be a kode::DiscreteCallback or a kode::ContinuousCallback");
  static constexpr int size = 1 + sizeof...(Rest);
  static constexpr int num_continuous =
      int(Impl::is_continuous_callback<First>::value) + CallbackSet<Rest...>::num_continuous;
  static constexpr bool any_continuous = num_continuous > 0;
  static_assert(num_continuous <= 32, "kode::CallbackSet: at most 32 continuous callbacks");
  First first;                ///< this callback
  CallbackSet<Rest...> rest;  ///< the others

  CallbackSet(First f, Rest... r) : first(f), rest(r...) {}
};
template <class... Cs>
CallbackSet(Cs...) -> CallbackSet<Cs...>;

namespace Impl {
/// Whether every callback of a set fits the problem's types (what `check_callback_types` checks,
/// without its messages: `kode::solve` compiles no kernel for a set that does not).
template <class T, int N, int NP>
constexpr bool are_valid_callbacks(const CallbackSet<>*) {
  return true;
}
template <class T, int N, int NP, class First, class... Rest>
constexpr bool are_valid_callbacks(const CallbackSet<First, Rest...>*) {
  constexpr bool first_ok = [] {
    if constexpr (is_continuous_callback<First>::value) {
      return is_continuous_condition_v<decltype(First::condition), T, N, NP> &&
             is_affect_v<decltype(First::affect), T, N, NP> && is_affect_v<decltype(First::affect_neg), T, N, NP>;
    } else {
      return is_discrete_condition_v<decltype(First::condition), T, N, NP> &&
             is_affect_v<decltype(First::affect), T, N, NP>;
    }
  }();
  return first_ok && are_valid_callbacks<T, N, NP>(static_cast<const CallbackSet<Rest...>*>(nullptr));
}

/// Readable compile-time checks of every callback in a set against the problem's types.
template <class T, int N, int NP>
constexpr bool check_callback_types(const CallbackSet<>*) {
  return true;
}
template <class T, int N, int NP, class First, class... Rest>
constexpr bool check_callback_types(const CallbackSet<First, Rest...>*) {
  if constexpr (is_continuous_callback<First>::value) {
    // A bool converts to T, so a DiscreteCallback's condition would be accepted here and misplace
    // events (only true-to-false changes count as sign changes, located by bisecting a jump).
    constexpr bool returns_bool =
        std::is_same<typename condition_result<decltype(First::condition), T, N, NP>::type, bool>::value;
    static_assert(!returns_bool,
                  "kode: a ContinuousCallback's condition returns bool: its events are the sign changes of a "
                  "`T operator()(const kode::Vec<T, dim>& u, const kode::Vec<T, num_params>& p, T t) const` "
                  "returning the scalar type T; a bool condition belongs in a kode::DiscreteCallback");
    static_assert(returns_bool || is_continuous_condition_v<decltype(First::condition), T, N, NP>,
                  "kode: a ContinuousCallback's condition must have a const call operator "
                  "`T operator()(const kode::Vec<T, dim>& u, const kode::Vec<T, num_params>& p, T t) const` "
                  "returning the scalar type T");
    static_assert(is_affect_v<decltype(First::affect), T, N, NP> && is_affect_v<decltype(First::affect_neg), T, N, NP>,
                  "kode: an affect must have a const call operator `void operator()(kode::Vec<T, dim>& u, "
                  "kode::Vec<T, num_params>& p, T t) const` or return kode::EventAction (or be kode::NoAffect)");
  } else {
    static_assert(is_discrete_condition_v<decltype(First::condition), T, N, NP>,
                  "kode: a DiscreteCallback's condition must have a const call operator "
                  "`bool operator()(const kode::Vec<T, dim>& u, const kode::Vec<T, num_params>& p, T t) const`");
    static_assert(is_affect_v<decltype(First::affect), T, N, NP>,
                  "kode: an affect must have a const call operator `void operator()(kode::Vec<T, dim>& u, "
                  "kode::Vec<T, num_params>& p, T t) const` or return kode::EventAction");
  }
  return check_callback_types<T, N, NP>(static_cast<const CallbackSet<Rest...>*>(nullptr));
}
}  // namespace Impl

}  // namespace kode

#endif  // KODE_CALLBACKS_HPP
