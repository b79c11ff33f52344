/// \file Kode_EnsembleProblem.hpp
/// \brief `kode::EnsembleProblem`: one ODE, many trajectories (rows of `u0` and `p`).
#ifndef KODE_ENSEMBLEPROBLEM_HPP
#define KODE_ENSEMBLEPROBLEM_HPP

#include "Kode_Jacobian.hpp"
#include "Kode_Traits.hpp"

#include <type_traits>

namespace kode {

/// \brief An ensemble of initial-value problems `u' = f(u, p_i, t)`, `u(t0) = u0_i`, on a common
/// time span.
///
/// Row `i` of `u0` (N × dim) and of `p` (N × num_params) belong to trajectory `i`; data shared by
/// all trajectories (constants, tables) lives in the functor's members. The scalar type of the
/// whole solve (float or double) is that of `u0`. Views may have any layout and must be
/// accessible from the execution space that solves the problem.
/// \code
/// kode::EnsembleProblem prob(Lorenz{}, u0, p, {0.0, 1.0});
/// \endcode
/// \tparam System right-hand side functor (see `kode::is_valid_system_v`)
/// \tparam U0View rank-2 View of initial states
/// \tparam PView rank-2 View of parameters
template <class System, class U0View, class PView>
struct EnsembleProblem {
  static_assert(Kokkos::is_view<U0View>::value && U0View::rank == 2,
                "kode::EnsembleProblem: u0 must be a rank-2 Kokkos::View (trajectories × dim)");
  static_assert(Kokkos::is_view<PView>::value && PView::rank == 2,
                "kode::EnsembleProblem: p must be a rank-2 Kokkos::View (trajectories × num_params)");
  /// Scalar type of the solve.
  using value_type = std::remove_const_t<typename U0View::value_type>;
  static_assert(std::is_same<value_type, float>::value || std::is_same<value_type, double>::value,
                "kode::EnsembleProblem: u0 must hold float or double");
  static_assert(Impl::check_system<System, value_type>(), "");
  static_assert(Impl::check_derivatives<System, value_type>(), "");
  static_assert(!has_dim_v<System> || Impl::dim_of<System>::value > 0,
                "kode::EnsembleProblem: System::dim must be positive");
  using system_type = System;
  using u0_view     = U0View;
  using p_view      = PView;
  /// State size.
  static constexpr int dim = Impl::dim_of<System>::value;
  /// Parameters per trajectory.
  static constexpr int num_params = num_params_v<System>;

  System f;                                    ///< the right-hand side
  U0View u0;                                   ///< initial states, one row per trajectory
  PView p;                                     ///< parameters, one row per trajectory
  Kokkos::pair<value_type, value_type> tspan;  ///< (t0, tf); tf < t0 integrates backward

  /// \param[in] f_ right-hand side
  /// \param[in] u0_ initial states (N × dim)
  /// \param[in] p_ parameters (N × num_params)
  /// \param[in] tspan_ (t0, tf)
  EnsembleProblem(System f_, U0View u0_, PView p_, Kokkos::pair<value_type, value_type> tspan_)
      : f(f_), u0(u0_), p(p_), tspan(tspan_) {}

  /// Number of trajectories.
  std::size_t size() const { return u0.extent(0); }
};

/// Deduction guide: `EnsembleProblem prob(f, u0, p, {t0, tf});`
template <class System, class U0View, class PView>
EnsembleProblem(
    System, U0View, PView,
    Kokkos::pair<std::remove_const_t<typename U0View::value_type>, std::remove_const_t<typename U0View::value_type>>)
    -> EnsembleProblem<System, U0View, PView>;

}  // namespace kode

#endif  // KODE_ENSEMBLEPROBLEM_HPP
