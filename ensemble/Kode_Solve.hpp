/// \file Kode_Solve.hpp
/// \brief `kode::solve`, the public entry point, and the helpers `kode::linspace` and `kode::times`.
#ifndef KODE_SOLVE_HPP
#define KODE_SOLVE_HPP

#include "Kode_Assert.hpp"
#include "Kode_Callbacks.hpp"
#include "Kode_EnsembleAlgorithms.hpp"
#include "Kode_EnsembleProblem.hpp"
#include "Kode_EnsembleSolution.hpp"
#include "Kode_SolveChecks.hpp"
#include "Kode_SolverOptions.hpp"
#include "impl/Kode_EnsembleKernel_Impl.hpp"

#include <cmath>
#include <initializer_list>
#include <string>

namespace kode {

namespace Impl {

// Host copy of a small View of times, for validation.
template <class View>
auto host_times(const View& v) {
  return Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), v);
}

template <class T, class View>
void check_times(const char* fn, const char* what, const View& v, const T t0, const T tf) {
  if (v.extent(0) == 0) return;  // nothing to copy (and no fence)
  const auto h = host_times(v);
  const T tdir = tf > t0 ? T(1) : T(-1);
  for (std::size_t k = 0; k < h.extent(0); ++k) {
    KODE_EXPECTS(std::isfinite(h(k)), fn, what << "[" << k << "] is not finite");
    KODE_EXPECTS(tdir * (h(k) - t0) >= T(0) && tdir * (tf - h(k)) >= T(0), fn,
                 what << " must be sorted and inside tspan: " << what << "[" << k << "] = " << h(k) << " is outside ["
                      << t0 << ", " << tf << "]");
    KODE_EXPECTS(
        k == 0 || tdir * (h(k) - h(k - 1)) >= T(0), fn,
        what << " must be sorted and inside tspan: it is not sorted in the direction of integration at index " << k);
  }
}

/// Writes (t0, tf) into a two-element View on the device.
template <class View>
struct FillEnds {
  View v;
  typename View::non_const_value_type t0, tf;
  KOKKOS_FUNCTION void operator()(const int) const {
    v(0) = t0;
    v(1) = tf;
  }
};

// Host checks of the callbacks' settings (a compile-time walk over the set); `span` = |tf − t0|.
inline void check_callbacks(const char*, const CallbackSet<>&, double) {}
template <class First, class... Rest>
void check_callbacks(const char* fn, const CallbackSet<First, Rest...>& set, const double span) {
  if constexpr (is_continuous_callback<First>::value) {
    KODE_EXPECTS(set.first.interp_points >= 0, fn,
                 "a ContinuousCallback's interp_points must be >= 0, got " << set.first.interp_points);
    KODE_EXPECTS(set.first.rootfind_abstol >= 0, fn,
                 "a ContinuousCallback's rootfind_abstol must be >= 0, got " << set.first.rootfind_abstol);
    // A tolerance on the event time as long as the integration asks for no location at all:
    // every bracket is already narrower, so the Illinois iteration stops at once and the event
    // lands on the sample that saw the sign change, a fraction of a step late.
    KODE_EXPECTS(set.first.rootfind_abstol < span, fn,
                 "a ContinuousCallback's rootfind_abstol must be smaller than the time span |tf - t0| = "
                     << span << ", got " << set.first.rootfind_abstol);
  }
  check_callbacks(fn, set.rest, span);
}

