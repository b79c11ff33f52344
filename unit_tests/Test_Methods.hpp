/// \file Test_Methods.hpp
/// \brief The method tags the typed tests run over, and what each test expects of each method
/// (`MethodTraits`). A new method joins every applicable test by being added to the lists and
/// given its traits here.
#ifndef KODE_TEST_METHODS_HPP
#define KODE_TEST_METHODS_HPP

#include <Kode.hpp>

#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <vector>

// One level of indirection, so that a fixture name built by TEST_CATEGORY_FIXTURE(x) is expanded
// before gtest pastes it into class names. Each instance is named by its method
// (`serial_convergence/Tsit5.fixed_step_order`, not `/0`): kode_test::MethodNames.
#define KODE_TYPED_TEST_SUITE(fixture, types) TYPED_TEST_SUITE(fixture, types, ::kode_test::MethodNames)
#define KODE_TYPED_TEST(fixture, name) TYPED_TEST(fixture, name)

namespace kode_test {

/// The name of a Jacobian policy or a pivoting, for test names.
template <class Policy>
const char* policy_name() {
  if constexpr (std::is_same<Policy, kode::AutoJacobian>::value) return "AutoJacobian";
  if constexpr (std::is_same<Policy, kode::ForwardDiffJacobian>::value) return "ForwardDiffJacobian";
  if constexpr (std::is_same<Policy, kode::FiniteDiffJacobian>::value) return "FiniteDiffJacobian";
  if constexpr (std::is_same<Policy, kode::AnalyticJacobian>::value) return "AnalyticJacobian";
  if constexpr (std::is_same<Policy, kode::NoPivoting>::value) return "NoPivoting";
  if constexpr (std::is_same<Policy, kode::PartialPivoting>::value) return "PartialPivoting";
  return "UnknownPolicy";
}

/// A test name for the method tag `Alg`: `Alg::name`, and for a stiff method with other policies
/// than its defaults (`Rodas5P::with<...>` shares Rodas5P's `name`) the policies that differ, so
/// that two variants of one method in a list get two names (`Rodas5P_FiniteDiffJacobian`).
template <class Alg>
std::string method_name() {
  std::string name = Alg::name;
  if constexpr (kode::Impl::is_stiff_method<Alg>::value) {
    if (!std::is_same<typename Alg::jacobian_policy, kode::AutoJacobian>::value)
      name += std::string("_") + policy_name<typename Alg::jacobian_policy>();
    if (!std::is_same<typename Alg::pivoting, kode::DefaultPivoting>::value)
      name += std::string("_") + policy_name<typename Alg::pivoting>();
  }
  return name;
}

/// gtest's name generator for the typed suites (the third argument of TYPED_TEST_SUITE).
struct MethodNames {
  template <class Alg>
  static std::string GetName(int) {
    return method_name<Alg>();
  }
};

/// The names `MethodNames` gives the methods of a `::testing::Types<...>` list, in order.
template <class... Algs>
std::vector<std::string> method_names(::testing::Types<Algs...>*) {
  return {method_name<Algs>()...};
}

#ifndef KODE_TEST_SANITIZED_SUBSET
/// Explicit methods with an embedded error estimate (adaptive-capable).
using AdaptiveExplicitMethods = ::testing::Types<kode::Tsit5, kode::DP5, kode::Vern7, kode::Vern9>;
/// Every explicit method (fixed-step tests).
using ExplicitMethods = ::testing::Types<kode::Tsit5, kode::DP5, kode::Vern7, kode::Vern9, kode::RK4>;
#else
// The sanitizer job (see below): every explicit tableau runs the one ExplicitRKStepper, so one
// method per path through it: Tsit5 (first same as last), Vern7 (an interpolant with extra
// stages) and RK4 (no error estimate).
using AdaptiveExplicitMethods = ::testing::Types<kode::Tsit5, kode::Vern7>;
using ExplicitMethods         = ::testing::Types<kode::Tsit5, kode::Vern7, kode::RK4>;
#endif

/// The stiff methods (every stiff test).
#ifndef KODE_TEST_SANITIZED_SUBSET
using StiffMethods =
    ::testing::Types<kode::Rosenbrock23, kode::Rodas4, kode::Rodas5P, kode::TRBDF2, kode::Kvaerno3, kode::Kvaerno5>;
/// Every method (the event tests).
using EveryMethod = ::testing::Types<kode::Tsit5, kode::DP5, kode::Vern7, kode::Vern9, kode::RK4, kode::Rosenbrock23,
                                     kode::Rodas4, kode::Rodas5P, kode::TRBDF2, kode::Kvaerno3, kode::Kvaerno5>;
/// The ESDIRK methods (Newton iterations: the float tests of tstDenseOutput.hpp).
using ESDIRKMethods = ::testing::Types<kode::TRBDF2, kode::Kvaerno3, kode::Kvaerno5>;
#else
// The sanitizer job of .ci/run (ASan + UBSan) compiles these typed tests in ~6 minutes per
// translation unit with every method; it runs one method per stepper implementation
// (Rosenbrock23Stepper, RodasStepper, ESDIRKStepper) instead: the memory behaviour is the
// stepper's, not the tableau's. Every other build runs the full lists. Of the explicit methods
// the event tests keep one per path of the event search: Tsit5 (first-same-as-last: the screen
// of the step's end), Vern7 (the interpolant's lazy extra stages) and RK4 (fixed steps only).
// (With all five, tstEvents' explicit unit took 12 min of CPU to compile under ASan at -O1, 98%
// of it in GCC's code generation: measured with -ftime-report at 30abe8a.)
using StiffMethods = ::testing::Types<kode::Rosenbrock23, kode::Rodas5P, kode::Kvaerno5>;
using EveryMethod =
    ::testing::Types<kode::Tsit5, kode::Vern7, kode::RK4, kode::Rosenbrock23, kode::Rodas5P, kode::Kvaerno5>;
using ESDIRKMethods = ::testing::Types<kode::Kvaerno5>;
#endif

/// True for the stiff methods (tags with `is_implicit`), for typed tests over EveryMethod.
template <class Alg, class = void>
struct is_stiff : std::false_type {};
template <class Alg>
struct is_stiff<Alg, std::void_t<decltype(Alg::is_implicit)>> : std::integral_constant<bool, Alg::is_implicit> {};
template <class Alg>
inline constexpr bool is_stiff_v = is_stiff<Alg>::value;

// Method families: the unit by which a heavy test file is compiled as several translation units
// (compile time; unit_tests/CMakeLists.txt, `KODE_DEVICE_TEST_UNITS_<Name>`). Each unit of such a
// file defines KODE_TEST_UNIT_FAMILIES (a mask of the families below) before including it; the
// file compiles its typed suites over `InUnit<List>` (the list's methods of the unit's families)
// and puts each suite and untyped test under `#if KODE_TEST_UNIT_HAS(<family>)`. Every family is
// in exactly one unit of a file (checked by CMake), so every test is compiled once. A file that
// is not split sees all families.
#define KODE_TEST_FAMILY_EXPLICIT 1
#define KODE_TEST_FAMILY_ROSENBROCK 2  // Rosenbrock23, Rodas4, Rodas5P (linearly implicit)
#define KODE_TEST_FAMILY_ESDIRK 4      // TRBDF2, Kvaerno3, Kvaerno5 (Newton iterations)
#define KODE_TEST_FAMILY_STIFF (KODE_TEST_FAMILY_ROSENBROCK | KODE_TEST_FAMILY_ESDIRK)
#ifndef KODE_TEST_UNIT_FAMILIES
#define KODE_TEST_UNIT_FAMILIES (KODE_TEST_FAMILY_EXPLICIT | KODE_TEST_FAMILY_STIFF)
#endif
#define KODE_TEST_UNIT_HAS(family) ((KODE_TEST_UNIT_FAMILIES & KODE_TEST_FAMILY_##family) != 0)

/// The family of a method tag (one of the KODE_TEST_FAMILY_ values).
template <class Alg>
struct family_of
    : std::integral_constant<int, is_stiff_v<Alg> ? KODE_TEST_FAMILY_ROSENBROCK : KODE_TEST_FAMILY_EXPLICIT> {};
template <class Tab, class J, class P>
struct family_of<kode::StiffMethod<kode::Impl::ESDIRKStepper, Tab, J, P>>
    : std::integral_constant<int, KODE_TEST_FAMILY_ESDIRK> {};

namespace detail {
template <class... Ts>
struct Pack {};
template <class In, class Out>
struct in_unit;
template <class... Out>
struct in_unit<Pack<>, Pack<Out...>> {
  // An empty ::testing::Types does not compile: a suite compiled in a unit without any of its
  // methods must be left out with KODE_TEST_UNIT_HAS.
  using type = ::testing::Types<Out...>;
};
template <class Head, class... Tail, class... Out>
struct in_unit<Pack<Head, Tail...>, Pack<Out...>>
    : in_unit<Pack<Tail...>, std::conditional_t<(family_of<Head>::value & (KODE_TEST_UNIT_FAMILIES)) != 0,
                                                Pack<Out..., Head>, Pack<Out...>>> {};
template <class List>
struct list_in_unit;
template <class... Ts>
struct list_in_unit<::testing::Types<Ts...>> : in_unit<Pack<Ts...>, Pack<>> {};
}  // namespace detail

/// The methods of `List` (a `::testing::Types`) in this translation unit's families.
template <class List>
using InUnit = typename detail::list_in_unit<List>::type;

/// Which problem with an exact solution a convergence test uses.
enum class ConvergenceProblem {
  Kepler,  ///< Kepler, e = 0.5, state at t = 10 (nonlinear; a generic time, not a period)
  ExpSin   ///< y' = 2 y cos t on [0, 20] (linear in y; Vern7 is in its asymptotic range here)
};

/// Per-method expectations. The step ranges are where the method's error lies between its
/// pre-asymptotic range and round-off (measured; see each comment).
template <class Alg>
struct MethodTraits;

template <>
struct MethodTraits<kode::Tsit5> {
  static constexpr int dense_order                        = 4;  // order of the interpolant
  static constexpr ConvergenceProblem convergence_problem = ConvergenceProblem::Kepler;
  static std::vector<int> convergence_steps() { return {400, 800, 1600}; }  // errors 3.8e-8 … 3.2e-11
  static constexpr double lorenz_double = 1e-7;  // rel. error vs the reference at abstol = reltol = 1e-12
  static constexpr double kepler_error  = 1e-8;  // 10 orbits at abstol = reltol = 1e-12
};
template <>
struct MethodTraits<kode::DP5> {
  static constexpr int dense_order                        = 4;
  static constexpr ConvergenceProblem convergence_problem = ConvergenceProblem::Kepler;
  static std::vector<int> convergence_steps() { return {400, 800, 1600}; }  // 4.4e-8 … 4.2e-11
  static constexpr double lorenz_double = 1e-7;
  static constexpr double kepler_error  = 1e-8;
};
template <>
struct MethodTraits<kode::RK4> {
  static constexpr int dense_order                        = 3;  // cubic Hermite
  static constexpr ConvergenceProblem convergence_problem = ConvergenceProblem::Kepler;
  static std::vector<int> convergence_steps() { return {400, 800, 1600}; }  // 9.6e-6 … 3.2e-8
  static constexpr double lorenz_double = 0;                                // fixed step only
  static constexpr double kepler_error  = 0;
};
template <>
struct MethodTraits<kode::Vern7> {
  static constexpr int dense_order                        = 7;
  static constexpr ConvergenceProblem convergence_problem = ConvergenceProblem::ExpSin;
  static std::vector<int> convergence_steps() { return {80, 112, 160, 224}; }  // 1.7e-7 … 1.3e-10
  static constexpr double lorenz_double = 1e-8;
  static constexpr double kepler_error  = 1e-9;
};
template <>
struct MethodTraits<kode::Vern9> {
  static constexpr int dense_order                        = 9;
  static constexpr ConvergenceProblem convergence_problem = ConvergenceProblem::Kepler;
  static std::vector<int> convergence_steps() { return {112, 136, 160, 192}; }  // 8.5e-11 … 6.7e-13
  static constexpr double lorenz_double = 1e-8;
  static constexpr double kepler_error  = 1e-8;
};

/// Per-stiff-method expectations: the order, and the tolerance at which the method meets the
/// reference tests' bound (relative error ≤ 1e-5 on every component at every save time). The
/// order-2 methods and Kvaerno5 need 1e-10 for that: at 1e-8 their error is tolerance-sized, e.g.
/// Kvaerno5's Robertson y2 = 1.6e-7 at t = 4e4 is off by 6.5e-11 (measured: relative 4.1e-4),
/// below abstol; Rosenbrock23 3.1e-5, TRBDF2 9.9e-5 (Van der Pol). `linear_order_above`: on a
/// linear constant-coefficient system only the stability function R(z) matters, and Rodas5P's
/// approximates e^z beyond order 5 (measured 5.6 … 5.9 at h = 0.4 … 0.05): its test asks ≥ 4.8.
template <class Alg>
struct StiffTraits;
template <>
struct StiffTraits<kode::Rosenbrock23> {
  static constexpr bool linear_order_above = false;
  static constexpr int order               = 2;
  static constexpr double reference_tol    = 1e-10;
};
template <>
struct StiffTraits<kode::Rodas4> {
  static constexpr bool linear_order_above = false;
  static constexpr int order               = 4;
  static constexpr double reference_tol    = 1e-8;
};
template <>
struct StiffTraits<kode::Rodas5P> {
  static constexpr bool linear_order_above = true;
  static constexpr int order               = 5;
  static constexpr double reference_tol    = 1e-8;
};
template <>
struct StiffTraits<kode::TRBDF2> {
  static constexpr bool linear_order_above = false;
  static constexpr int order               = 2;
  static constexpr double reference_tol    = 1e-10;
};
template <>
struct StiffTraits<kode::Kvaerno3> {
  static constexpr bool linear_order_above = false;
  static constexpr int order               = 3;
  static constexpr double reference_tol    = 1e-8;
};
template <>
struct StiffTraits<kode::Kvaerno5> {
  static constexpr bool linear_order_above = false;
  static constexpr int order               = 5;
  static constexpr double reference_tol    = 1e-10;
};

/// What the dense-output tests (tstDenseOutput.hpp) expect of each method. `dense_order`: the order
/// q of its interpolant. `saveat_factor`: the largest difference between a save time filled by
/// the dense output and the same time reached as a step end (a run with tstops there), in units
/// of the tolerance (|Δ| / (tol (1 + |u|)), abstol = reltol = tol), 7 save times, Van der Pol
/// μ = 1 over [0, 20] (every method) and μ = 1000 over [0, 300] (stiff methods) at 1e-6 and
/// 1e-10; RK4 (fixed steps): the largest error between grid points over the largest error on
/// them. The difference holds the two runs' different global errors besides the interpolation
/// error, which dominates for the order-2 methods (TRBDF2's interpolant alone is within 0.9 of
/// its steps' local error, measured against the exact local solution of every step); the
/// order-4 interpolant of the order-5 Kvaerno5 adds up to ~10 at 1e-10 (an order-5 one needs
/// two more implicit stages, Kode_SDIRK.hpp).
template <class Alg>
struct DenseTraits;
template <>
struct DenseTraits<kode::Tsit5> {
  static constexpr int dense_order      = 4;
  static constexpr double saveat_factor = 5;  // measured 1.58 (μ = 1, 1e-6), 0.63 (1e-10)
};
template <>
struct DenseTraits<kode::DP5> {
  static constexpr int dense_order      = 4;
  static constexpr double saveat_factor = 5;  // measured 0.94, 0.68
};
template <>
struct DenseTraits<kode::Vern7> {
  static constexpr int dense_order      = 7;
  static constexpr double saveat_factor = 5;  // measured 0.59, 0.015
};
template <>
struct DenseTraits<kode::Vern9> {
  static constexpr int dense_order      = 9;
  static constexpr double saveat_factor = 5;  // measured 0.084, 0.013
};
template <>
struct DenseTraits<kode::RK4> {
  static constexpr int dense_order      = 3;
  static constexpr double saveat_factor = 3;  // measured 1.16 (dt = 0.02)
};
template <>
struct DenseTraits<kode::Rosenbrock23> {
  static constexpr int dense_order      = 2;
  static constexpr double saveat_factor = 10;  // measured 2.11, 3.62; μ = 1000: 0.87, 0.25
};
template <>
struct DenseTraits<kode::Rodas4> {
  static constexpr int dense_order      = 3;
  static constexpr double saveat_factor = 5;  // measured 0.20, 0.17; μ = 1000: 0.019, 0.22
};
template <>
struct DenseTraits<kode::Rodas5P> {
  static constexpr int dense_order      = 4;
  static constexpr double saveat_factor = 5;  // measured 0.33, 0.091; μ = 1000: 0.020, 0.068
};
template <>
struct DenseTraits<kode::TRBDF2> {
  static constexpr int dense_order = 2;
  static constexpr double saveat_factor =
      10;  // measured 4.12, 3.38; μ = 1000: 0.60, 5.2 (cubic Hermite before: 3.94, 3.18; 6.18, 5.23)
};
template <>
struct DenseTraits<kode::Kvaerno3> {
  static constexpr int dense_order = 3;
  static constexpr double saveat_factor =
      5;  // measured 0.033, 0.0014; μ = 1000: 0.14, 0.0073 (cubic Hermite: 0.032, 0.0014; 0.75, 0.0074)
};
template <>
struct DenseTraits<kode::Kvaerno5> {
  static constexpr int dense_order = 4;
  static constexpr double saveat_factor =
      15;  // measured 4.11, 1.42; μ = 1000: 0.029, 8.79 (cubic Hermite: 25.4, 66.6; 53.8, 625)
};

}  // namespace kode_test

#endif  // KODE_TEST_METHODS_HPP
