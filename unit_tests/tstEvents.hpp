/// \file tstEvents.hpp
/// \brief Discrete and continuous callbacks with every method: event times against exact values,
/// two crossings inside one step, several callbacks each with its own affect, dosing at tstops,
/// termination in part of an ensemble, per-trajectory event times, event records.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

using namespace kode_test;
using kode::EventAction;
using kode::ReturnCode;

// Falling ball: u = (height, velocity), h'' = −g; p = (restitution).
struct Ball {
  static constexpr int dim = 2, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 1>&, T) const {
    du[0] = u[1];
    du[1] = T(-9.81);
  }
};
struct Height {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 2>& u, const kode::Vec<T, 1>&, T) const {
    return u[0];
  }
};
struct Bounce {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& u, kode::Vec<T, 1>& p, T) const {
    u[1] = -p[0] * u[1];
  }
};

// Exact impact times of a ball dropped from h0 at rest with restitution e (g = 9.81): the first
// at sqrt(2 h0/g), then each flight lasts 2 e^k v1 / g with v1 = g t1.
std::vector<double> impact_times(double h0, double e, int n) {
  const double g = 9.81, t1 = std::sqrt(2 * h0 / g), v1 = g * t1;
  std::vector<double> t = {t1};
  double ek             = 1;
  for (int k = 1; k < n; ++k) {
    ek *= e;
    t.push_back(t.back() + 2 * ek * v1 / g);
  }
  return t;
}

template <class Alg>
kode::SolverOptions<double, TEST_MEMSPACE> event_options(double tol, double dt) {
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive = Alg::has_error_est;
  opts.dt       = Alg::has_error_est ? 0.0 : dt;
  opts.abstol = opts.reltol = tol;
  opts.max_event_records    = 8;
  return opts;
}

// How close to the exact answer a test may ask a method to come: the adaptive methods of order ≥ 3
// track the tight tolerances these tests use; order-2 methods (Rosenbrock23, TRBDF2) accumulate
// a global error ~100× larger there (measured: 1.5e-8 relative where the others reach 1e-10);
// fixed-step RK4 is held to its own bound.
template <class Alg>
double accuracy(double adaptive, double fixed) {
  return !Alg::has_error_est ? fixed : (Alg::order <= 2 ? 100 * adaptive : adaptive);
}

template <class Alg>
struct TEST_CATEGORY_FIXTURE(events) : ::testing::Test {};
// Every method: the explicit ones, and the stiff ones (whose dense outputs the events use alike).
// Compiled in two units, the explicit and the stiff methods (unit_tests/CMakeLists.txt).
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(events), kode_test::InUnit<kode_test::EveryMethod>);

// Every method and interpolant of order ≥ 2 reproduces free fall (a quadratic) exactly, so the
// impact times are exact up to the root finding.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(events), bouncing_ball_impact_times) {
  using Alg = TypeParam;
  auto u0   = make_rows<double, TEST_MEMSPACE>("u0", 1, 2, [](int, double* r) { r[0] = 50, r[1] = 0; });
  auto p    = make_rows<double, TEST_MEMSPACE>("p", 1, 1, [](int, double* r) { r[0] = 0.9; });
  kode::EnsembleProblem prob(Ball{}, u0, p, {0.0, 25.0});
  auto opts = event_options<Alg>(1e-10, 0.05);
  auto sol =
      to_host(kode::solve<kode_test::own_steps<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts,
                                                     kode::CallbackSet{kode::ContinuousCallback{Height{}, Bounce{}}}));
  const auto ex = impact_times(50, 0.9, 5);  // 3.19, 8.94, 14.11, 18.77, 22.96
  ASSERT_EQ(sol.retcode(0), ReturnCode::Success);
  ASSERT_EQ(sol.event_count(0), 5) << Alg::name;
  for (int k = 0; k < 5; ++k) {
    EXPECT_NEAR(sol.event_t(0, k), ex[k], 1e-10) << Alg::name << " impact " << k;
    EXPECT_EQ(sol.event_index(0, k), 0);
  }
  for (int k = 5; k < 8; ++k) EXPECT_TRUE(std::isnan(sol.event_t(0, k)));
  // the ball is above ground at the end, with the energy left after 5 bounces: v^2 = 0.81^5 v1^2
  EXPECT_GT(sol.u_final(0, 0), 0.0);
  const double v1 = 9.81 * ex[0];
  EXPECT_NEAR(sol.u_final(0, 1) * sol.u_final(0, 1) + 2 * 9.81 * sol.u_final(0, 0), std::pow(0.81, 5) * v1 * v1,
              1e-7 * v1 * v1);
}