template <class Alg, class Problem, class Options>
void validate(const char* fn, const Problem& prob, const Options& opts) {
  using T      = typename Problem::value_type;
  const T t0   = prob.tspan.first;
  const T tf   = prob.tspan.second;
  const auto n = prob.u0.extent(0);
  KODE_EXPECTS(n > 0, fn, "the ensemble is empty (u0 has 0 rows)");
  KODE_EXPECTS(n <= std::size_t(2147483647), fn, "at most 2^31-1 trajectories per solve (use batches)");
  KODE_EXPECTS(
      prob.u0.extent(1) == std::size_t(Problem::dim), fn,
      "u0 must be (N, System::dim) = (N, " << Problem::dim << "), got (" << n << ", " << prob.u0.extent(1) << ")");
  if (Problem::num_params > 0 || prob.p.extent(0) > 0) {
    KODE_EXPECTS(prob.p.extent(0) == n && prob.p.extent(1) == std::size_t(Problem::num_params), fn,
                 "p must be (N, System::num_params) = (" << n << ", " << Problem::num_params << "), got ("
                                                         << prob.p.extent(0) << ", " << prob.p.extent(1) << ")");
  }
  KODE_EXPECTS(std::isfinite(t0) && std::isfinite(tf), fn, "tspan must be finite, got (" << t0 << ", " << tf << ")");
  KODE_EXPECTS(t0 != tf, fn, "tspan must not be empty (t0 == tf == " << t0 << ")");
  KODE_EXPECTS(std::isfinite(opts.abstol) && opts.abstol > T(0), fn,
               "abstol must be positive and finite, got " << opts.abstol);
  KODE_EXPECTS(std::isfinite(opts.reltol) && opts.reltol > T(0), fn,
               "reltol must be positive and finite, got " << opts.reltol);
  KODE_EXPECTS(opts.maxiters > 0, fn, "maxiters must be positive, got " << opts.maxiters);
  KODE_EXPECTS(!std::isnan(opts.dtmin) && opts.dtmin >= T(0), fn, "dtmin must be >= 0, got " << opts.dtmin);
  KODE_EXPECTS(!std::isnan(opts.dtmax) && opts.dtmax > T(0), fn, "dtmax must be positive, got " << opts.dtmax);
  KODE_EXPECTS(opts.dtmin <= opts.dtmax, fn,
               "dtmin must not exceed dtmax, got dtmin = " << opts.dtmin << " > dtmax = " << opts.dtmax);
  KODE_EXPECTS(std::isfinite(opts.dt), fn, "dt must be finite, got " << opts.dt);
  if (opts.adaptive) {
    KODE_EXPECTS(Alg::has_error_est, fn, Alg::name << " has no error estimate: set adaptive = false and a fixed dt");
    KODE_EXPECTS(opts.dt >= T(0), fn, "dt (the first step) must be >= 0, got " << opts.dt);
  } else {
    KODE_EXPECTS(opts.dt > T(0), fn, "dt must be positive when adaptive is false, got " << opts.dt);
  }
  check_times(fn, "saveat", opts.saveat, t0, tf);
  check_times(fn, "tstops", opts.tstops, t0, tf);
  KODE_EXPECTS(opts.max_event_records >= 0, fn, "max_event_records must be >= 0, got " << opts.max_event_records);
}

}  // namespace Impl

