/// \file Kode_EnsembleSolution.hpp
/// \brief `kode::EnsembleSolution`: what `kode::solve` returns.
#ifndef KODE_ENSEMBLESOLUTION_HPP
#define KODE_ENSEMBLESOLUTION_HPP

#include "Kode_ReturnCode.hpp"

namespace kode {

/// \brief Results of an ensemble solve, in the execution space's memory and default layout (on a
/// GPU, `u(i, s, c)` is contiguous in the trajectory index `i`, so each thread's writes coalesce).
///
/// Results are valid once the execution space passed to `kode::solve` has been fenced (or after a
/// `deep_copy` from these Views). Save slots a trajectory did not reach (it failed or was
/// terminated first) hold NaN; `t_final`/`u_final` hold where it stopped.
template <class T, class Layout, class MemorySpace>
struct EnsembleSolution {
  using value_type   = T;
  using memory_space = MemorySpace;
  Kokkos::View<T*, Layout, MemorySpace> t;                 ///< save times (nsave)
  Kokkos::View<T***, Layout, MemorySpace> u;               ///< states (N, nsave, dim)
  Kokkos::View<ReturnCode*, Layout, MemorySpace> retcode;  ///< outcome per trajectory (N)
  Kokkos::View<Stats*, Layout, MemorySpace> stats;         ///< work per trajectory (N)
  Kokkos::View<T*, Layout, MemorySpace> t_final;           ///< time reached per trajectory (N)
  Kokkos::View<T**, Layout, MemorySpace> u_final;          ///< state reached per trajectory (N, dim)
  /// With callbacks: number of events per trajectory (N); empty without callbacks.
  Kokkos::View<int*, Layout, MemorySpace> event_count;
  /// Times of each trajectory's first `max_event_records` events (N, k); NaN beyond the count.
  Kokkos::View<T**, Layout, MemorySpace> event_t;
  /// Which callback (index in the CallbackSet) fired (N, k); −1 beyond the count.
  Kokkos::View<int**, Layout, MemorySpace> event_index;

  /// Number of trajectories.
  std::size_t size() const { return u.extent(0); }
  /// Number of save times.
  std::size_t num_saves() const { return t.extent(0); }
};

}  // namespace kode

#endif  // KODE_ENSEMBLESOLUTION_HPP