// The event screen (ContinuousCallback::screen) skips the interior samples of steps whose
// condition stays clear of zero, and finds every event it found without: 16 oscillators x'' = −ω² x
// (ω = 1 … 1.75) from x = 1 at rest, watching x − 0.3 (3–6 crossings in 10 time units, each an
// event whose affect changes nothing). The condition counts its evaluations: a cleared step costs
// three (the end and two slope probes) where a sampled one costs four (three interior samples and
// the end), so steppers that know f at both ends of a step (first same as last) evaluate it less
// often with the screen, the others exactly as often. (tstEventScreen.cpp counts the interpolations.)
struct Oscillator {
  static constexpr int dim = 2, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = u[1];
    du[1] = -p[0] * p[0] * u[0];
  }
};
struct CountedLevel {
  Kokkos::View<int, TEST_MEMSPACE> calls;
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 2>& u, const kode::Vec<T, 1>&, T) const {
    Kokkos::atomic_add(&calls(), 1);
    return u[0] - T(0.3);
  }
};
struct Unchanged {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>&, kode::Vec<T, 1>&, T) const {}
};

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(events), the_screen_skips_samples_and_loses_no_event) {
  using Alg   = TypeParam;
  const int n = 16;
  auto u0     = make_rows<double, TEST_MEMSPACE>("u0", n, 2, [](int, double* r) { r[0] = 1, r[1] = 0; });
  auto p      = make_rows<double, TEST_MEMSPACE>("p", n, 1, [](int i, double* r) { r[0] = 1 + 0.05 * i; });
  kode::EnsembleProblem prob(Oscillator{}, u0, p, {0.0, 10.0});
  auto opts = event_options<Alg>(1e-8, 0.01);
  kode::ContinuousCallback cb{CountedLevel{Kokkos::View<int, TEST_MEMSPACE>("calls")}, Unchanged{}};
  int calls[2];
  auto solve = [&](const bool screen, int& count) {
    cb.screen = screen;
    Kokkos::deep_copy(cb.condition.calls, 0);
    auto sol = to_host(kode::solve<kode_test::own_steps<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{},
                                                              opts, kode::CallbackSet{cb}));
    Kokkos::deep_copy(count, cb.condition.calls);
    return sol;
  };
  const auto screened = solve(true, calls[0]);
  const auto sampled  = solve(false, calls[1]);
  expect_same_solution(screened, sampled);
  for (int i = 0; i < n; ++i) {
    const double w     = 1 + 0.05 * i;  // crossings of cos(ω t) = 0.3 in (0, 10]
    const int expected = int(std::floor((10 * w - std::acos(0.3)) / (2 * M_PI)) + 1) +
                         int(std::floor((10 * w - (2 * M_PI - std::acos(0.3))) / (2 * M_PI)) + 1);
    EXPECT_EQ(screened.event_count(i), expected) << Alg::name << " " << i;
  }
  if constexpr (kode::Impl::has_endpoint_slopes<typename Alg::template stepper<double, 2>>::value) {
    EXPECT_LT(calls[0], calls[1]) << Alg::name;
  } else {
    EXPECT_EQ(calls[0], calls[1]) << Alg::name;
  }
}

