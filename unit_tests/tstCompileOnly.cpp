/// \file tstCompileOnly.cpp
/// \brief Compile-time checks of user functors, through the traits behind kode's static_asserts:
/// valid signatures are accepted and each kind of mistake is rejected. (Passing a rejected functor
/// to kode::solve stops the build with a message that spells out the expected signature.)
#include "Test_Methods.hpp"

#include <Kode.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace {

using V3 = kode::Vec<double, 3>;

struct Good {
  static constexpr int dim = 3, num_params = 2;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 2>&, T) const {}
};
struct NoParams {
  static constexpr int dim = 3;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 0>&, T) const {}
};
struct MissingDim {
  template <class T>
  void operator()(kode::Vec<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 0>&, T) const {}
};
struct WrongArity {
  static constexpr int dim = 3;
  template <class T>
  void operator()(kode::Vec<T, 3>&, const kode::Vec<T, 3>&, T) const {}
};
struct NotConst {
  static constexpr int dim = 3;
  template <class T>
  void operator()(kode::Vec<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 0>&, T) {}
};
struct WrongDim {
  static constexpr int dim = 2;
  template <class T>
  void operator()(kode::Vec<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 0>&, T) const {}
};

static_assert(kode::is_valid_system_v<Good, double> && kode::is_valid_system_v<Good, float>);
static_assert(kode::is_valid_system_v<NoParams, double> && kode::num_params_v<NoParams> == 0);
static_assert(kode::num_params_v<Good> == 2);
static_assert(!kode::has_dim_v<MissingDim> && !kode::is_valid_system_v<MissingDim, double>);
static_assert(!kode::is_valid_system_v<WrongArity, double>);
static_assert(!kode::is_valid_system_v<NotConst, double>);
static_assert(!kode::is_valid_system_v<WrongDim, double>);

// Analytic derivatives: kode calls `jac`/`tgrad` only with its exact signature; any other member of
// that name would be ignored (dual numbers instead), so it is refused (kode::EnsembleProblem).
struct WithDerivatives : Good {
  template <class T>
  void jac(kode::Mat<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 2>&, T) const {}
  template <class T>
  void tgrad(kode::Vec<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 2>&, T) const {}
};
struct JacNotConst : Good {
  template <class T>
  void jac(kode::Mat<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 2>&, T) {}
};
struct JacWithoutParams : Good {  // (J, u, t): the parameters left out
  template <class T>
  void jac(kode::Mat<T, 3>&, const kode::Vec<T, 3>&, T) const {}
};
struct JacForDoubleOnly : Good {  // not a template: right for double, ignored for float
  void jac(kode::Mat<double, 3>&, const kode::Vec<double, 3>&, const kode::Vec<double, 2>&, double) const {}
};
struct JacDataMember : Good {
  int jac = 0;
};
struct TgradWithoutT : Good {
  template <class T>
  void tgrad(kode::Vec<T, 3>&, const kode::Vec<T, 3>&, const kode::Vec<T, 2>&) const {}
};

static_assert(kode::has_jac_v<WithDerivatives, double> && kode::has_tgrad_v<WithDerivatives, float>);
static_assert(kode::has_jac_member_v<WithDerivatives> && kode::has_tgrad_member_v<WithDerivatives>);
static_assert(kode::is_valid_jac_v<WithDerivatives, double> && kode::is_valid_tgrad_v<WithDerivatives, float>);
static_assert(!kode::has_jac_member_v<Good> && !kode::has_tgrad_member_v<Good>);  // none: dual numbers
static_assert(kode::is_valid_jac_v<Good, double> && kode::is_valid_tgrad_v<Good, double>);
static_assert(kode::has_jac_member_v<JacNotConst> && !kode::has_jac_v<JacNotConst, double>);
static_assert(!kode::is_valid_jac_v<JacNotConst, double>);
static_assert(!kode::is_valid_jac_v<JacWithoutParams, double>);
static_assert(kode::is_valid_jac_v<JacForDoubleOnly, double> && !kode::is_valid_jac_v<JacForDoubleOnly, float>);
static_assert(kode::has_jac_member_v<JacDataMember> && !kode::is_valid_jac_v<JacDataMember, double>);
static_assert(kode::has_tgrad_member_v<TgradWithoutT> && !kode::is_valid_tgrad_v<TgradWithoutT, double>);
static_assert(kode::is_valid_jac_v<TgradWithoutT, double>);  // only the tgrad is wrong

