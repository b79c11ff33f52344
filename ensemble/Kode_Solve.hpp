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

/// \brief Solves every trajectory of an ensemble problem.
///
/// Enqueues the work on `exec` and returns at once (like Kokkos kernels): read the results after
/// `exec.fence()` or a `deep_copy`. Each trajectory ends with its own return code; one failing
/// trajectory never affects another.
/// \code
/// auto sol = kode::solve(exec, prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts);
/// exec.fence();
/// \endcode
/// \tparam ExecutionSpace a Kokkos execution space; `u0`, `p`, `saveat` and `tstops` must be accessible from it
/// \param[in] exec execution-space instance to run on
/// \param[in] prob the ensemble
/// \param[in] alg the method tag (`kode::Tsit5{}`, ...)
/// \param[in] ens the ensemble algorithm (`kode::EnsembleKernel{}`)
/// \param[in] opts tolerances, step settings, saveat, tstops
/// \return the solution, in `exec`'s memory space and default layout
/// \throws std::invalid_argument (message starts with `kode::solve:`) on bad input
/// \param[in] callbacks events (a `kode::CallbackSet`; see Kode_Callbacks.hpp), optional
template <class ExecutionSpace, class System, class U0View, class PView, class Alg, class T, class MemorySpace,
          class... Callbacks, std::enable_if_t<Impl::is_solvable<Alg, System, T, Callbacks...>(), int> = 0>
EnsembleSolution<T, typename ExecutionSpace::array_layout, typename ExecutionSpace::memory_space> solve(
    const ExecutionSpace& exec, const EnsembleProblem<System, U0View, PView>& prob, const Alg& alg,
    const EnsembleKernel& ens, const SolverOptions<T, MemorySpace>& opts,
    const CallbackSet<Callbacks...>& callbacks = CallbackSet<Callbacks...>()) {
  using Problem  = EnsembleProblem<System, U0View, PView>;
  using Layout   = typename ExecutionSpace::array_layout;
  using MemSpace = typename ExecutionSpace::memory_space;
  using Solution = EnsembleSolution<T, Layout, MemSpace>;
  static_assert(Kokkos::is_execution_space<ExecutionSpace>::value,
                "kode::solve: exec must be a Kokkos execution space");
  static_assert(std::is_same<T, typename Problem::value_type>::value,
                "kode::solve: SolverOptions<T> must use the scalar type of u0");
  static_assert(Kokkos::SpaceAccessibility<ExecutionSpace, typename U0View::memory_space>::accessible,
                "kode::solve: u0 must be accessible from the execution space");
  static_assert(Kokkos::SpaceAccessibility<ExecutionSpace, typename PView::memory_space>::accessible,
                "kode::solve: p must be accessible from the execution space");
  static_assert(Kokkos::SpaceAccessibility<ExecutionSpace, MemorySpace>::accessible,
                "kode::solve: saveat and tstops must be accessible from the execution space");
  static_assert(Impl::check_callback_types<T, Problem::dim, Problem::num_params>(
                    static_cast<const CallbackSet<Callbacks...>*>(nullptr)),
                "");
  (void)alg;
  constexpr const char* fn = "kode::solve";
  Impl::ScopedRegion region(std::string(fn) + "[" + Alg::name + "," + EnsembleKernel::name + "]");
  Impl::validate<Alg>(fn, prob, opts);
  Impl::check_callbacks(fn, callbacks, std::fabs(double(prob.tspan.second) - double(prob.tspan.first)));

  const T t0 = prob.tspan.first, tf = prob.tspan.second;
  const std::size_t n = prob.size();
  Solution sol;
  const std::size_t nsave = opts.saveat.extent(0) > 0 ? opts.saveat.extent(0) : 2;
  sol.t = Kokkos::View<T*, Layout, MemSpace>(Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::t"),
                                             nsave);
  sol.u = Kokkos::View<T***, Layout, MemSpace>(
      Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::u"), n, nsave, std::size_t(Problem::dim));
  sol.retcode = Kokkos::View<ReturnCode*, Layout, MemSpace>(
      Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::retcode"), n);
  sol.stats = Kokkos::View<Stats*, Layout, MemSpace>(
      Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::stats"), n);
  sol.t_final = Kokkos::View<T*, Layout, MemSpace>(
      Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::t_final"), n);
  sol.u_final = Kokkos::View<T**, Layout, MemSpace>(
      Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::u_final"), n, std::size_t(Problem::dim));
  if (sizeof...(Callbacks) > 0) {
    sol.event_count = Kokkos::View<int*, Layout, MemSpace>(
        Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::event_count"), n);
    sol.event_t = Kokkos::View<T**, Layout, MemSpace>(
        Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::event_t"), n,
        std::size_t(opts.max_event_records));
    sol.event_index = Kokkos::View<int**, Layout, MemSpace>(
        Kokkos::view_alloc(exec, Kokkos::WithoutInitializing, "kode::solution::event_index"), n,
        std::size_t(opts.max_event_records));
  }
  if (opts.saveat.extent(0) > 0) {
    Kokkos::deep_copy(exec, sol.t, opts.saveat);
  } else {  // {t0, tf}, written on the device: no host round trip, no fence
    Kokkos::parallel_for("kode::solve::save_times", Kokkos::RangePolicy<ExecutionSpace>(exec, 0, 1),
                         Impl::FillEnds<decltype(sol.t)>{sol.t, t0, tf});
  }

  Impl::LoopOptions<T> lo;
  lo.abstol            = opts.abstol;
  lo.reltol            = opts.reltol;
  lo.dt                = opts.dt;
  lo.dtmin             = opts.dtmin;
  lo.dtmax             = std::fmin(opts.dtmax, std::fabs(tf - t0));
  lo.maxiters          = opts.maxiters;
  lo.save_after_affect = opts.save_after_affect;

  using TimesView = Kokkos::View<const T*, Layout, MemSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;
  // sol.t holds the save times (also when saveat was empty); tstops are read in place.
  const TimesView save(sol.t.data(), nsave);
  const TimesView stops(opts.tstops.data(), opts.tstops.extent(0));
  // Four kernels: adaptive or fixed step, and with or without save times inside steps (an empty
  // saveat saves at t0 and tf only, which are step ends, so no dense output is compiled in).
  const bool dense = opts.saveat.extent(0) > 0;
  if constexpr (Alg::has_error_est) {
    if (opts.adaptive) {
      if (dense) {
        Impl::launch_ensemble_kernel<Alg, true, true>(exec, ens, prob, sol, save, stops, lo, callbacks);
      } else {
        Impl::launch_ensemble_kernel<Alg, true, false>(exec, ens, prob, sol, save, stops, lo, callbacks);
      }
      return sol;
    }
  }
  // fixed step (validate() rejected adaptive stepping for a method without an error estimate)
  if (dense) {
    Impl::launch_ensemble_kernel<Alg, false, true>(exec, ens, prob, sol, save, stops, lo, callbacks);
  } else {
    Impl::launch_ensemble_kernel<Alg, false, false>(exec, ens, prob, sol, save, stops, lo, callbacks);
  }
  return sol;
}

/// \brief `solve` with default `SolverOptions` (scalar type and memory space from the problem and `exec`).
template <class ExecutionSpace, class System, class U0View, class PView, class Alg>
auto solve(const ExecutionSpace& exec, const EnsembleProblem<System, U0View, PView>& prob, const Alg& alg,
           const EnsembleKernel& ens) {
  return solve(exec, prob, alg, ens,
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