// y = t (y' = 1): cos(5 y) has roots π/10 and 3π/10 inside the one step [0, 1]; both signs at the
// step's ends are positive, so only the interior samples reveal them.
struct Clock {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>&, const kode::Vec<T, 0>&, T) const {
    du[0] = T(1);
  }
};
struct Cos5 {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    return kode::cos(T(5) * u[0]);
  }
};
struct Nothing {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>&, kode::Vec<T, 0>&, T) const {}
};

// y = t + y0 through fixed steps of size 1 from t = 0 to t1, watching `cb`.
template <class Alg, class Callback>
auto solve_clock(const double y0, const double t1, const Callback& cb) {
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 1, 1, [y0](int, double* r) { r[0] = y0; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 1, 0, [](int, double*) {});
  kode::EnsembleProblem prob(Clock{}, u0, p, {0.0, t1});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive          = false;
  opts.dt                = 1.0;
  opts.max_event_records = 4;
  return to_host(kode::solve<kode::Variants::fixed>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts,
                                                    kode::CallbackSet{cb}));
}

#if KODE_TEST_UNIT_HAS(EXPLICIT)
// A ContinuousCallback whose affect turns the trajectory back: four oscillators u1' = ω u2,
// u2' = −ω u1 from (1, 0), ω = 1, 1.33, 1.67, 2 on (0, 10), reflected at u1 = 0 (the affect flips
// u2): exactly 3, 4, 5, 6 events (ω t = π/2 + kπ) for every rootfind_abstol below the span, the
// first no later than its exact time and no earlier than the tolerance allows; and with an affect
// that changes nothing (the crossings pass) the same counts. Issue 32: the event was placed at the
// root bracket's far end, past the crossing, and the reflected trajectory crossed again after the
// repeat window (1/100 of the next step) where the bracket was wider: rootfind_abstol = 1e-3 gave
// 3 4 11 33 events and 0.1 to 9.9 gave 46 45 483 91, all ending Success. Tsit5: the search is the
// same code for every method (the event tests above run each).
struct Rotation {
  static constexpr int dim = 2, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = p[0] * u[1];
    du[1] = -p[0] * u[0];
  }
};
struct FirstComponent {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 2>& u, const kode::Vec<T, 1>&, T) const {
    return u[0];
  }
};
struct TurnBack {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& u, kode::Vec<T, 1>&, T) const {
    u[1] = -u[1];
  }
};

template <class Affect>
void expect_exact_event_counts(const Affect& affect) {
  const double w[4] = {1, 1.33, 1.67, 2};
  auto u0           = make_rows<double, TEST_MEMSPACE>("u0", 4, 2, [](int, double* r) { r[0] = 1, r[1] = 0; });
  auto p            = make_rows<double, TEST_MEMSPACE>("p", 4, 1, [&](int i, double* r) { r[0] = w[i]; });
  kode::EnsembleProblem prob(Rotation{}, u0, p, {0.0, 10.0});
  auto opts = event_options<kode::Tsit5>(1e-8, 0.0);
  kode::ContinuousCallback cb{FirstComponent{}, affect};
  for (const double tol : {0.0, 1e-6, 1e-3, 1e-2, 0.1, 1.0, 9.9}) {
    cb.rootfind_abstol = tol;
    const auto sol     = to_host(kode::solve<kode::Variants::adaptive>(
        TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts, kode::CallbackSet{cb}));
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(sol.retcode(i), ReturnCode::Success) << "rootfind_abstol " << tol << ", omega " << w[i];
      EXPECT_EQ(sol.event_count(i), 3 + i) << "rootfind_abstol " << tol << ", omega " << w[i];
      // (1e-7: the dense output's own error moves the root by about the solution's error)
      const double first = std::acos(-1.0) / 2 / w[i];
      EXPECT_LE(sol.event_t(i, 0), first + 1e-7) << "rootfind_abstol " << tol << ", omega " << w[i];
      EXPECT_GE(sol.event_t(i, 0), first - tol - 1e-7) << "rootfind_abstol " << tol << ", omega " << w[i];
    }
  }
}

