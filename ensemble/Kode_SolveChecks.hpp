/// \file Kode_SolveChecks.hpp
/// \brief The checks at the door of `kode::solve`: whether a method, a right-hand side and a
/// set of callbacks fit together, and the overload of `kode::solve` chosen when they do not.
///
/// `kode::solve` (Kode_Solve.hpp) takes part in overload resolution only when
/// `Impl::is_solvable` holds; otherwise the overload below is chosen. It compiles no kernel and
/// no stepper, only the checks, so each mistake gives its one sentence (a `static_assert`) and
/// nothing compiled after it adds errors of its own (unit_tests/compile_fail/ tests both).
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

/// \brief `kode::solve` for a method, right-hand side or callbacks that do not fit together: it
/// only says why, one `static_assert` per mistake, and compiles nothing else.
template <class ExecutionSpace, class System, class U0View, class PView, class Alg, class T, class MemorySpace,
          class... Callbacks, std::enable_if_t<!Impl::is_solvable<Alg, System, T, Callbacks...>(), int> = 0>
EnsembleSolution<T, typename ExecutionSpace::array_layout, typename ExecutionSpace::memory_space> solve(
    const ExecutionSpace&, const EnsembleProblem<System, U0View, PView>&, const Alg&, const EnsembleKernel&,
    const SolverOptions<T, MemorySpace>&, const CallbackSet<Callbacks...>& = CallbackSet<Callbacks...>()) {
  // A right-hand side that is not valid (or a `jac`/`tgrad` that kode would not call) was reported
  // by kode::EnsembleProblem; the method and the callbacks are judged against a valid one only.
  if constexpr (is_valid_system_v<System, T>) {
    [[maybe_unused]] constexpr bool callbacks_ok = Impl::check_callback_types<T, System::dim, num_params_v<System>>(
        static_cast<const CallbackSet<Callbacks...>*>(nullptr));
    [[maybe_unused]] constexpr bool method_ok = Impl::check_method<Alg, System, T>();
  }
  return {};
}

}  // namespace kode

#endif  // KODE_SOLVECHECKS_HPP