namespace Impl {

// The host-side checks shared by both forms of `solve`.
template <class Alg, class Problem, class Options, class... Callbacks>
void validate_solve(const char* fn, const Problem& prob, const Options& opts,
                    const CallbackSet<Callbacks...>& callbacks) {
  validate<Alg>(fn, prob, opts);
  check_callbacks(fn, callbacks, std::fabs(double(prob.tspan.second) - double(prob.tspan.first)));
}

// Number of save slots: the saveat times, or t0 and tf.
template <class Options>
std::size_t num_saves(const Options& opts) {
  return opts.saveat.extent(0) > 0 ? opts.saveat.extent(0) : 2;
}

/// The loop's settings from the user's options.
template <class T, class MemorySpace>
LoopOptions<T> loop_options(const SolverOptions<T, MemorySpace>& opts, const T t0, const T tf) {
  LoopOptions<T> lo;
  lo.abstol            = opts.abstol;
  lo.reltol            = opts.reltol;
  lo.dt                = opts.dt;
  lo.dtmin             = opts.dtmin;
  lo.dtmax             = std::fmin(opts.dtmax, std::fabs(tf - t0));
  lo.maxiters          = opts.maxiters;
  lo.save_after_affect = opts.save_after_affect;
  return lo;
}

// A caller-owned solution must have the shape this solve writes.
template <class Solution>
void check_solution_shape(const char* fn, const Solution& sol, const std::size_t n, const std::size_t nsave,
                          const std::size_t dim, const bool events, const std::size_t records) {
  auto expect = [&](const char* what, const std::size_t got, const std::size_t want, const char* is) {
    KODE_EXPECTS(got == want, fn,
                 "the solution's " << what << " does not match the problem and options: " << is << " must be " << want
                                   << ", got " << got << " (allocate it with kode::allocate_solution)");
  };
  expect("t", sol.t.extent(0), nsave, "t.extent(0) (the number of saves)");
  expect("u", sol.u.extent(0), n, "u.extent(0) (the number of trajectories)");
  expect("u", sol.u.extent(1), nsave, "u.extent(1) (the number of saves)");
  expect("u", sol.u.extent(2), dim, "u.extent(2) (System::dim)");
  expect("retcode", sol.retcode.extent(0), n, "retcode.extent(0)");
  expect("stats", sol.stats.extent(0), n, "stats.extent(0)");
  expect("t_final", sol.t_final.extent(0), n, "t_final.extent(0)");
  expect("u_final", sol.u_final.extent(0), n, "u_final.extent(0)");
  expect("u_final", sol.u_final.extent(1), dim, "u_final.extent(1) (System::dim)");
  if (events) {
    expect("event_count", sol.event_count.extent(0), n, "event_count.extent(0)");
    expect("event_t", sol.event_t.extent(0), n, "event_t.extent(0)");
    expect("event_t", sol.event_t.extent(1), records, "event_t.extent(1) (max_event_records)");
    expect("event_index", sol.event_index.extent(0), n, "event_index.extent(0)");
    expect("event_index", sol.event_index.extent(1), records, "event_index.extent(1) (max_event_records)");
  }
}

// The host check of the variant set: the variant these options run must be one `V` compiled.
template <Variants V, class Options>
void check_variant(const char* fn, const Options& opts) {
  const Variants need = variant_of(opts.adaptive, opts.saveat.extent(0) > 0);
  KODE_EXPECTS(contains(V, need), fn,
               "these options need the loop variant "
                   << to_string(need) << " (" << (opts.adaptive ? "adaptive" : "fixed") << " steps, "
                   << (opts.saveat.extent(0) > 0 ? "a saveat" : "no saveat")
                   << "), which this call did not compile: it compiled " << to_string(V)
                   << " (kode::solve's first template argument)");
}

// The one place a loop variant is chosen: calls `launch_variant(adaptive, dense)` with the two as
// std::bool_constant for the variant these options run, instantiating only the variants in `V`
// that the method can run (check_variant has refused the others on the host).
template <Variants V, class Alg, class Launch>
void with_variant(const bool adaptive, const bool saveat, const Launch& launch_variant) {
  constexpr unsigned run = runnable_variants<V, Alg>();
  if constexpr ((run & unsigned(Variants::adaptive_saveat)) != 0u)
    if (adaptive && saveat) return launch_variant(std::true_type{}, std::true_type{});
  if constexpr ((run & unsigned(Variants::adaptive)) != 0u)
    if (adaptive && !saveat) return launch_variant(std::true_type{}, std::false_type{});
  if constexpr ((run & unsigned(Variants::fixed_saveat)) != 0u)
    if (!adaptive && saveat) return launch_variant(std::false_type{}, std::true_type{});
  if constexpr ((run & unsigned(Variants::fixed)) != 0u)
    if (!adaptive && !saveat) return launch_variant(std::false_type{}, std::false_type{});
}

// Both forms of `solve` after their checks: the save times into sol.t, then the ensemble
// algorithm's launcher (`Impl::launch`, one overload per algorithm tag).
template <Variants V, class ExecutionSpace, class Problem, class Alg, class Ensemble, class T, class MemorySpace,
          class Solution, class Callbacks>
void solve_into(const ExecutionSpace& exec, const Problem& prob, const Alg& alg, const Ensemble& ens,
                const SolverOptions<T, MemorySpace>& opts, const Solution& sol, const Callbacks& callbacks) {
  const T t0 = prob.tspan.first, tf = prob.tspan.second;
  if (opts.saveat.extent(0) > 0) {
    Kokkos::deep_copy(exec, sol.t, opts.saveat);
  } else {  // {t0, tf}, written on the device: no host round trip, no fence
    Kokkos::parallel_for("kode::solve::save_times", Kokkos::RangePolicy<ExecutionSpace>(exec, 0, 1),
                         FillEnds<decltype(sol.t)>{sol.t, t0, tf});
  }
  using TimesView = Kokkos::View<const T*, typename decltype(sol.t)::array_layout, typename Solution::memory_space,
                                 Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
  // sol.t holds the save times (also when saveat was empty); tstops are read in place.
  const TimesView save(sol.t.data(), sol.t.extent(0));
  const TimesView stops(opts.tstops.data(), opts.tstops.extent(0));
  // Save times inside steps need the dense output; an empty saveat saves at t0 and tf only, which
  // are step ends (the launcher then compiles no interpolant in).
  const LoopOptions<T> lo = loop_options(opts, t0, tf);
  with_variant<V, Alg>(opts.adaptive, opts.saveat.extent(0) > 0, [&](auto adaptive, auto dense) {
    launch<decltype(adaptive)::value, decltype(dense)::value>(exec, ens, alg, prob, sol, save, stops, lo, callbacks);
  });
}

}  // namespace Impl