TEST(TEST_CATEGORY, events_a_reflecting_affect_counts_exactly_at_every_rootfind_abstol) {
  expect_exact_event_counts(TurnBack{});
}
TEST(TEST_CATEGORY, events_passing_crossings_count_exactly_at_every_rootfind_abstol) {
  expect_exact_event_counts(Unchanged{});
}
#endif

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(events), two_crossings_in_one_step) {
  using Alg = TypeParam;
  kode::ContinuousCallback cb{Cos5{}, Nothing{}};
  auto sol = solve_clock<Alg>(0, 1, cb);  // one step of size 1
  ASSERT_EQ(sol.event_count(0), 2) << Alg::name;
  EXPECT_NEAR(sol.event_t(0, 0), M_PI / 10, 1e-12);
  EXPECT_NEAR(sol.event_t(0, 1), 3 * M_PI / 10, 1e-12);
  // checking only the step's ends (DiffEqGPU.jl's kernel) misses both
  cb.interp_points = 0;
  EXPECT_EQ(solve_clock<Alg>(0, 1, cb).event_count(0), 0);
}

// The same crossings in the second step, from y = −1, with the condition 1 for y < 0: the first
// step of a trajectory is always sampled (its signs are new), the second is where the event
// screen decides, and its values and slopes at the ends (1, cos 5; 0, −5 sin 5) must not clear it.
struct Cos5FromZero {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    return u[0] < T(0) ? T(1) : kode::cos(T(5) * u[0]);
  }
};

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(events), two_crossings_in_a_later_step) {
  using Alg = TypeParam;
  auto sol  = solve_clock<Alg>(-1, 2, kode::ContinuousCallback{Cos5FromZero{}, Nothing{}});  // two steps of size 1
  ASSERT_EQ(sol.event_count(0), 2) << Alg::name;
  EXPECT_NEAR(sol.event_t(0, 0), 1 + M_PI / 10, 1e-12);
  EXPECT_NEAR(sol.event_t(0, 1), 1 + 3 * M_PI / 10, 1e-12);
}

// x' = v, v' = 0 between two walls with different affects: at x = 1 (callback 0) the velocity
// is reversed, at x = −1 (callback 1) reversed and halved. From x = 0, v = 1: hits at t = 1 (0),
// 3 (1), 7 (0), 11 (1), 19 (0).
struct Glide {
  static constexpr int dim = 2;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = u[1];
    du[1] = T(0);
  }
};
struct RightWall {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 2>& u, const kode::Vec<T, 0>&, T) const {
    return u[0] - T(1);
  }
};
struct LeftWall {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 2>& u, const kode::Vec<T, 0>&, T) const {
    return u[0] + T(1);
  }
};
struct Reflect {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& u, kode::Vec<T, 0>&, T) const {
    u[1] = -u[1];
  }
};
struct ReflectHalve {
  template <class T>
  KOKKOS_FUNCTION EventAction operator()(kode::Vec<T, 2>& u, kode::Vec<T, 0>&, T) const {
    u[1] = T(-0.5) * u[1];
    return EventAction::Continue;
  }
};

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(events), two_callbacks_each_with_its_own_affect) {
  using Alg = TypeParam;
  auto u0   = make_rows<double, TEST_MEMSPACE>("u0", 1, 2, [](int, double* r) { r[0] = 0, r[1] = 1; });
  auto p    = make_rows<double, TEST_MEMSPACE>("p", 1, 0, [](int, double*) {});
  kode::EnsembleProblem prob(Glide{}, u0, p, {0.0, 20.0});
  auto opts  = event_options<Alg>(1e-8, 0.3);
  opts.dtmax = 0.5;  // a straight line would otherwise be crossed in a few huge steps
  auto sol   = to_host(
        kode::solve<kode_test::own_steps<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts,
                                             kode::CallbackSet{kode::ContinuousCallback{RightWall{}, Reflect{}},
                                                               kode::ContinuousCallback{LeftWall{}, ReflectHalve{}}}));
  ASSERT_EQ(sol.event_count(0), 5) << Alg::name;
  const double times[5] = {1, 3, 7, 11, 19};
  const int which[5]    = {0, 1, 0, 1, 0};
  for (int k = 0; k < 5; ++k) {
    EXPECT_NEAR(sol.event_t(0, k), times[k], 1e-10) << Alg::name << " event " << k;
    EXPECT_EQ(sol.event_index(0, k), which[k]) << Alg::name << " event " << k;
  }
  EXPECT_NEAR(sol.u_final(0, 1), -0.25, 1e-14);  // reversed, halved, reversed, halved, reversed
  EXPECT_NEAR(sol.u_final(0, 0), 1.0 - 0.25, 1e-9);
}

