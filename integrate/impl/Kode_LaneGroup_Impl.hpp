/// \file Kode_LaneGroup_Impl.hpp
/// \brief What the loop needs to run one trajectory on a lane group (core/Kode_LaneGroup.hpp):
/// the right-hand side on one lane's part of the state (`GroupRhs`), and how many lanes a system
/// gets (`group_lanes_v`).
#ifndef KODE_LANEGROUP_IMPL_HPP
#define KODE_LANEGROUP_IMPL_HPP

#include "Kode_LaneGroup.hpp"
#include "impl/Kode_Integrate_Impl.hpp"
#include "impl/Kode_Lanes_Impl.hpp"
#include "Kode_Traits.hpp"

#include <type_traits>

namespace kode {
namespace Impl {

/// The right-hand side as one lane of a group sees it: `rhs(du, u, t)` on the lane's part `u`
/// of the state. Every lane gathers the whole state; a System with a per-component form (`row`)
/// then gives each lane its own components only, the lanes sharing the work; otherwise every lane
/// evaluates the whole right-hand side (the same time as one lane, but a warp then computes the
/// right-hand sides of 32/L trajectories where the one-thread kernel computes 32) and keeps its
/// own components. The parameters are the lane's own copy; affects change every lane's copy alike.
template <class Group, class System, class PVec>
struct GroupRhs {
  const Group& group;
  const System& f;
  PVec& p;
  template <class T>
  KOKKOS_FORCEINLINE_FUNCTION void operator()(Vec<T, Group::local_dim>& du, const Vec<T, Group::local_dim>& u,
                                              const T t) const {
    const Vec<T, Group::dim> uf = group.full(u);
    if constexpr (has_row<System, T>::value) {
      for (int j = 0; j < Group::local_dim; ++j) {
        const int c = group.component(j);
        du[j]       = c < Group::dim ? T(f.row(c, uf, p, t)) : T(0);
      }
    } else {
      Vec<T, Group::dim> duf;
      BoundRhs<System, PVec>{f, p}(duf, uf, t);
      du = group.local(duf);
    }
  }
  /// The right-hand side on the whole (gathered) state: what a stiff method's Jacobian is taken
  /// of where the System gives no per-component form (GroupLinearization).
  KOKKOS_FORCEINLINE_FUNCTION BoundRhs<System, PVec> whole() const { return {f, p}; }
};

/// `static constexpr int lanes` of a System, or 0 where it declares none.
template <class S, class = void>
struct declared_lanes : std::integral_constant<int, 0> {};
template <class S>
struct declared_lanes<S, std::void_t<decltype(S::lanes)>> : std::integral_constant<int, int(S::lanes)> {};

/// How many lanes of a GPU warp integrate one trajectory of `System` with `Alg` (EnsembleKernel::
/// lanes = 0): the System's `lanes` if it declares it, else 1 (one thread). Every method runs on
/// groups: the explicit ones on the lane's part of the state, the stiff ones with their Jacobian
/// rows and LU spread over the lanes (GroupLinearization).
///
/// Why groups are not chosen automatically (measured on the H200, docs/performance.md): on the
/// 28-unknown Pleiades problem, 8 lanes remove the one-thread kernel's 1.2–11 KB of spills and
/// are 4% faster for 4,096 trajectories (a GPU that is not full: latency), but 4.1× (Tsit5) and
/// 7.5× (Vern9) slower for 2^18 trajectories (a full GPU: throughput), because every lane
/// evaluates the whole right-hand side (`GroupRhs`), so a warp computes 4 trajectories' f where
/// the one-thread kernel computes 32; by rows (`row`, each lane its own components) 1.27× faster
/// at 4,096 and still 3.1–3.4× slower at 2^18 (the rows diverge). A group pays where the ensemble
/// is too small to fill the GPU, which only the caller knows: the System says so by declaring
/// `lanes`.
template <class Alg, class System>
inline constexpr int group_lanes_v = declared_lanes<System>::value > 0 ? declared_lanes<System>::value : 1;

/// One sentence for a System whose declared `lanes` is not a lane count; returns whether it is one.
template <class System>
constexpr bool check_declared_lanes() {
  constexpr int l   = declared_lanes<System>::value;
  constexpr bool ok = l == 0 || l == 1 || l == 2 || l == 4 || l == 8 || l == 16 || l == 32;
  static_assert(ok,
                "kode: a System's `static constexpr int lanes` must be 1, 2, 4, 8, 16 or 32 (the lanes of a GPU "
                "warp that integrate one trajectory)");
  return ok;
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_LANEGROUP_IMPL_HPP