/// \brief A solution with the shape `solve(exec, prob, alg, ens, opts[, callbacks])` writes, in
/// `exec`'s memory space and default layout: allocate it once, then solve into it as often as
/// needed (fitting, continuation, parameter sweeps) without allocating per call.
/// \code
/// auto sol = kode::allocate_solution(exec, prob, opts);          // no callbacks
/// auto sol = kode::allocate_solution(exec, prob, opts, events);  // event records too
/// for (...) { ...; kode::solve(exec, prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts, sol); }
/// \endcode
/// The contents are uninitialised until a solve writes them.
/// \param[in] with_events allocate the event records (`event_count`, `event_t`, `event_index`),
///            as a solve with callbacks needs; `allocate_solution(exec, prob, opts, callbacks)`
///            decides it from the callback set.
template <class ExecutionSpace, class System, class U0View, class PView, class T, class MemorySpace>
EnsembleSolution<T, typename ExecutionSpace::array_layout, typename ExecutionSpace::memory_space> allocate_solution(
    const ExecutionSpace& exec, const EnsembleProblem<System, U0View, PView>& prob,
    const SolverOptions<T, MemorySpace>& opts, const bool with_events = false) {
  using Layout   = typename ExecutionSpace::array_layout;
  using MemSpace = typename ExecutionSpace::memory_space;
  using Problem  = EnsembleProblem<System, U0View, PView>;
  static_assert(std::is_same<T, typename Problem::value_type>::value,
                "kode::allocate_solution: SolverOptions<T> must use the scalar type of u0");
  KODE_EXPECTS(opts.max_event_records >= 0, "kode::allocate_solution",
               "max_event_records must be >= 0, got " << opts.max_event_records);
  const std::size_t n     = prob.size();
  const std::size_t nsave = Impl::num_saves(opts);
  const std::size_t dim   = std::size_t(Problem::dim);
  auto alloc              = [&](const char* label) {
    return Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, std::string(label));
  };
  EnsembleSolution<T, Layout, MemSpace> sol;
  sol.t       = Kokkos::View<T*, Layout, MemSpace>(alloc("kode::solution::t"), nsave);
  sol.u       = Kokkos::View<T***, Layout, MemSpace>(alloc("kode::solution::u"), n, nsave, dim);
  sol.retcode = Kokkos::View<ReturnCode*, Layout, MemSpace>(alloc("kode::solution::retcode"), n);
  sol.stats   = Kokkos::View<Stats*, Layout, MemSpace>(alloc("kode::solution::stats"), n);
  sol.t_final = Kokkos::View<T*, Layout, MemSpace>(alloc("kode::solution::t_final"), n);
  sol.u_final = Kokkos::View<T**, Layout, MemSpace>(alloc("kode::solution::u_final"), n, dim);
  if (with_events) {
    const std::size_t k = std::size_t(opts.max_event_records);
    sol.event_count     = Kokkos::View<int*, Layout, MemSpace>(alloc("kode::solution::event_count"), n);
    sol.event_t         = Kokkos::View<T**, Layout, MemSpace>(alloc("kode::solution::event_t"), n, k);
    sol.event_index     = Kokkos::View<int**, Layout, MemSpace>(alloc("kode::solution::event_index"), n, k);
  }
  return sol;
}

