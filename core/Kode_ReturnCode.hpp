/// \file Kode_ReturnCode.hpp
/// \brief Per-trajectory outcome (`kode::ReturnCode`) and work counters (`kode::Stats`).
///
/// Device code never throws, prints or aborts: a trajectory that fails records why in its
/// return code and stops, and every other trajectory of the ensemble goes on.
#ifndef KODE_RETURNCODE_HPP
#define KODE_RETURNCODE_HPP

#include "Kode_Compat.hpp"

namespace kode {

/// \brief How the integration of one trajectory ended.
enum class ReturnCode : int {
  Success = 0,    ///< reached the end of the time span
  MaxIters,       ///< used up `SolverOptions::maxiters` step attempts first
  DtLessThanMin,  ///< the step-size controller asked for a step below `dtmin` (or below the clock's resolution, ~ε²
                  ///< |t|)
  Unstable,       ///< the state or the error estimate became NaN or infinite
  Terminated,     ///< a callback ended the trajectory
  ConvergenceFailure,  ///< a nonlinear (Newton) solve failed and could not be recovered by shrinking the step
  SingularJacobian  ///< W = I/(γh) − J could not be factored: a zero or non-finite pivot (J not finite, or W singular)
};

/// \brief Number of distinct return codes (for histograms): the codes are 0 … num_return_codes − 1,
/// the last one being the enum's last enumerator (checked below against `to_string`).
constexpr int num_return_codes = int(ReturnCode::SingularJacobian) + 1;

/// \brief Human-readable name of a return code ("Success", "MaxIters", ...; "Unknown" for a value
/// that is none of them).
constexpr const char* to_string(ReturnCode rc) {
  switch (rc) {
    case ReturnCode::Success:
      return "Success";
    case ReturnCode::MaxIters:
      return "MaxIters";
    case ReturnCode::DtLessThanMin:
      return "DtLessThanMin";
    case ReturnCode::Unstable:
      return "Unstable";
    case ReturnCode::Terminated:
      return "Terminated";
    case ReturnCode::ConvergenceFailure:
      return "ConvergenceFailure";
    case ReturnCode::SingularJacobian:
      return "SingularJacobian";
  }
  return "Unknown";
}

namespace Impl {
constexpr bool same_string(const char* a, const char* b) {
  for (; *a != '\0' && *a == *b; ++a, ++b) {
  }
  return *a == *b;
}
// Every value below n has a name of its own, and n has none.
constexpr bool names_exactly(const int n) {
  for (int k = 0; k < n; ++k)
    if (same_string(to_string(ReturnCode(k)), "Unknown")) return false;
  return same_string(to_string(ReturnCode(n)), "Unknown");
}
}  // namespace Impl
// A code added after the last one without updating num_return_codes (or one to_string does not
// name, which -Wswitch also reports) fails here, not in a histogram that silently drops it.
static_assert(Impl::names_exactly(num_return_codes),
              "kode: num_return_codes must count the ReturnCode enumerators (0 ... last), and to_string must name "
              "each of them");

/// \brief True for the codes that mean the trajectory reached its final time.
KOKKOS_INLINE_FUNCTION constexpr bool successful(ReturnCode rc) {
  return rc == ReturnCode::Success;
}

/// \brief What a stepper reports about one step attempt; the integration loop decides what follows.
enum class StepStatus : int {
  Ok = 0,  ///< the step was computed; the loop judges its error estimate
  Retry,   ///< the step could not be computed at this size (e.g. a nonlinear solve diverged): shrink and retry
  /// A stage, Newton iterate or error estimate was not finite: shrink and retry (a stiff method's
  /// overflowing first attempt recovers); still non-finite at the step floor, the trajectory is
  /// `Unstable`, as an explicit method's NaN is (one fault, one return code).
  NonFinite,
  Fail  ///< the trajectory cannot go on; the stepper's `failure()` says why
};

/// \brief Work done by one trajectory.
struct Stats {
  int naccept  = 0;  ///< accepted steps
  int nreject  = 0;  ///< rejected steps (error estimate too large, or a failed Newton iteration)
  int nf       = 0;  ///< right-hand-side evaluations (a dual-number evaluation, which also gives J, counts once)
  int njac     = 0;  ///< Jacobian evaluations (implicit methods)
  int nlu      = 0;  ///< LU factorizations of W (implicit methods)
  int nsolve   = 0;  ///< linear solves with the factors
  int nnewton  = 0;  ///< Newton iterations (SDIRK methods)
  int nnewtonf = 0;  ///< Newton iterations that failed to converge (the step was retried smaller)
};

}  // namespace kode

#endif  // KODE_RETURNCODE_HPP