// One-compartment elimination y' = −k y with a dose of 1 at t = 1, 2, 3 (tstops + a discrete
// callback): y = Σ_doses e^{−k (t − t_d)}.
struct Elimination {
  static constexpr int dim = 1, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = -p[0] * u[0];
  }
};
struct AtDoseTime {
  template <class T>
  KOKKOS_FUNCTION bool operator()(const kode::Vec<T, 1>&, const kode::Vec<T, 1>&, T t) const {
    return t == T(1) || t == T(2) || t == T(3);  // tstops make the steps end exactly there
  }
};
struct Dose {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& u, kode::Vec<T, 1>&, T) const {
    u[0] += T(1);
  }
};

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(events), discrete_callback_doses_at_tstops) {
  using Alg = TypeParam;
  auto u0   = make_rows<double, TEST_MEMSPACE>("u0", 2, 1, [](int, double* r) { r[0] = 0; });
  auto p    = make_rows<double, TEST_MEMSPACE>("p", 2, 1, [](int i, double* r) { r[0] = 0.5 + i; });
  kode::EnsembleProblem prob(Elimination{}, u0, p, {0.0, 4.0});
  auto opts   = event_options<Alg>(1e-11, 0.01);
  opts.tstops = make_times<double, TEST_MEMSPACE>({1.0, 2.0, 3.0});
  opts.saveat = make_times<double, TEST_MEMSPACE>({0.5, 1.0, 2.5});
  auto sol    = to_host(
         kode::solve<kode_test::own_steps_saveat<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts,
                                                    kode::CallbackSet{kode::DiscreteCallback{AtDoseTime{}, Dose{}}}));
  for (int i = 0; i < 2; ++i) {
    const double k = 0.5 + i;
    ASSERT_EQ(sol.event_count(i), 3) << Alg::name;
    for (int d = 0; d < 3; ++d) EXPECT_EQ(sol.event_t(i, d), 1.0 + d);
    const double ex  = std::exp(-k * 3) + std::exp(-k * 2) + std::exp(-k * 1);
    const double tol = accuracy<Alg>(1e-9, 1e-7);
    EXPECT_NEAR(sol.u_final(i, 0), ex, tol * ex) << Alg::name;
    EXPECT_EQ(sol.u(i, 0, 0), 0.0);  // before the first dose
    EXPECT_EQ(sol.u(i, 1, 0), 0.0);  // a save at the dose time keeps the value before the affect
    EXPECT_NEAR(sol.u(i, 2, 0), std::exp(-k * 1.5) + std::exp(-k * 0.5), tol);
  }
}