struct Cond {
  template <class T>
  T operator()(const kode::Vec<T, 3>& u, const kode::Vec<T, 2>&, T) const {
    return u[0];
  }
};
struct BoolCond {
  template <class T>
  bool operator()(const kode::Vec<T, 3>&, const kode::Vec<T, 2>&, T t) const {
    return t > T(1);
  }
};
struct VoidAffect {
  template <class T>
  void operator()(kode::Vec<T, 3>&, kode::Vec<T, 2>&, T) const {}
};
struct ActionAffect {
  template <class T>
  kode::EventAction operator()(kode::Vec<T, 3>&, kode::Vec<T, 2>&, T) const {
    return kode::EventAction::Terminate;
  }
};
struct WrongOrderAffect {  // (t, u, p) instead of (u, p, t)
  template <class T>
  void operator()(T, kode::Vec<T, 3>&, kode::Vec<T, 2>&) const {}
};
struct IntAffect {  // returns something that is neither void nor EventAction
  template <class T>
  int operator()(kode::Vec<T, 3>&, kode::Vec<T, 2>&, T) const {
    return 0;
  }
};
struct DoubleCond {  // returns double whatever T is
  template <class T>
  double operator()(const kode::Vec<T, 3>& u, const kode::Vec<T, 2>&, T) const {
    return u[0];
  }
};
struct IntCond {
  template <class T>
  int operator()(const kode::Vec<T, 3>& u, const kode::Vec<T, 2>&, T) const {
    return u[0] > T(0) ? 1 : -1;
  }
};
struct TwoArgCond {
  template <class T>
  T operator()(const kode::Vec<T, 3>& u, T) const {
    return u[0];
  }
};

static_assert(kode::is_continuous_condition_v<Cond, double, 3, 2>);
static_assert(!kode::is_continuous_condition_v<TwoArgCond, double, 3, 2>);
static_assert(!kode::is_continuous_condition_v<Cond, double, 3, 1>);  // wrong parameter count
static_assert(kode::is_discrete_condition_v<BoolCond, float, 3, 2>);
// A continuous condition returns the scalar type itself: a bool one (a DiscreteCallback's) would
// convert to T and misplace events, and is refused with its own sentence (compile_fail/).
static_assert(kode::is_continuous_condition_v<Cond, float, 3, 2>);
static_assert(!kode::is_continuous_condition_v<BoolCond, double, 3, 2>);
static_assert(kode::is_continuous_condition_v<DoubleCond, double, 3, 2>);
static_assert(!kode::is_continuous_condition_v<DoubleCond, float, 3, 2>);
static_assert(!kode::is_continuous_condition_v<IntCond, double, 3, 2>);
static_assert(kode::is_affect_v<VoidAffect, double, 3, 2> && kode::is_affect_v<ActionAffect, float, 3, 2>);
static_assert(kode::is_affect_v<kode::NoAffect, double, 3, 2>);
static_assert(!kode::is_affect_v<WrongOrderAffect, double, 3, 2>);
static_assert(!kode::is_affect_v<IntAffect, double, 3, 2>);

// Every explicit method's stepper (the one ExplicitRKStepper over the method's tableau) meets
// the stepper contract of Kode_Stepper.hpp, in both scalars.
template <class Alg, class T>
constexpr bool meets_stepper_contract() {
  using Stepper = typename Alg::template stepper<T, 3>;
  using Rhs     = kode::Impl::BoundRhs<Good, kode::Vec<T, 2>>;
  return kode::Impl::check_stepper<Stepper, Rhs, kode::Vec<T, 3>, T>();
}
template <class... Algs>
constexpr bool all_meet_stepper_contract() {
  return (... && (meets_stepper_contract<Algs, double>() && meets_stepper_contract<Algs, float>()));
}
static_assert(all_meet_stepper_contract<kode::Tsit5, kode::DP5, kode::RK4, kode::Vern7, kode::Vern9>());
static_assert(std::is_same_v<kode::Tsit5::stepper<double, 3>,
                             kode::Impl::ExplicitRKStepper<kode::Impl::Tsit5Tableau, double, 3>>);
static_assert(kode::Vern9::order == 9 && kode::Vern9::has_error_est && !kode::RK4::has_error_est);

