/// \file Kode_Stepper.hpp
/// \brief The contract every stepper follows, as documentation and as a compile-time check
/// (`kode::is_stepper_v`, `kode::Impl::check_stepper`).
///
/// ## The method tag
/// An algorithm tag (`kode::Tsit5`, `kode::Rodas5P`, ...) carries `order` (of the propagated
/// solution, used by the step-size controller), `has_error_est`, `name`, and names its stepper as
/// `typename Alg::template stepper<T, N>`.
///
/// ## The stepper
/// A stepper does the method's arithmetic only; it never chooses step sizes, saves output or looks
/// at tolerances (that is the integration loop's job, `integrate/impl/Kode_Integrate_Impl.hpp`,
/// through `kode::Impl::StepControl`). For a state type `State` (today `Vec<T, N>`; a View-based
/// state of a later mode satisfies the same contract) and a bound right-hand side `f(du, u, t)`
/// (`Impl::BoundRhs`, which also exposes the system as `f.f` and the parameters as `f.p`), it
/// provides:
/// - `initialize(f, u, t, stats)`: called before the first step and whenever the state was
///   changed from outside (callbacks), so first-same-as-last stages restart cleanly;
/// - `step<ErrorEstimate>(f, u, t, h, unew, err, stats)` → `StepStatus`: one attempt from `(t, u)`
///   with signed step `h`; writes the new state and, when `ErrorEstimate`, the local error estimate;
/// - `accept(f, unew, tnew, stats)`: called once the loop accepted the attempt;
/// - `interpolate(f, t, uprev, unew, h, theta, stats)` → `State`: dense output on the accepted step
///   from `(t, uprev)` to `unew`, `theta` in [0, 1]; called before `accept`, only for a save time
///   (or an event search point) strictly inside the step. Methods whose interpolant needs extra
///   stages (Vern7, Vern9) evaluate them here (counted in `stats.nf`) rather than on every step;
/// - `failure()` → `ReturnCode`: what to report when `step` returned `StepStatus::Fail`;
/// - optionally `configure(abstol, reltol)`, called once before `initialize` (implicit methods
///   measure Newton convergence in the error norm);
/// - optionally `static constexpr bool endpoint_slopes = true` with `slope_start()` and
///   `slope_end()` → `const State&`: f(t, u) and f(t + h, u_new) of the step just taken, valid
///   between `step` and `accept`. The event screen (`ContinuousCallback::screen`) uses them to
///   skip a step's interior samples; steppers without them are always sampled.
///
/// `step` may return `StepStatus::Retry` (a Newton iteration diverged) or `StepStatus::NonFinite`
/// (a stage, Newton iterate or error estimate was Inf/NaN, e.g. a stiff method's overflowing
/// attempt): the adaptive loop then halves the step and tries again (a rejection); at the step
/// floor a `NonFinite` attempt ends the trajectory `Unstable`, a `Retry` one `DtLessThanMin`. A
/// fixed-step run ends at once with `ConvergenceFailure` (Retry) or `Unstable` (NonFinite).
#ifndef KODE_STEPPER_HPP
#define KODE_STEPPER_HPP

#include "Kode_ReturnCode.hpp"

#include <type_traits>
#include <utility>