/// \brief `allocate_solution` for a solve with these callbacks (event records when the set is not
/// empty).
template <class ExecutionSpace, class System, class U0View, class PView, class T, class MemorySpace, class... Callbacks>
auto allocate_solution(const ExecutionSpace& exec, const EnsembleProblem<System, U0View, PView>& prob,
                       const SolverOptions<T, MemorySpace>& opts, const CallbackSet<Callbacks...>&) {
  return allocate_solution(exec, prob, opts, sizeof...(Callbacks) > 0);
}

/// \brief Solves every trajectory of an ensemble problem.
///
/// Enqueues the work on `exec` and returns at once (like Kokkos kernels): read the results after
/// `exec.fence()` or a `deep_copy`. Each trajectory ends with its own return code; one failing
/// trajectory never affects another.
/// \code
/// auto sol = kode::solve(exec, prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts);
/// exec.fence();
/// \endcode
/// \tparam V the loop variants to compile (`kode::Variants`; default all four): a call that knows
///         whether it steps adaptively and whether it has a `saveat` compiles only that kernel
/// \tparam ExecutionSpace a Kokkos execution space; `u0`, `p`, `saveat` and `tstops` must be accessible from it
/// \param[in] exec execution-space instance to run on
/// \param[in] prob the ensemble
/// \param[in] alg the method tag (`kode::Tsit5{}`, ...)
/// \param[in] ens the ensemble algorithm (`kode::EnsembleKernel{}`)
/// \param[in] opts tolerances, step settings, saveat, tstops
/// \param[in] callbacks events (a `kode::CallbackSet`; see Kode_Callbacks.hpp), optional
/// \return the solution, in `exec`'s memory space and default layout (`kode::allocate_solution`)
/// \throws std::invalid_argument (message starts with `kode::solve:`) on bad input, or when the
///         options need a loop variant that `V` does not contain
template <Variants V = Variants::all, class ExecutionSpace, class System, class U0View, class PView, class Alg,
          class Ensemble, class T, class MemorySpace, class... Callbacks>
EnsembleSolution<T, typename ExecutionSpace::array_layout, typename ExecutionSpace::memory_space> solve(
    const ExecutionSpace& exec, const EnsembleProblem<System, U0View, PView>& prob, const Alg& alg, const Ensemble& ens,
    const SolverOptions<T, MemorySpace>& opts,
    const CallbackSet<Callbacks...>& callbacks = CallbackSet<Callbacks...>()) {
  using Problem = EnsembleProblem<System, U0View, PView>;
  EnsembleSolution<T, typename ExecutionSpace::array_layout, typename ExecutionSpace::memory_space> sol;
  if constexpr (Impl::check_solve<V, ExecutionSpace, Problem, Alg, Ensemble, T, MemorySpace, Callbacks...>()) {
    constexpr const char* fn = "kode::solve";
    Impl::ScopedRegion region(std::string(fn) + "[" + Alg::name + "," + Ensemble::name + "]");
    Impl::validate_solve<Alg>(fn, prob, opts, callbacks);
    Impl::check_variant<V>(fn, opts);
    sol = allocate_solution(exec, prob, opts, callbacks);
    Impl::solve_into<V>(exec, prob, alg, ens, opts, sol, callbacks);
  }
  return sol;
}

/// \brief `solve` into a caller-owned solution (allocated once with `kode::allocate_solution`, or
/// returned by an earlier solve of the same shape): no allocation, otherwise the same as the form
/// that returns the solution. The solution's Views may have any layout and memory space
/// accessible from `exec`.
/// \throws std::invalid_argument (message starts with `kode::solve:`) on bad input, or when the
///         solution's extents do not match the problem and the options
template <Variants V = Variants::all, class ExecutionSpace, class System, class U0View, class PView, class Alg,
          class Ensemble, class T, class MemorySpace, class Layout, class SolutionSpace, class... Callbacks>