// The checks at the door of kode::solve (Kode_SolveChecks.hpp): kode::solve compiles a kernel
// exactly when Impl::is_solvable holds, so it must accept every valid combination; each refusal
// has its sentence in compile_fail/.
struct DoubleOnly {  // a right-hand side that dual numbers cannot go through
  static constexpr int dim = 3, num_params = 2;
  void operator()(V3&, const V3&, const kode::Vec<double, 2>&, double) const {}
};
struct DoubleOnlyWithDerivatives : DoubleOnly {
  void jac(kode::Mat<double, 3>&, const V3&, const kode::Vec<double, 2>&, double) const {}
  void tgrad(V3&, const V3&, const kode::Vec<double, 2>&, double) const {}
};
struct DoubleOnlyWithJac : DoubleOnly {  // ∂f/∂t would still need dual numbers
  void jac(kode::Mat<double, 3>&, const V3&, const kode::Vec<double, 2>&, double) const {}
};
template <class Alg, class System>
constexpr bool solvable = kode::Impl::is_solvable<Alg, System, double>();
static_assert(solvable<kode::Tsit5, Good> && solvable<kode::Rodas5P, Good> && solvable<kode::Kvaerno5, Good>);
static_assert(solvable<kode::Tsit5, DoubleOnly> && solvable<kode::RK4, DoubleOnly>);  // no Jacobian needed
static_assert(!solvable<kode::Rodas5P, DoubleOnly> && !solvable<kode::TRBDF2, DoubleOnly>);
static_assert(!solvable<kode::Rodas5P::with<kode::ForwardDiffJacobian>, DoubleOnly>);
static_assert(solvable<kode::Rodas5P::with<kode::FiniteDiffJacobian>, DoubleOnly>);
static_assert(solvable<kode::Rodas5P, DoubleOnlyWithDerivatives> && !solvable<kode::Rodas5P, DoubleOnlyWithJac>);
static_assert(solvable<kode::Rodas5P::with<kode::AnalyticJacobian>, WithDerivatives> &&
              !solvable<kode::Rodas5P::with<kode::AnalyticJacobian>, Good>);
static_assert(solvable<kode::Kvaerno5::with<kode::AutoJacobian, kode::PartialPivoting>, Good>);
static_assert(!solvable<kode::Tsit5, MissingDim> && !solvable<kode::Tsit5, WrongArity> &&
              !solvable<kode::Tsit5, JacNotConst>);
static_assert(kode::is_jacobian_policy_v<kode::FiniteDiffJacobian> && !kode::is_jacobian_policy_v<kode::NoPivoting>);
static_assert(kode::is_pivoting_v<kode::PartialPivoting> && !kode::is_pivoting_v<kode::AutoJacobian>);

TEST(compile_only, method_names_are_unique_in_every_list) {
  // gtest names each typed instance by kode_test::MethodNames; two equal names in one suite would
  // make ctest's names ambiguous.
  const auto unique = [](const std::vector<std::string>& names) {
    return std::set<std::string>(names.begin(), names.end()).size() == names.size();
  };
  EXPECT_TRUE(unique(kode_test::method_names(static_cast<kode_test::EveryMethod*>(nullptr))));
  EXPECT_TRUE(unique(kode_test::method_names(static_cast<kode_test::StiffMethods*>(nullptr))));
  EXPECT_TRUE(unique(kode_test::method_names(static_cast<kode_test::ExplicitMethods*>(nullptr))));
  EXPECT_EQ(kode_test::method_name<kode::Tsit5>(), "Tsit5");
  EXPECT_EQ(kode_test::method_name<kode::Rodas5P>(), "Rodas5P");
  // Variants of one method (they share `name`) are told apart by the policies that differ.
  using Variants   = ::testing::Types<kode::Rodas5P, kode::Rodas5P::with<kode::FiniteDiffJacobian>,
                                    kode::Rodas5P::with<kode::AutoJacobian, kode::PartialPivoting>,
                                    kode::Rodas5P::with<kode::FiniteDiffJacobian, kode::PartialPivoting>>;
  const auto names = kode_test::method_names(static_cast<Variants*>(nullptr));
  EXPECT_TRUE(unique(names));
  EXPECT_EQ(names[1], "Rodas5P_FiniteDiffJacobian");
  EXPECT_EQ(names[3], "Rodas5P_FiniteDiffJacobian_PartialPivoting");
  for (const auto& n : names)  // gtest's names allow letters, digits and underscores only
    EXPECT_TRUE(std::all_of(n.begin(), n.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    })) << n;
}

TEST(compile_only, traits_accept_valid_and_reject_invalid_functors) {
  // Everything is checked by the static_asserts above; reaching here means they held.
  SUCCEED();
}

}  // namespace
