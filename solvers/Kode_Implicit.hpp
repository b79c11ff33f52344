/// \file Kode_Implicit.hpp
/// \brief Building blocks shared by the stiff (linearly implicit and implicit) steppers: the
/// Jacobian at the start of a step, kept across rejected attempts, and the factored iteration
/// matrix W = I/(γh) − J.
///
/// Every stiff method solves linear systems with W = M/(γh) − J (identity mass matrix M), where
/// γ is the method's diagonal coefficient and J = ∂f/∂u at the step's start. W is factored once
/// per step attempt (Kokkos Kernels' batched LU, Kode_LinearSolve.hpp) and reused by every stage
/// and Newton iteration of that attempt. J, ∂f/∂t and f(u) at the step's start are evaluated
/// once per accepted step: a rejected attempt restarts from the same (t, u), so only W is
/// refactored for the smaller h.
#ifndef KODE_IMPLICIT_HPP
#define KODE_IMPLICIT_HPP

#include "Kode_ErrorNorm.hpp"
#include "Kode_Jacobian.hpp"
#include "Kode_LinearSolve.hpp"
#include "Kode_ReturnCode.hpp"
#include "Kode_RungeKutta.hpp"  // static_for
#include "Kode_Traits.hpp"
#include "Kode_Vec.hpp"

#include <type_traits>

namespace kode {

/// \brief The pivoting the stiff methods use unless told otherwise (`Method::with<Jac, Pivoting>`):
/// none. W = I/(γh) − J adds 1/(γh) to J's diagonal, which makes W diagonally dominant for the
/// small steps and keeps its pivots away from zero for the dissipative stiff systems these
/// methods are for. Measured on the H100 (docs/performance.md#stiff-methods, Robertson, 2^17
/// trajectories): Kokkos Kernels' pivoted `SerialGetrf` puts a 1.6 KiB stack frame in local
/// memory per thread and makes Rodas5P 2.2× and Kvaerno5 1.2× slower, for identical steps and no
/// failure in 2^20 trajectories either way. A zero or non-finite pivot ends the trajectory with
/// `SingularJacobian`; where W may need row interchanges (J with large off-diagonal entries and
/// small diagonal ones, growing modes), choose `kode::PartialPivoting`.
using DefaultPivoting = NoPivoting;

namespace Impl {

/// The stage-based dense output shared by the Rodas and ESDIRK steppers (OrdinaryDiffEq's
/// `RosenbrockInterpolants` form): `Tab::dense_terms` vectors K_r = Σ_j H(r, j) k_j formed from
/// the stages of the accepted step, and u(θ) = (1 − θ) u + θ (u_new + (1 − θ) Σ_r θ^r K_r).
template <class Tab, class T, int N>
struct StageDenseOutput {
  Vec<T, N> K[Tab::dense_terms];

  /// K_r from the step's `Tab::stages` stage vectors `k`.
  KOKKOS_FORCEINLINE_FUNCTION void form(const Vec<T, N>* k) {
    static_for<0, Tab::dense_terms>([&](auto R) {
      constexpr int r = decltype(R)::value;
      K[r]            = Vec<T, N>::zero();
      static_for<0, Tab::stages>([&](auto J) {
        constexpr int j = decltype(J)::value;
        if constexpr (Tab::H(r, j) != 0.0)
          for (int n = 0; n < N; ++n) K[r][n] += T(Tab::H(r, j)) * k[j][n];
      });
    });
  }

  /// u(θ) on the step from `uprev` to `unew`.
  KOKKOS_FUNCTION Vec<T, N> operator()(const Vec<T, N>& uprev, const Vec<T, N>& unew, const T th) const {
    const T th1 = T(1) - th;
    Vec<T, N> y;
    for (int n = 0; n < N; ++n) {
      T inner = K[Tab::dense_terms - 1][n];
      for (int r = Tab::dense_terms - 2; r >= 0; --r) inner = K[r][n] + th * inner;
      y[n] = th1 * uprev[n] + th * (unew[n] + th1 * inner);
    }
    return y;
  }
};

/// The linearization at a step's start (f, J, ∂f/∂t) and the factors of W = I/(γh) − J.
template <class JacPolicy, class Pivoting, class T, int N>
struct Linearization {
  static constexpr int dim = N;  ///< the whole state's size
  Vec<T, N> f0;                  ///< f(u, t) at the step's start
  Vec<T, N> dT;                  ///< ∂f/∂t at the step's start
  Mat<T, N> J;                   ///< ∂f/∂u at the step's start
  LUFactors<T, N, Pivoting> W;
  bool current = false;  ///< f0, J, dT belong to the current step start

  /// Forget the linearization (the state changed: a new step, or a callback).
  KOKKOS_FORCEINLINE_FUNCTION void invalidate() { current = false; }

