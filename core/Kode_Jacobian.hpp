/// \file Kode_Jacobian.hpp
/// \brief Jacobians J = ∂f/∂u and time derivatives ∂f/∂t for the implicit methods: from the
/// user's `jac`/`tgrad`, by forward-mode dual numbers through the templated right-hand side, or
/// by finite differences.
///
/// A method tag takes the policy as a template argument (`kode::Rodas5P` uses `AutoJacobian`;
/// `kode::Rodas5P::with<kode::FiniteDiffJacobian>` picks finite differences).
#ifndef KODE_JACOBIAN_HPP
#define KODE_JACOBIAN_HPP

#include "Kode_Dual.hpp"
#include "Kode_ReturnCode.hpp"
#include "Kode_Traits.hpp"
#include "Kode_Vec.hpp"

#include <type_traits>

namespace kode {

/// \brief The system's `jac` (and `tgrad`) when it has them, dual numbers otherwise (the default).
struct AutoJacobian {};
/// \brief Exact derivatives by forward-mode dual numbers through the templated right-hand side:
/// one evaluation with `Dual<T, dim + 1>` gives J and ∂f/∂t.
struct ForwardDiffJacobian {};
/// \brief Forward differences: dim + 1 extra right-hand-side evaluations, no templating needed
/// beyond float/double; accurate to about sqrt(machine epsilon).
struct FiniteDiffJacobian {};
/// \brief The system's `jac(J, u, p, t)` (required) and `tgrad(dT, u, p, t)` (dual numbers in t
/// when absent).
struct AnalyticJacobian {};

namespace Impl {
template <class S, class T, class = void>
struct has_jac : std::false_type {};
template <class S, class T>
struct has_jac<S, T,
               std::void_t<decltype(std::declval<const S&>().jac(
                   std::declval<Mat<T, S::dim>&>(), std::declval<const Vec<T, S::dim>&>(),
                   std::declval<const Vec<T, num_params_of<S>::value>&>(), std::declval<T>()))>> : std::true_type {};
template <class S, class T, class = void>
struct has_tgrad : std::false_type {};
template <class S, class T>
struct has_tgrad<S, T,
                 std::void_t<decltype(std::declval<const S&>().tgrad(
                     std::declval<Vec<T, S::dim>&>(), std::declval<const Vec<T, S::dim>&>(),
                     std::declval<const Vec<T, num_params_of<S>::value>&>(), std::declval<T>()))>> : std::true_type {};
}  // namespace Impl

/// \brief Whether `System` provides `void jac(Mat<T,dim>& J, const Vec<T,dim>& u,
/// const Vec<T,num_params>& p, T t) const` (J(i, j) = ∂f_i/∂u_j).
template <class System, class T>
inline constexpr bool has_jac_v = Impl::has_jac<System, T>::value;
/// \brief Whether `System` provides `void tgrad(Vec<T,dim>& dT, const Vec<T,dim>& u,
/// const Vec<T,num_params>& p, T t) const` (dT_i = ∂f_i/∂t).
template <class System, class T>
inline constexpr bool has_tgrad_v = Impl::has_tgrad<System, T>::value;

namespace Impl {
// Whether S has a member named `jac` (`tgrad`) of any kind: a function, a template, an overload
// set, a data member, public or not. In a class derived from S and from one with a data member of
// that name, the name is ambiguous exactly when S has one too, and `&Derived::jac` then fails to
// form. (A final class cannot be derived from; it counts as having none.)
struct JacNameProbe {
  int jac;
};
struct TgradNameProbe {
  int tgrad;
};
template <class S>
struct JacNameProbed : S, JacNameProbe {};
template <class S>
struct TgradNameProbed : S, TgradNameProbe {};
template <class S, class = void>
struct ambiguous_jac : std::true_type {};
template <class S>
struct ambiguous_jac<S, std::void_t<decltype(&JacNameProbed<S>::jac)>> : std::false_type {};
template <class S, class = void>
struct ambiguous_tgrad : std::true_type {};
template <class S>
struct ambiguous_tgrad<S, std::void_t<decltype(&TgradNameProbed<S>::tgrad)>> : std::false_type {};
template <class S, bool Derivable = std::is_class<S>::value && !std::is_final<S>::value>
struct has_jac_member : std::false_type {};
template <class S>
struct has_jac_member<S, true> : ambiguous_jac<S> {};
template <class S, bool Derivable = std::is_class<S>::value && !std::is_final<S>::value>
struct has_tgrad_member : std::false_type {};
template <class S>
struct has_tgrad_member<S, true> : ambiguous_tgrad<S> {};
}  // namespace Impl

/// \brief Whether `System` has a member named `jac` of any kind (whatever its signature).
template <class System>
inline constexpr bool has_jac_member_v = Impl::has_jac_member<System>::value;
/// \brief Whether `System` has a member named `tgrad` of any kind (whatever its signature).
template <class System>
inline constexpr bool has_tgrad_member_v = Impl::has_tgrad_member<System>::value;
/// \brief Whether `System`'s `jac`, if it has a member of that name, is the one kode calls for
/// scalar `T` (`has_jac_v`). A `jac` of another signature would be ignored (dual numbers used
/// instead), so `kode::EnsembleProblem` refuses it.
template <class System, class T>
inline constexpr bool is_valid_jac_v = !has_jac_member_v<System> || has_jac_v<System, T>;
/// \brief Whether `System`'s `tgrad`, if it has a member of that name, is the one kode calls for
/// scalar `T` (`has_tgrad_v`).
template <class System, class T>
inline constexpr bool is_valid_tgrad_v = !has_tgrad_member_v<System> || has_tgrad_v<System, T>;

namespace Impl {
/// One readable error per `jac`/`tgrad` member that kode would not call (checked by
/// `kode::EnsembleProblem` for the problem's scalar type).
template <class System, class T>
constexpr bool check_derivatives() {
  if constexpr (is_valid_system_v<System, T>) {  // else check_system has said what is wrong
    static_assert(is_valid_jac_v<System, T>,
                  "kode: System::jac does not have the expected signature `void jac(kode::Mat<T, dim>& J, const "
                  "kode::Vec<T, dim>& u, const kode::Vec<T, num_params>& p, T t) const` (const, J(i, j) = df_i/du_j, "
                  "for T the scalar type of u0: template it on T); kode would ignore it and use dual numbers");
    static_assert(is_valid_tgrad_v<System, T>,
                  "kode: System::tgrad does not have the expected signature `void tgrad(kode::Vec<T, dim>& dT, const "
                  "kode::Vec<T, dim>& u, const kode::Vec<T, num_params>& p, T t) const` (const, dT_i = df_i/dt, for T "
                  "the scalar type of u0: template it on T); kode would ignore it and use dual numbers");
  }
  return true;
}
}  // namespace Impl

/// \brief Whether `Policy` is one of kode's Jacobian policies (the first argument of
/// `Method::with<Jac, Pivoting>`).
template <class Policy>
inline constexpr bool is_jacobian_policy_v =
    std::is_same<Policy, AutoJacobian>::value || std::is_same<Policy, ForwardDiffJacobian>::value ||
    std::is_same<Policy, FiniteDiffJacobian>::value || std::is_same<Policy, AnalyticJacobian>::value;

namespace Impl {
/// One readable error when `Policy` is not a Jacobian policy; returns whether it is. Called where a
/// policy is chosen (`Method::with`, Kode_Implicit.hpp), by `kode::solve` (`check_method`) and by
/// `jacobian`: one function template specialization, so the sentence is printed once.
template <class Policy>
constexpr bool check_jacobian_policy() {
  static_assert(is_jacobian_policy_v<Policy>,
                "kode: the first argument of Method::with<Jac, Pivoting> must be a Jacobian policy: "
                "kode::AutoJacobian, kode::ForwardDiffJacobian, kode::FiniteDiffJacobian or kode::AnalyticJacobian");
  return is_jacobian_policy_v<Policy>;
}

/// Whether `jacobian<Policy>` evaluates `System` with dual numbers for scalar `T`: for J unless
/// the system's own `jac` is used, and for ∂f/∂t unless its `tgrad` is.
template <class Policy, class System, class T>
inline constexpr bool needs_dual_v = std::is_same<Policy, ForwardDiffJacobian>::value ||
                                     (std::is_same<Policy, AutoJacobian>::value &&
                                      !(has_jac_v<System, T> && has_tgrad_v<System, T>)) ||
                                     (std::is_same<Policy, AnalyticJacobian>::value && !has_tgrad_v<System, T>);

/// Whether `jacobian<Policy>` can differentiate `System` (a valid right-hand side for `T`): an
/// AnalyticJacobian needs the system's `jac`; dual numbers (Dual<T, dim + 1>: the partials in u
/// and in t, `jacobian_dual`) need a call operator templated on the scalar type.
template <class Policy, class System, class T>
inline constexpr bool has_analytic_jac_if_required_v =
    !std::is_same<Policy, AnalyticJacobian>::value || has_jac_v<System, T>;
template <class Policy, class System, class T>
inline constexpr bool can_differentiate_v = has_analytic_jac_if_required_v<Policy, System, T> &&
                                            (!needs_dual_v<Policy, System, T> ||
                                             is_valid_system_v<System, Dual<T, System::dim + 1>>);

/// One readable error per reason why `jacobian<Policy>` cannot differentiate `System` (a valid
/// right-hand side for `T`) and the policy is known. Returns whether it can, so that `jacobian`
/// compiles nothing that would only add follow-on errors. `kode::solve` calls it at the door
/// (through `check_method`) and `jacobian` calls it again: one function template specialization,
/// so each sentence is printed once.
template <class Policy, class System, class T>
constexpr bool check_jacobian() {
  constexpr bool analytic_ok = has_analytic_jac_if_required_v<Policy, System, T>;
  static_assert(analytic_ok,
                "kode::AnalyticJacobian: the system must have `void jac(kode::Mat<T, dim>& J, const kode::Vec<T, dim>& "
                "u, const kode::Vec<T, num_params>& p, T t) const`");
  constexpr bool dual_ok = !analytic_ok || can_differentiate_v<Policy, System, T>;
  static_assert(dual_ok,
                "kode: this stiff method differentiates the right-hand side with dual numbers (kode::AutoJacobian, "
                "the default, or kode::ForwardDiffJacobian), but System::operator() takes only the scalar type of u0: "
                "template it on the scalar type (`template <class T> void operator()(kode::Vec<T, dim>& du, const "
                "kode::Vec<T, dim>& u, const kode::Vec<T, num_params>& p, T t) const`), or give System `jac` and "
                "`tgrad`, or use finite differences (`Method::with<kode::FiniteDiffJacobian>`, e.g. "
                "kode::Rodas5P::with<kode::FiniteDiffJacobian>)");
  return analytic_ok && dual_ok;
}
}  // namespace Impl

namespace Impl {

// f(u, t), J and ∂f/∂t by one evaluation in Dual<T, N + 1> (u seeded with partials 0..N−1, t
// with N): the values are f itself.
template <bool WithJ, class Rhs, class T, int N>
KOKKOS_FUNCTION void jacobian_dual(const Rhs& f, const Vec<T, N>& u, const T t, Vec<T, N>& fu, Mat<T, N>& J,
                                   Vec<T, N>& dT) {
  using D = Dual<T, N + 1>;
  Vec<D, N> ud, dud;
  for (int i = 0; i < N; ++i) ud[i] = WithJ ? D::variable(u[i], i) : D(u[i]);
  f(dud, ud, D::variable(t, N));
  for (int i = 0; i < N; ++i) {
    if constexpr (WithJ)
      for (int j = 0; j < N; ++j) J(i, j) = dud[i].d[j];
    dT[i] = dud[i].d[N];
    fu[i] = dud[i].val;
  }
}

/// \brief f(u, t), J = ∂f/∂u and dT = ∂f/∂t at (u, t) for the bound right-hand side `f` (a
/// `BoundRhs`), by the policy's rule. A dual-number evaluation yields f itself; the other rules
/// evaluate it once (counted in `st.nf`).
template <class Policy, class Rhs, class T, int N>
KOKKOS_FUNCTION void jacobian(const Rhs& f, const Vec<T, N>& u, const T t, Vec<T, N>& fu, Mat<T, N>& J, Vec<T, N>& dT,
                              Stats& st) {
  using System            = std::remove_cv_t<std::remove_reference_t<decltype(f.f)>>;
  constexpr bool analytic = std::is_same<Policy, AnalyticJacobian>::value ||
                            (std::is_same<Policy, AutoJacobian>::value && has_jac_v<System, T>);
  // The same checks as kode::solve's at the door, each printed once; when one failed, nothing
  // below is compiled (it could only add errors from inside the dual-number evaluation).
  constexpr bool ok = check_jacobian_policy<Policy>() && check_jacobian<Policy, System, T>();
  ++st.njac;
  if constexpr (!ok) {
    (void)f, (void)u, (void)t, (void)fu, (void)J, (void)dT;
  } else if constexpr (analytic) {
    f.f.jac(J, u, f.p, t);
    if constexpr (has_tgrad_v<System, T>) {
      f(fu, u, t);
      f.f.tgrad(dT, u, f.p, t);
    } else {
      jacobian_dual<false>(f, u, t, fu, J, dT);
    }
    ++st.nf;
  } else if constexpr (std::is_same<Policy, FiniteDiffJacobian>::value) {
    // Forward differences with OrdinaryDiffEq's `finite_diff_jac` step: sqrt(eps) max(1, |u_j|).
    f(fu, u, t);
    const T sq   = kode::sqrt(FloatTraits<T>::epsilon());
    Vec<T, N> up = u, fp;
    for (int j = 0; j < N; ++j) {
      const T dj = sq * kode::fmax(T(1), kode::fabs(u[j]));
      up[j]      = u[j] + dj;
      f(fp, up, t);
      for (int i = 0; i < N; ++i) J(i, j) = (fp[i] - fu[i]) / (up[j] - u[j]);  // the step actually taken
      up[j] = u[j];
    }
    const T dt = sq * kode::fmax(T(1), kode::fabs(t));
    f(fp, u, t + dt);
    for (int i = 0; i < N; ++i) dT[i] = (fp[i] - fu[i]) / ((t + dt) - t);
    st.nf += N + 2;
  } else {
    jacobian_dual<true>(f, u, t, fu, J, dT);
    ++st.nf;
  }
}

}  // namespace Impl
}  // namespace kode

#endif  // KODE_JACOBIAN_HPP
