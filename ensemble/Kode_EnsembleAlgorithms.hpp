/// \file Kode_EnsembleAlgorithms.hpp
/// \brief Tags choosing how an ensemble is mapped onto the execution space.
#ifndef KODE_ENSEMBLEALGORITHMS_HPP
#define KODE_ENSEMBLEALGORITHMS_HPP

#include <type_traits>

namespace kode {

/// \brief One thread per trajectory, the whole integration in one kernel (the fast path).
///
/// A `Kokkos::TeamPolicy` launch: each thread of a team integrates one trajectory with its own
/// adaptive step, state and stages in registers; the team first copies what every trajectory
/// reads (saveat and tstops times) into team scratch memory.
struct EnsembleKernel {
  /// Threads per team on GPUs (0: 128, clamped to what the kernel's register use allows, and on
  /// HIP to 256, the kernel's launch bound). On host backends a team is one thread that integrates
  /// a chunk of trajectories.
  int team_size = 0;
  /// Host backends: advance trajectories 8 at a time in SIMD lanes, one thread per block of 8, each
  /// lane with its own step size, accept/reject and return code, the same answers as one at a
  /// time (docs/architecture.md). Taken when the System declares `static constexpr bool
  /// vectorizable = true`, the method is explicit and there are no callbacks; false: one at a time.
  bool simd = true;
  /// GPU backends: how many lanes of a warp integrate one trajectory together, as a lane group
  /// (each lane holds every L-th component of the state and of every stage, so that a system of
  /// tens of unknowns stays in registers; docs/architecture.md). 0: the count compiled for the
  /// system and method — the System's `static constexpr int lanes` (1, 2, 4, 8, 16 or 32) if it
  /// declares one, else 1, and always 1 for the implicit methods; 1: one thread per trajectory
  /// (compiled beside the group). Any other value must equal the compiled count. Every lane of a
  /// group evaluates the whole right-hand side, so a group is faster only for ensembles too small
  /// to fill the GPU (docs/performance.md: Pleiades, 8 lanes, 4,096 trajectories 4% faster,
  /// 2^18 4–7× slower). Host backends run one thread per trajectory (or SIMD lanes) whatever this
  /// says.
  int lanes                         = 0;
  static constexpr const char* name = "EnsembleKernel";
};

/// \brief Whether `E` is an ensemble algorithm tag that `kode::solve` accepts. A new algorithm is
/// a tag here, a specialisation of this trait, and an overload of `Impl::launch` for the tag in
/// its own `impl/` header (see docs/architecture.md).
template <class E>
struct is_ensemble_algorithm : std::false_type {};
template <>
struct is_ensemble_algorithm<EnsembleKernel> : std::true_type {};
/// \brief `is_ensemble_algorithm<E>::value`.
template <class E>
inline constexpr bool is_ensemble_algorithm_v = is_ensemble_algorithm<E>::value;

}  // namespace kode

#endif  // KODE_ENSEMBLEALGORITHMS_HPP
