/// \file Kode_Traits.hpp
/// \brief Compile-time checks of user functors, each exposed as a trait and used in
/// `static_assert`s that spell out the expected signature.
#ifndef KODE_TRAITS_HPP
#define KODE_TRAITS_HPP

#include "Kode_Vec.hpp"

#include <type_traits>

namespace kode {
namespace Impl {

template <class, class = void>
struct has_dim : std::false_type {};
template <class S>
struct has_dim<S, std::void_t<decltype(S::dim)>> : std::is_convertible<decltype(S::dim), int> {};

template <class S, class = void>
struct num_params_of : std::integral_constant<int, 0> {};
template <class S>
struct num_params_of<S, std::void_t<decltype(S::num_params)>> : std::integral_constant<int, int(S::num_params)> {};

template <class S, class T, bool HasDim = has_dim<S>::value>
struct is_rhs_invocable : std::false_type {};
template <class S, class T>
struct is_rhs_invocable<S, T, true> : std::is_invocable<const S&, Vec<T, int(S::dim)>&, const Vec<T, int(S::dim)>&,
                                                        const Vec<T, num_params_of<S>::value>&, T> {};

}  // namespace Impl

/// \brief Number of parameters per trajectory of `System`: `System::num_params`, or 0 when absent.
template <class System>
inline constexpr int num_params_v = Impl::num_params_of<System>::value;

/// \brief Whether `System` declares `static constexpr int dim`.
template <class System>
inline constexpr bool has_dim_v = Impl::has_dim<System>::value;

/// \brief Whether `System` is a valid right-hand side for scalar `T`: it has a positive
/// `static constexpr int dim`, and a const `operator()(Vec<T,dim>& du, const Vec<T,dim>& u,
/// const Vec<T,num_params>& p, T t)`.
template <class System, class T>
inline constexpr bool is_valid_system_v = Impl::is_rhs_invocable<System, T>::value;

namespace Impl {
/// `System::dim`, or 0 when it has none (after check_system has said so: a stand-in that keeps
/// what uses the dimension from adding errors).
template <class S, bool = has_dim<S>::value>
struct dim_of : std::integral_constant<int, 0> {};
template <class S>
struct dim_of<S, true> : std::integral_constant<int, int(S::dim)> {};

/// Emits one readable error per violated requirement of a right-hand side (a missing `dim` is
/// one mistake: the call operator is not judged without it). Returns true: the caller's
/// `static_assert(check_system<...>(), "")` adds no error of its own.
template <class System, class T>
constexpr bool check_system() {
  static_assert(has_dim_v<System>, "kode: the right-hand side must declare `static constexpr int dim = <state size>;`");
  static_assert(!has_dim_v<System> || is_valid_system_v<System, T>,
                "kode: the right-hand side must have a const call operator `void operator()(kode::Vec<T, dim>& du, "
                "const kode::Vec<T, dim>& u, const kode::Vec<T, num_params>& p, T t) const` (templated on T so that it "
                "works with float, double and dual numbers; num_params is 0 when System declares none)");
  return true;
}

/// Whether `System` gives its right-hand side per component: a const member
/// `T row(int c, const Vec<T, dim>& u, const Vec<T, num_params>& p, T t)` returning du[c], the
/// same arithmetic as the call operator's for that component.
template <class S, class T, class = void>
struct has_row : std::false_type {};
template <class S, class T>
struct has_row<
    S, T,
    std::void_t<decltype(std::declval<const S&>().row(0, std::declval<const Vec<T, S::dim>&>(),
                                                      std::declval<const Vec<T, num_params_of<S>::value>&>(), T()))>>
    : std::is_convertible<decltype(std::declval<const S&>().row(0, std::declval<const Vec<T, S::dim>&>(),
                                                                std::declval<const Vec<T, num_params_of<S>::value>&>(),
                                                                T())),
                          T> {};

}  // namespace Impl

}  // namespace kode

#endif  // KODE_TRAITS_HPP