// y' = a y from 1: trajectories with a > ln(10)/2 reach 10 before t = 2 and terminate there.
struct Growth {
  static constexpr int dim = 1, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = p[0] * u[0];
  }
};
struct AboveTen {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 1>& u, const kode::Vec<T, 1>&, T) const {
    return u[0] - T(10);
  }
};
struct Stop {
  template <class T>
  KOKKOS_FUNCTION EventAction operator()(kode::Vec<T, 1>&, kode::Vec<T, 1>&, T) const {
    return EventAction::Terminate;
  }
};

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(events), terminate_half_of_an_ensemble) {
  using Alg   = TypeParam;
  const int n = 16;
  auto u0     = make_rows<double, TEST_MEMSPACE>("u0", n, 1, [](int, double* r) { r[0] = 1; });
  // even trajectories grow fast (a in [1.5, 2.2]), odd ones slowly (a in [0.1, 0.8])
  auto p =
      make_rows<double, TEST_MEMSPACE>("p", n, 1, [](int i, double* r) { r[0] = (i % 2 ? 0.1 : 1.5) + 0.1 * (i / 2); });
  kode::EnsembleProblem prob(Growth{}, u0, p, {0.0, 2.0});
  auto opts   = event_options<Alg>(1e-10, 1e-3);
  opts.saveat = kode::linspace(TEST_EXECSPACE(), 0.0, 2.0, 21);
  auto sol    = to_host(
         kode::solve<kode_test::own_steps_saveat<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts,
                                                    kode::CallbackSet{kode::ContinuousCallback{AboveTen{}, Stop{}}}));
  const double tol = accuracy<Alg>(1e-8, 1e-6);
  for (int i = 0; i < n; ++i) {
    const double a = (i % 2 ? 0.1 : 1.5) + 0.1 * (i / 2);
    if (i % 2 == 0) {
      const double te = std::log(10.0) / a;
      EXPECT_EQ(sol.retcode(i), ReturnCode::Terminated) << i;
      EXPECT_NEAR(sol.t_final(i), te, tol) << i;
      EXPECT_NEAR(sol.u_final(i, 0), 10.0, 10 * tol) << i;
      for (int s = 0; s < 21; ++s) {
        const double ts = 0.1 * s;
        if (ts < te - 1e-6) {
          EXPECT_NEAR(sol.u(i, s, 0), std::exp(a * ts), tol * 10) << i << " " << s;
        } else if (ts > te + 1e-6) {
          EXPECT_TRUE(std::isnan(sol.u(i, s, 0))) << i << " " << s;
        }
      }
    } else {
      EXPECT_EQ(sol.retcode(i), ReturnCode::Success) << i;
      EXPECT_EQ(sol.event_count(i), 0);
      EXPECT_NEAR(sol.u_final(i, 0), std::exp(2 * a), tol * std::exp(2 * a)) << i;
    }
  }
}

// An ensemble of balls with different drop heights and restitutions: each has its own events.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(events), ensemble_events_at_different_times) {
  using Alg   = TypeParam;
  const int n = 32;
  auto u0     = make_rows<double, TEST_MEMSPACE>("u0", n, 2, [](int i, double* r) { r[0] = 10 + 2 * i, r[1] = 0; });
  // restitution 0.8 … 0.95: the infinitely many bounces of each ball accumulate after t = 10
  auto p = make_rows<double, TEST_MEMSPACE>("p", n, 1, [n](int i, double* r) { r[0] = 0.8 + 0.15 * i / (n - 1); });
  kode::EnsembleProblem prob(Ball{}, u0, p, {0.0, 10.0});
  auto opts = event_options<Alg>(1e-10, 0.05);
  auto sol =
      to_host(kode::solve<kode_test::own_steps<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts,
                                                     kode::CallbackSet{kode::ContinuousCallback{Height{}, Bounce{}}}));
  for (int i = 0; i < n; ++i) {
    const auto ex = impact_times(10 + 2 * i, 0.8 + 0.15 * i / (n - 1), 8);
    int expected  = 0;
    while (expected < 8 && ex[expected] < 10.0) ++expected;
    ASSERT_EQ(sol.event_count(i), expected) << Alg::name << " trajectory " << i;
    for (int k = 0; k < expected; ++k) EXPECT_NEAR(sol.event_t(i, k), ex[k], 1e-9) << i << " " << k;
  }
}

}  // namespace