void solve(const ExecutionSpace& exec, const EnsembleProblem<System, U0View, PView>& prob, const Alg& alg,
           const Ensemble& ens, const SolverOptions<T, MemorySpace>& opts,
           const EnsembleSolution<T, Layout, SolutionSpace>& sol,
           const CallbackSet<Callbacks...>& callbacks = CallbackSet<Callbacks...>()) {
  using Problem = EnsembleProblem<System, U0View, PView>;
  if constexpr (Impl::check_solve<V, ExecutionSpace, Problem, Alg, Ensemble, T, MemorySpace, Callbacks...>()) {
    static_assert(Kokkos::SpaceAccessibility<ExecutionSpace, SolutionSpace>::accessible,
                  "kode::solve: the solution must be accessible from the execution space");
    constexpr const char* fn = "kode::solve";
    Impl::ScopedRegion region(std::string(fn) + "[" + Alg::name + "," + Ensemble::name + "]");
    Impl::validate_solve<Alg>(fn, prob, opts, callbacks);
    Impl::check_variant<V>(fn, opts);
    Impl::check_solution_shape(fn, sol, prob.size(), Impl::num_saves(opts), std::size_t(Problem::dim),
                               sizeof...(Callbacks) > 0, std::size_t(opts.max_event_records));
    Impl::solve_into<V>(exec, prob, alg, ens, opts, sol, callbacks);
  }
}

/// \brief `solve` with default `SolverOptions` (scalar type and memory space from the problem and `exec`).
template <Variants V = Variants::all, class ExecutionSpace, class System, class U0View, class PView, class Alg,
          class Ensemble>
auto solve(const ExecutionSpace& exec, const EnsembleProblem<System, U0View, PView>& prob, const Alg& alg,
           const Ensemble& ens) {
  return solve<V>(exec, prob, alg, ens,
                  SolverOptions<typename EnsembleProblem<System, U0View, PView>::value_type,
                                typename ExecutionSpace::memory_space>{});
}

/// \brief `n` equally spaced times from `a` to `b` (both included), in `exec`'s memory space: a
/// convenient `saveat`.
/// \throws std::invalid_argument when n < 2 or an end point is not finite
template <class ExecutionSpace, class T>
Kokkos::View<T*, typename ExecutionSpace::memory_space> linspace(const ExecutionSpace& exec, const T a, const T b,
                                                                 const int n) {
  static_assert(std::is_floating_point<T>::value, "kode::linspace: the end points must be float or double");
  KODE_EXPECTS(n >= 2, "kode::linspace", "needs at least 2 points, got " << n);
  KODE_EXPECTS(std::isfinite(a) && std::isfinite(b), "kode::linspace", "end points must be finite");
  Kokkos::View<T*, typename ExecutionSpace::memory_space> v(Kokkos::view_alloc(exec, "kode::linspace"), n);
  auto h = Kokkos::create_mirror_view(v);
  for (int k = 0; k < n; ++k) h(k) = k == n - 1 ? b : a + (b - a) * (T(k) / T(n - 1));
  Kokkos::deep_copy(exec, v, h);
  exec.fence();
  return v;
}

/// \brief A View of the given times in `exec`'s memory space, in the given order: a short `saveat`
/// or `tstops` without a hand-written View, mirror and deep copy.
/// \code
/// opts.tstops = kode::times(exec, {0.5, 2.0});
/// \endcode
/// The list is copied as it is; `kode::solve` checks that it is sorted and inside tspan.
/// \throws std::invalid_argument (message starts with `kode::times:`) when a time is not finite
template <class ExecutionSpace, class T>
Kokkos::View<T*, typename ExecutionSpace::memory_space> times(const ExecutionSpace& exec,
                                                              std::initializer_list<T> list) {
  static_assert(std::is_floating_point<T>::value, "kode::times: the times must be float or double");
  std::size_t k = 0;
  for (const T x : list) {
    KODE_EXPECTS(std::isfinite(x), "kode::times", "times must be finite, got " << x << " at index " << k);
    ++k;
  }
  Kokkos::View<T*, typename ExecutionSpace::memory_space> v(Kokkos::view_alloc(exec, "kode::times"), list.size());
  auto h = Kokkos::create_mirror_view(v);
  k      = 0;
  for (const T x : list) h(k++) = x;
  Kokkos::deep_copy(exec, v, h);
  exec.fence();  // h is freed on return
  return v;
}

}  // namespace kode

#endif  // KODE_SOLVE_HPP
