/// \file Kode_SolverOptions.hpp
/// \brief `kode::SolverOptions`: the named settings of one `kode::solve` call.
#ifndef KODE_SOLVEROPTIONS_HPP
#define KODE_SOLVEROPTIONS_HPP

#include "Kode_Compat.hpp"

#include <limits>

/// Defined where `kode::Variants` and `kode::solve<V>` exist: code that must also build against an
/// older kode (perf_tests/Checksums.cpp) tests it.
#define KODE_HAS_VARIANTS 1

namespace kode {

/// \brief The variants of the integration loop that one `kode::solve` call compiles: a bit set,
/// given as `kode::solve`'s first template argument.
///
/// The loop is compiled as one kernel per combination of fixed or adaptive steps and of saves
/// inside steps or not (a non-empty `saveat` needs the method's dense output; an empty one saves
/// t0 and tf, which are step ends). By default a call compiles all four and picks one from its
/// options at run time; a program that knows which it uses compiles only that, a quarter of the
/// kernels (on a GPU this saves most where the kernels are heavy: stiff methods, large systems):
/// \code
/// kode::solve<kode::Variants::adaptive_saveat>(exec, prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts);
/// kode::solve<kode::Variants::fixed | kode::Variants::fixed_saveat>(exec, prob, kode::RK4{}, ens, opts);
/// \endcode
/// A call whose options need a variant it did not compile is refused on the host
/// (`std::invalid_argument`, naming `kode::solve` and the variant); a set with no variant the method
/// can run (adaptive steps for a method without an error estimate) does not compile.
enum class Variants : unsigned {
  fixed           = 1u,  ///< fixed steps (`adaptive = false`), empty `saveat` (saves at t0 and tf)
  fixed_saveat    = 2u,  ///< fixed steps, a `saveat` (saves inside steps)
  adaptive        = 4u,  ///< adaptive steps, empty `saveat`
  adaptive_saveat = 8u,  ///< adaptive steps, a `saveat`
  all             = 15u  ///< every variant (the default)
};

/// \brief The union of two variant sets.
constexpr Variants operator|(const Variants a, const Variants b) {
  return Variants(unsigned(a) | unsigned(b));
}

/// \brief Whether the set `set` contains every variant of `v`.
constexpr bool contains(const Variants set, const Variants v) {
  return (unsigned(set) & unsigned(v)) == unsigned(v);
}

/// \brief The one variant that options with these settings run.
constexpr Variants variant_of(const bool adaptive, const bool saveat) {
  return adaptive ? (saveat ? Variants::adaptive_saveat : Variants::adaptive)
                  : (saveat ? Variants::fixed_saveat : Variants::fixed);
}

/// \brief A variant set as C++ (`Variants::fixed | Variants::adaptive_saveat`), for messages.
inline const char* to_string(const Variants v) {
  constexpr const char* names[16] = {"(no variant)",
                                     "Variants::fixed",
                                     "Variants::fixed_saveat",
                                     "Variants::fixed | Variants::fixed_saveat",
                                     "Variants::adaptive",
                                     "Variants::fixed | Variants::adaptive",
                                     "Variants::fixed_saveat | Variants::adaptive",
                                     "Variants::fixed | Variants::fixed_saveat | Variants::adaptive",
                                     "Variants::adaptive_saveat",
                                     "Variants::fixed | Variants::adaptive_saveat",
                                     "Variants::fixed_saveat | Variants::adaptive_saveat",
                                     "Variants::fixed | Variants::fixed_saveat | Variants::adaptive_saveat",
                                     "Variants::adaptive | Variants::adaptive_saveat",
                                     "Variants::fixed | Variants::adaptive | Variants::adaptive_saveat",
                                     "Variants::fixed_saveat | Variants::adaptive | Variants::adaptive_saveat",
                                     "Variants::all"};
  return names[unsigned(v) & 15u];
}

/// \brief Settings of a solve. Every field has a sensible default; set only what you need:
/// \code
/// kode::SolverOptions<double> opts;
/// opts.abstol = 1e-8; opts.reltol = 1e-8;
/// opts.saveat = kode::linspace(exec, 0.0, 1.0, 11);
/// \endcode
/// \tparam T scalar type (that of the problem's `u0`)
/// \tparam MemorySpace where `saveat` and `tstops` live; must be accessible from the execution
///         space passed to `kode::solve`
template <class T, class MemorySpace = typename Kokkos::DefaultExecutionSpace::memory_space>
struct SolverOptions {
  using value_type   = T;
  using memory_space = MemorySpace;

  T abstol = T(1e-6);  ///< absolute tolerance (> 0)
  T reltol = T(1e-3);  ///< relative tolerance (> 0)
  /// Adaptive: the first step (0 = Hairer's automatic guess). Fixed step (`adaptive = false`): the
  /// step, required > 0; the last step before `tf` or a tstop is shortened to land on it exactly.
  T dt          = T(0);
  bool adaptive = true;  ///< adaptive step-size control (needs a method with an error estimate)
  /// Smallest step the controller may ask for; a rejected step that would need less ends the
  /// trajectory with `ReturnCode::DtLessThanMin`, and the first step is at least this. Steps below
  /// the resolution of the loop's compensated clock, 16 ε² max(|t|, |tf − t0|), always do.
  T dtmin      = T(0);
  T dtmax      = std::numeric_limits<T>::infinity();  ///< largest step magnitude
  int maxiters = 100000;                              ///< step attempts (accepted + rejected) per trajectory
  /// Times at which to save the state, sorted in the direction of integration and inside tspan;
  /// filled from each step's dense output, without shortening steps. Empty: save t0 and tf only.
  Kokkos::View<T*, MemorySpace> saveat;
  /// Times the integrator must step onto exactly (sorted in the direction of integration, inside
  /// tspan), e.g. discontinuities of the right-hand side.
  Kokkos::View<T*, MemorySpace> tstops;
  /// With callbacks: record the time (and the callback) of each trajectory's first
  /// `max_event_records` events in `sol.event_t` / `sol.event_index` (0: counts only).
  int max_event_records = 0;
  /// With callbacks: a save time at which an affect runs (a tstop where a DiscreteCallback fires,
  /// or an event exactly at a save time) holds the state *after* the affect. The default (false)
  /// saves the state before it, the value the solution had as it reached that time.
  bool save_after_affect = false;
};

}  // namespace kode

#endif  // KODE_SOLVEROPTIONS_HPP
