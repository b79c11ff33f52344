/// \file Kode_SolveChecks.hpp
/// \brief The checks at the door of `kode::solve`: whether a method, a right-hand side and a
/// set of callbacks fit together (`Impl::is_solvable`), and the checks with their sentences
/// (`Impl::check_solve`).
///
/// Both forms of `kode::solve` (Kode_Solve.hpp) compile their body only when `check_solve`
/// holds, so each mistake gives its one sentence (a `static_assert`) and nothing compiled after it
/// adds errors of its own (unit_tests/compile_fail/ tests both).
#ifndef KODE_SOLVECHECKS_HPP
#define KODE_SOLVECHECKS_HPP

#include "Kode_Callbacks.hpp"
#include "Kode_EnsembleAlgorithms.hpp"
#include "Kode_EnsembleProblem.hpp"
#include "Kode_EnsembleSolution.hpp"
#include "Kode_Implicit.hpp"
#include "Kode_Jacobian.hpp"
#include "Kode_SolverOptions.hpp"
#include "Kode_Traits.hpp"
#include "impl/Kode_LaneGroup_Impl.hpp"

#include <type_traits>

namespace kode {
namespace Impl {
/// Whether `kode::solve` can integrate `System` (scalar `T`) by the method `Alg` with the
/// callbacks `Callbacks...`: what `check_system`, `check_derivatives`, `check_method` and
/// `check_callback_types` check, without their messages.
template <class Alg, class System, class T, class... Callbacks>
constexpr bool is_solvable() {
  if constexpr (!is_valid_system_v<System, T>) {
    return false;
  } else {
    return is_valid_jac_v<System, T> && is_valid_tgrad_v<System, T> && is_valid_method<Alg, System, T>() &&
           are_valid_callbacks<T, System::dim, num_params_v<System>>(
               static_cast<const CallbackSet<Callbacks...>*>(nullptr));
  }
}
}  // namespace Impl

namespace Impl {
/// The variants of `V` that the method `Alg` can run (adaptive steps need an error estimate).
template <Variants V, class Alg>
constexpr unsigned runnable_variants() {
  constexpr unsigned fixed_ones = unsigned(Variants::fixed | Variants::fixed_saveat);
  return unsigned(V) & (Alg::has_error_est ? unsigned(Variants::all) : fixed_ones);
}

/// The compile-time check of `kode::solve`'s variant set (its first template argument).
template <Variants V, class Alg>
constexpr bool check_variants() {
  constexpr bool some = unsigned(V) != 0u && (unsigned(V) & ~unsigned(Variants::all)) == 0u;
  static_assert(some,
                "kode::solve: the Variants set names no variant of the loop (use Variants::fixed, fixed_saveat, "
                "adaptive, adaptive_saveat, a union of them with |, or Variants::all)");
  constexpr bool runnable = !some || runnable_variants<V, Alg>() != 0u;
  static_assert(runnable,
                "kode::solve: no variant in the Variants set can run with this method: it has no error estimate, "
                "so it takes fixed steps only (add Variants::fixed or Variants::fixed_saveat)");
  return some && runnable;
}

/// \brief The compile-time checks of both forms of `kode::solve`: one `static_assert` sentence per
/// mistake. Returns whether all is well; `kode::solve` compiles its body (and so a kernel) only
/// then (`if constexpr`), so nothing compiled after a failed check adds errors of its own.
template <Variants V, class ExecutionSpace, class Problem, class Alg, class Ensemble, class T, class MemorySpace,
          class... Callbacks>
constexpr bool check_solve() {
  using System           = typename Problem::system_type;
  using U0View           = typename Problem::u0_view;
  using PView            = typename Problem::p_view;
  constexpr bool exec_ok = Kokkos::is_execution_space<ExecutionSpace>::value;
  static_assert(exec_ok, "kode::solve: exec must be a Kokkos execution space");
  static_assert(is_ensemble_algorithm_v<Ensemble>,
                "kode::solve: the fourth argument must be an ensemble algorithm (kode::EnsembleKernel{})");
  constexpr bool scalar_ok = std::is_same<T, typename Problem::value_type>::value;
  static_assert(scalar_ok, "kode::solve: SolverOptions<T> must use the scalar type of u0");
  constexpr bool spaces_ok = [] {
    if constexpr (exec_ok) {
      constexpr bool u0_ok = Kokkos::SpaceAccessibility<ExecutionSpace, typename U0View::memory_space>::accessible;
      constexpr bool p_ok  = Kokkos::SpaceAccessibility<ExecutionSpace, typename PView::memory_space>::accessible;
      constexpr bool t_ok  = Kokkos::SpaceAccessibility<ExecutionSpace, MemorySpace>::accessible;
      static_assert(u0_ok, "kode::solve: u0 must be accessible from the execution space");
      static_assert(p_ok, "kode::solve: p must be accessible from the execution space");
      static_assert(t_ok, "kode::solve: saveat and tstops must be accessible from the execution space");
      return u0_ok && p_ok && t_ok;
    } else {
      return false;
    }
  }();
  // A right-hand side that is not valid (or a `jac`/`tgrad` that kode would not call) was reported
  // by kode::EnsembleProblem; the method and the callbacks are judged against a valid one only.
  if constexpr (is_valid_system_v<System, T>) {
    [[maybe_unused]] constexpr bool callbacks_ok = check_callback_types<T, System::dim, num_params_v<System>>(
        static_cast<const CallbackSet<Callbacks...>*>(nullptr));
    [[maybe_unused]] constexpr bool method_ok = check_method<Alg, System, T>();
  }
  constexpr bool lanes_ok    = check_declared_lanes<System>();
  constexpr bool variants_ok = check_variants<V, Alg>();
  return exec_ok && is_ensemble_algorithm_v<Ensemble> && scalar_ok && spaces_ok && lanes_ok && variants_ok &&
         is_solvable<Alg, System, T, Callbacks...>();
}
}  // namespace Impl

}  // namespace kode

#endif  // KODE_SOLVECHECKS_HPP