namespace kode {
namespace Impl {

// One detector per member of the contract, for a stepper S, a bound right-hand side F, a state
// U and its scalar T.
template <class S, class F, class U, class T, class = void>
struct has_initialize : std::false_type {};
template <class S, class F, class U, class T>
struct has_initialize<S, F, U, T,
                      std::void_t<decltype(std::declval<S&>().initialize(
                          std::declval<const F&>(), std::declval<const U&>(), T(), std::declval<Stats&>()))>>
    : std::true_type {};

template <class S, class F, class U, class T, bool E, class = void>
struct has_step : std::false_type {};
template <class S, class F, class U, class T, bool E>
struct has_step<S, F, U, T, E,
                std::void_t<decltype(std::declval<S&>().template step<E>(
                    std::declval<const F&>(), std::declval<const U&>(), T(), T(), std::declval<U&>(),
                    std::declval<U&>(), std::declval<Stats&>()))>>
    : std::is_same<decltype(std::declval<S&>().template step<E>(std::declval<const F&>(), std::declval<const U&>(), T(),
                                                                T(), std::declval<U&>(), std::declval<U&>(),
                                                                std::declval<Stats&>())),
                   StepStatus> {};

template <class S, class F, class U, class T, class = void>
struct has_accept : std::false_type {};
template <class S, class F, class U, class T>
struct has_accept<S, F, U, T,
                  std::void_t<decltype(std::declval<S&>().accept(std::declval<const F&>(), std::declval<const U&>(),
                                                                 T(), std::declval<Stats&>()))>> : std::true_type {};

template <class S, class F, class U, class T, class = void>
struct has_interpolate : std::false_type {};
template <class S, class F, class U, class T>
struct has_interpolate<S, F, U, T,
                       std::void_t<decltype(std::declval<const S&>().interpolate(
                           std::declval<const F&>(), T(), std::declval<const U&>(), std::declval<const U&>(), T(), T(),
                           std::declval<Stats&>()))>>
    : std::is_convertible<decltype(std::declval<const S&>().interpolate(
                              std::declval<const F&>(), T(), std::declval<const U&>(), std::declval<const U&>(), T(),
                              T(), std::declval<Stats&>())),
                          U> {};

template <class S, class = void>
struct has_failure : std::false_type {};
template <class S>
struct has_failure<S, std::void_t<decltype(std::declval<const S&>().failure())>>
    : std::is_same<decltype(std::declval<const S&>().failure()), ReturnCode> {};

// Steppers that need the tolerances (Newton iterations measure convergence in the error norm)
// provide `configure(abstol, reltol)`; the others need not.
template <class S, class T, class = void>
struct has_configure : std::false_type {};
template <class S, class T>
struct has_configure<S, T, std::void_t<decltype(std::declval<S&>().configure(T(), T()))>> : std::true_type {};

// Steppers that know f at both ends of the step just taken (see `endpoint_slopes` above).
template <class S, class = void>
struct has_endpoint_slopes : std::false_type {};
template <class S>
struct has_endpoint_slopes<S, std::void_t<decltype(S::endpoint_slopes)>>
    : std::integral_constant<bool, S::endpoint_slopes> {};

}  // namespace Impl

/// \brief Whether `Stepper` satisfies the stepper contract (Kode_Stepper.hpp) for the bound
/// right-hand side `Rhs`, the state type `State` and its scalar `T`: `initialize`, `step<true>`
/// and `step<false>` returning `StepStatus`, `accept`, `interpolate` returning a `State`, and
/// `failure` returning `ReturnCode`.
template <class Stepper, class Rhs, class State, class T>
inline constexpr bool is_stepper_v =
    Impl::has_initialize<Stepper, Rhs, State, T>::value&& Impl::has_step<Stepper, Rhs, State, T, true>::value&&
        Impl::has_step<Stepper, Rhs, State, T, false>::value&& Impl::has_accept<Stepper, Rhs, State, T>::value&&
            Impl::has_interpolate<Stepper, Rhs, State, T>::value&& Impl::has_failure<Stepper>::value;

namespace Impl {
/// One readable error for the first member of the contract that `Stepper` lacks (the later ones
/// are not checked once one has failed, so a mistake gives one message). Returns `is_stepper_v`,
/// so that the caller can skip everything that would only add follow-on errors.
template <class Stepper, class Rhs, class State, class T>
constexpr bool check_stepper() {
  constexpr bool init = has_initialize<Stepper, Rhs, State, T>::value;
  static_assert(init,
                "kode: the stepper has no `void initialize(const F& f, const State& u, T t, kode::Stats& st)` "
                "(see the stepper contract in Kode_Stepper.hpp)");
  if constexpr (init) {
    constexpr bool step =
        has_step<Stepper, Rhs, State, T, true>::value && has_step<Stepper, Rhs, State, T, false>::value;
    static_assert(step,
                  "kode: the stepper has no `template <bool ErrorEstimate> kode::StepStatus step(const F& f, "
                  "const State& u, T t, T h, State& unew, State& err, kode::Stats& st)` (see the stepper "
                  "contract in Kode_Stepper.hpp)");
    if constexpr (step) {
      constexpr bool accept = has_accept<Stepper, Rhs, State, T>::value;
      static_assert(accept,
                    "kode: the stepper has no `void accept(const F& f, const State& unew, T tnew, kode::Stats& "
                    "st)` (see the stepper contract in Kode_Stepper.hpp)");
      if constexpr (accept) {
        constexpr bool interp = has_interpolate<Stepper, Rhs, State, T>::value;
        static_assert(interp,
                      "kode: the stepper has no `State interpolate(const F& f, T t, const State& uprev, const "
                      "State& unew, T h, T theta, kode::Stats& st) const` (see the stepper contract in "
                      "Kode_Stepper.hpp)");
        if constexpr (interp) {
          static_assert(has_failure<Stepper>::value,
                        "kode: the stepper has no `kode::ReturnCode failure() const` (see "
                        "the stepper contract in Kode_Stepper.hpp)");
        }
      }
    }
  }
  return is_stepper_v<Stepper, Rhs, State, T>;
}
}  // namespace Impl

}  // namespace kode

#endif  // KODE_STEPPER_HPP