  /// Evaluates f0, J, dT at (u, t) unless they are current, then factors W = I/(gh) − J (gh = γh,
  /// signed). `NonFinite` when f(u, t) is not finite (the right-hand side failed: `Unstable`, as
  /// for every method, not a singular W), `Fail` when W has a zero or non-finite pivot.
  template <class F>
  KOKKOS_FUNCTION StepStatus prepare(const F& f, const Vec<T, N>& u, const T t, const T gh, Stats& st) {
    if (!current) {
      jacobian<JacPolicy>(f, u, t, f0, J, dT, st);
      current = true;
    }
    if (!kode::all_finite(f0)) return StepStatus::NonFinite;
    Mat<T, N> m;
    const T d = T(1) / gh;
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) m(i, j) = (i == j ? d : T(0)) - J(i, j);
    ++st.nlu;
    return W.factor(m) ? StepStatus::Ok : StepStatus::Fail;
  }

  /// x ← W⁻¹ x.
  KOKKOS_FORCEINLINE_FUNCTION void solve(Vec<T, N>& x, Stats& st) const {
    W.solve(x);
    ++st.nsolve;
  }

  /// Whether every component of the state `x` is finite (a lane group's answer for its whole
  /// state: GroupLinearization).
  KOKKOS_FORCEINLINE_FUNCTION static bool all_finite(const Vec<T, N>& x) { return kode::all_finite(x); }
  /// Σ x_c² over the state, in component order.
  KOKKOS_FORCEINLINE_FUNCTION static T sum_squares(const Vec<T, N>& x) {
    T s = T(0);
    for (int c = 0; c < N; ++c) s += x[c] * x[c];
    return s;
  }
};

/// `Linearization` for a trajectory spread over a lane group (core/Kode_LaneGroup.hpp): each
/// lane holds its components of f0 and ∂f/∂t and its rows of J and of W's factors
/// (`GroupLUFactors`), and the stepper above it runs unchanged on the lane's part of the state.
/// The Jacobian's rows come from the System's per-component form when it has one that takes
/// dual numbers (`row(c, u, p, t)` templated on the scalar type: each lane differentiates its own
/// rows, Dual<T, dim + 1> as `jacobian_dual`) and the policy would use dual numbers; otherwise
/// every lane evaluates the whole J by the policy's rule (`jacobian`, on the gathered state) and
/// keeps its rows: once per step, as the one-thread kernel does. The answers are the one-thread
/// ones bit for bit (the same arithmetic in the same order; tstLaneGroup.cpp).
template <class JacPolicy, class Pivoting, class T, class Group>
struct GroupLinearization {
  static constexpr int N = Group::dim, M = Group::local_dim;
  static constexpr int dim = N;  ///< the whole state's size
  using V                  = Vec<T, M>;
  V f0;            ///< this lane's part of f(u, t) at the step's start
  V dT;            ///< … of ∂f/∂t
  Vec<T, N> J[M];  ///< this lane's rows of ∂f/∂u
  GroupLUFactors<T, Group, Pivoting> W;
  Group group;  ///< the lanes (set by `prepare`, used by `solve` and the reductions)
  bool current = false;

  KOKKOS_FORCEINLINE_FUNCTION void invalidate() { current = false; }

  /// As `Linearization::prepare`, `f` a `GroupRhs` (the lane's view of the right-hand side).
  template <class F>
  KOKKOS_FUNCTION StepStatus prepare(const F& f, const V& u, const T t, const T gh, Stats& st) {
    group = f.group;
    if (!current) {
      rows(f, u, t, st);
      current = true;
    }
    if (!group.all_finite(f0)) return StepStatus::NonFinite;
    Vec<T, N> m[M];
    const T d = T(1) / gh;
    for (int j = 0; j < M; ++j)
      for (int c = 0; c < N; ++c) m[j][c] = (group.component(j) == c ? d : T(0)) - J[j][c];
    ++st.nlu;
    return W.factor(group, m) ? StepStatus::Ok : StepStatus::Fail;
  }

  KOKKOS_FORCEINLINE_FUNCTION void solve(V& x, Stats& st) const {
    W.solve(group, x);
    ++st.nsolve;
  }
  KOKKOS_FORCEINLINE_FUNCTION bool all_finite(const V& x) const { return group.all_finite(x); }
  KOKKOS_FORCEINLINE_FUNCTION T sum_squares(const V& x) const { return group.sum_squares(x); }

