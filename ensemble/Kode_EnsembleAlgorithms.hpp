/// \file Kode_EnsembleAlgorithms.hpp
/// \brief Tags choosing how an ensemble is mapped onto the execution space.
#ifndef KODE_ENSEMBLEALGORITHMS_HPP
#define KODE_ENSEMBLEALGORITHMS_HPP

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
  int team_size                     = 0;
  static constexpr const char* name = "EnsembleKernel";
};

}  // namespace kode

#endif  // KODE_ENSEMBLEALGORITHMS_HPP