 private:
  // f0, J's rows and dT at (u, t).
  template <class F>
  KOKKOS_FUNCTION void rows(const F& f, const V& u, const T t, Stats& st) {
    using System = std::remove_cv_t<std::remove_reference_t<decltype(f.f)>>;
    using D      = Dual<T, N + 1>;
    // J by dual numbers exactly where `jacobian` would take it so (not from `jac`, not by differences)
    constexpr bool dual_j = std::is_same<JacPolicy, ForwardDiffJacobian>::value ||
                            (std::is_same<JacPolicy, AutoJacobian>::value && !has_jac_v<System, T>);
    constexpr bool by_rows = dual_j && has_row<System, D>::value;
    const Vec<T, N> uf     = group.full(u);
    if constexpr (by_rows) {
      ++st.njac;
      ++st.nf;
      Vec<D, N> ud;
      for (int i = 0; i < N; ++i) ud[i] = D::variable(uf[i], i);
      Vec<D, num_params_v<System>> pd;
      for (int k = 0; k < num_params_v<System>; ++k) pd[k] = D(f.p[k]);
      for (int j = 0; j < M; ++j) {
        const int c = group.component(j);
        const D r   = c < N ? D(f.f.row(c, ud, pd, D::variable(t, N))) : D(T(0));
        for (int i = 0; i < N; ++i) J[j][i] = r.d[i];
        dT[j] = r.d[N];
        f0[j] = r.val;
      }
    } else {
      Vec<T, N> f0f, dTf;
      Mat<T, N> Jf;
      jacobian<JacPolicy>(f.whole(), uf, t, f0f, Jf, dTf, st);
      f0 = group.local(f0f);
      dT = group.local(dTf);
      for (int i = 0; i < N; ++i) {
        Vec<T, N> col;
        for (int c = 0; c < N; ++c) col[c] = Jf(c, i);
        const V mine = group.local(col);
        for (int j = 0; j < M; ++j) J[j][i] = mine[j];
      }
    }
  }
};

}  // namespace Impl

/// \brief The tag of a stiff method: `Stepper` over the method's tableau `Tab` (which names the
/// method and its order), with a Jacobian policy and a pivoting. `Method::with<Jac, Pivoting>`
/// is the same method with other choices, e.g. `kode::Rodas5P::with<kode::FiniteDiffJacobian>`.
template <template <class, class, class, class, int, class> class Stepper, class Tab, class JacPolicy, class Pivoting>
struct StiffMethod {
  static constexpr int order          = Tab::order;  ///< order of the propagated solution
  static constexpr bool has_error_est = true;
  static constexpr bool is_implicit   = true;
  static constexpr const char* name   = Tab::name;
  using jacobian_policy               = JacPolicy;  ///< how J and ∂f/∂t are obtained
  using pivoting                      = Pivoting;   ///< the LU of W
  /// The stepper for states `Vec<T, N>`.
  template <class T, int N>
  using stepper = Stepper<Tab, JacPolicy, Pivoting, T, N, Impl::Linearization<JacPolicy, Pivoting, T, N>>;
  /// The stepper on one lane's part of a trajectory spread over the lane group `Group`.
  template <class T, class Group>
  using group_stepper =
      Stepper<Tab, JacPolicy, Pivoting, T, Group::local_dim, Impl::GroupLinearization<JacPolicy, Pivoting, T, Group>>;
  /// The same method with another Jacobian policy (and pivoting). Each argument is checked here,
  /// where it is written (one sentence naming the argument and the choices); a refused one is
  /// replaced by the default, so that nothing compiled later adds errors to that sentence.
  template <class J, class P = Pivoting>
  using with = StiffMethod<Stepper, Tab, std::conditional_t<Impl::check_jacobian_policy<J>(), J, AutoJacobian>,
                           std::conditional_t<Impl::check_pivoting<P>(), P, DefaultPivoting>>;
};

namespace Impl {
/// Whether `Alg` is the tag of a stiff method (it names a Jacobian policy and a pivoting).
template <class Alg, class = void>
struct is_stiff_method : std::false_type {};
template <class Alg>
struct is_stiff_method<Alg, std::void_t<typename Alg::jacobian_policy, typename Alg::pivoting>> : std::true_type {};

/// Whether the method `Alg` can integrate the right-hand side `System` (valid for scalar `T`):
/// what `check_method` checks, without its messages.
template <class Alg, class System, class T>
constexpr bool is_valid_method() {
  if constexpr (is_stiff_method<Alg>::value) {
    using J = typename Alg::jacobian_policy;
    return is_jacobian_policy_v<J> && is_pivoting_v<typename Alg::pivoting> && can_differentiate_v<J, System, T>;
  } else {
    return true;
  }
}

/// Checks at the door of `kode::solve`: one readable error per mistake in combining the method
/// `Alg` with the right-hand side `System` for scalar `T` (a stiff method's policies, and whether
/// its Jacobian policy can differentiate `System`). Returns whether all is well. A `System` that
/// is not a valid right-hand side is `check_system`'s to report (kode::EnsembleProblem), so it is
/// not judged here again.
template <class Alg, class System, class T>
constexpr bool check_method() {
  if constexpr (!is_valid_system_v<System, T>) {
    return false;
  } else if constexpr (is_stiff_method<Alg>::value) {
    using J = typename Alg::jacobian_policy;
    // `&` rather than `&&`: every check is instantiated, so each mistake gets its sentence.
    constexpr bool policies_ok = check_jacobian_policy<J>() & check_pivoting<typename Alg::pivoting>();
    if constexpr (policies_ok) {
      return check_jacobian<J, System, T>();
    } else {
      return false;
    }
  } else {
    return true;
  }
}
}  // namespace Impl

}  // namespace kode

#endif  // KODE_IMPLICIT_HPP
