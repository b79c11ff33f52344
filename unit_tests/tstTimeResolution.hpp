/// \file tstTimeResolution.hpp
/// \brief The integration loop's clock and stops: a tstop close to the current time in float, long
/// float spans that need steps below an ulp of t, a double span at |t| = 1e15, the fixed-step step
/// count near a stop, the first step within [dtmin, dtmax], and saves at the time of an affect.
/// Each test reproduces a defect found by independent checks (issue 9: the "lands on a stop" slack
/// was 64 ulps of max(|t0|, |tf|), and the clock had the resolution of the state's type).
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

using namespace kode_test;
using kode::ReturnCode;

// Compiled in two units, the explicit methods with the untyped tests and the stiff methods
// (unit_tests/CMakeLists.txt).
#if KODE_TEST_UNIT_HAS(STIFF)
template <class Alg>
struct TEST_CATEGORY_FIXTURE(time_resolution_stiff) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(time_resolution_stiff), kode_test::InUnit<kode_test::StiffMethods>);
#endif

#if KODE_TEST_UNIT_HAS(EXPLICIT)
template <class Alg>
struct TEST_CATEGORY_FIXTURE(time_resolution_explicit) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(time_resolution_explicit), kode_test::AdaptiveExplicitMethods);
#endif

/// u' = −k u, p = (k): u(t) = u(t0) e^{−k (t − t0)}.
struct Decay {
  static constexpr int dim = 1, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = -p[0] * u[0];
  }
};

/// u' = 1: every Runge–Kutta method is exact, and the error estimate is 0.
struct Ramp {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>&, const kode::Vec<T, 0>&, T) const {
    du[0] = T(1);
  }
};

template <class T, class System>
auto one_trajectory(const System& sys, const std::vector<double>& u0v, const std::vector<double>& pv, T t0, T tf) {
  return kode_test::one_trajectory<T, TEST_MEMSPACE>(sys, u0v, pv, t0, tf);
}

#if KODE_TEST_UNIT_HAS(STIFF)
// Float Robertson to 4e5 with a tstop at 1: the stop is closer to t than the old slack (64 ulps of
// 4e5 ≈ 1.5), so every attempt "landed" with h = 1 whatever the controller asked, and each was
// rejected with the same h: MaxIters with 0 accepted and 100,000 rejected steps (Rodas5P, TRBDF2).
// Now the run reaches 4e5 with about the steps of the run without the tstop, and the same answer.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(time_resolution_stiff), float_robertson_with_a_close_tstop) {
  auto prob = one_trajectory<float>(Robertson{}, {1, 0, 0}, {0.04, 3e7, 1e4}, 0.0f, 4e5f);
  kode::SolverOptions<float, TEST_MEMSPACE> opts;
  opts.reltol = 1e-4f;
  opts.abstol = 1e-8f;
  const auto free =
      to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, TypeParam{}, kode::EnsembleKernel{}, opts));
  opts.tstops = make_times<float, TEST_MEMSPACE>({1.0f});
  const auto sol =
      to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, TypeParam{}, kode::EnsembleKernel{}, opts));
  ASSERT_EQ(free.retcode(0), ReturnCode::Success);
  ASSERT_EQ(sol.retcode(0), ReturnCode::Success)
      << "accepted " << sol.stats(0).naccept << ", rejected " << sol.stats(0).nreject << ", t = " << sol.t_final(0);
  EXPECT_EQ(sol.t_final(0), 4e5f);
  // Landing on t = 1 may cost a few steps (the step there is cut, then resumed).
  EXPECT_LE(sol.stats(0).naccept + sol.stats(0).nreject, free.stats(0).naccept + free.stats(0).nreject + 10);
  const auto& ref = robertson_reference().back();  // t = 4e5
  EXPECT_NEAR(sol.u_final(0, 0) / ref[0], 1.0, 2e-2);
  EXPECT_NEAR(sol.u_final(0, 2) / ref[2], 1.0, 1e-3);
}
#endif

#if KODE_TEST_UNIT_HAS(EXPLICIT)
// Float explicit methods on u' = −u to t = 1e5 with a tstop at 1 (the old slack, 64 ulps of 1e5 ≈
// 0.76, made every step past t ≈ 0.24 "land" with h = 1 − t, rejected forever: the run stalled
// at t ≈ 0.13). The save at the tstop is a step end: e^{−1} to the tolerance. Past the decay the
// steps are held by the method's stability boundary (h |λ| ≈ 3.5 for Tsit5: ~30,000 steps), the
// same with and without the tstop.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(time_resolution_explicit), float_tstop_close_to_t_on_a_long_span) {
  auto prob = one_trajectory<float>(Decay{}, {1}, {1}, 0.0f, 1e5f);
  kode::SolverOptions<float, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-5f;
  const auto free =
      to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, TypeParam{}, kode::EnsembleKernel{}, opts));
  opts.tstops    = make_times<float, TEST_MEMSPACE>({1.0f});
  opts.saveat    = make_times<float, TEST_MEMSPACE>({1.0f});
  const auto sol = to_host(
      kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, TypeParam{}, kode::EnsembleKernel{}, opts));
  ASSERT_EQ(free.retcode(0), ReturnCode::Success);
  ASSERT_EQ(sol.retcode(0), ReturnCode::Success) << "t = " << sol.t_final(0);
  EXPECT_EQ(sol.t_final(0), 1e5f);
  EXPECT_NEAR(sol.u(0, 0, 0), std::exp(-1.0), 1e-4);
  const int attempts = sol.stats(0).naccept + sol.stats(0).nreject;
  const int without  = free.stats(0).naccept + free.stats(0).nreject;
  EXPECT_LE(attempts, without + without / 50 + 10);
  EXPECT_GE(attempts, without - without / 50 - 10);
}
#endif

#if KODE_TEST_UNIT_HAS(EXPLICIT)
// Fixed step, float, tspan (0, 4e5), a tstop at 1, dt = 0.1: ten steps to the stop, ten more until
// maxiters = 20 runs out at t = 2. The old count, ceil((1 − 1.5) / 0.1) clamped to 1, took the
// whole way to the stop in one step of 1 (RK4 amplification 0.375 instead of e^{−1}).
TEST(TEST_CATEGORY, time_resolution_fixed_step_count_near_a_stop) {
  auto prob = one_trajectory<float>(Decay{}, {1}, {1}, 0.0f, 4e5f);
  kode::SolverOptions<float, TEST_MEMSPACE> opts;
  opts.adaptive  = false;
  opts.dt        = 0.1f;
  opts.maxiters  = 20;
  opts.tstops    = make_times<float, TEST_MEMSPACE>({1.0f});
  opts.saveat    = make_times<float, TEST_MEMSPACE>({1.0f});
  const auto sol = to_host(
      kode::solve<kode::Variants::fixed_saveat>(TEST_EXECSPACE(), prob, kode::RK4{}, kode::EnsembleKernel{}, opts));
  EXPECT_EQ(sol.retcode(0), ReturnCode::MaxIters);
  EXPECT_EQ(sol.stats(0).naccept, 20);
  EXPECT_NEAR(sol.t_final(0), 2.0f, 1e-6f);
  // RK4's amplification factor for u' = −u, h = 0.1, ten times.
  const double h = 0.1, R = 1 - h + h * h / 2 - h * h * h / 6 + h * h * h * h / 24;
  EXPECT_NEAR(sol.u(0, 0, 0), std::pow(R, 10), 1e-6);
}
#endif

#if KODE_TEST_UNIT_HAS(EXPLICIT)
// Double at |t| = 1e15 (an ulp is 0.125): tspan (1e15, 1e15 + 1), u' = −u at 1e-8. The old floor
// and slack were ulps of t: 100,000 rejections at t0 and MaxIters. The compensated clock resolves
// 1e15 · 16 ε² ≈ 8e-16, so the run succeeds with the steps of a run from 0 to 1 (the right-hand
// side sees t rounded to double, which an autonomous one does not read).
TEST(TEST_CATEGORY, time_resolution_double_at_large_t) {
  auto prob = one_trajectory<double>(Decay{}, {1}, {1}, 1e15, 1e15 + 1);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-8;
  const auto sol            = to_host(
                 kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts));
  const auto from0 = to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(),
                                                                   one_trajectory<double>(Decay{}, {1}, {1}, 0.0, 1.0),
                                                                   kode::Tsit5{}, kode::EnsembleKernel{}, opts));
  ASSERT_EQ(sol.retcode(0), ReturnCode::Success) << "rejected " << sol.stats(0).nreject;
  EXPECT_EQ(sol.t_final(0), 1e15 + 1);
  EXPECT_NEAR(sol.u_final(0, 0), std::exp(-1.0), 1e-7);
  EXPECT_NEAR(sol.stats(0).naccept, from0.stats(0).naccept, 2);
}
#endif

#if KODE_TEST_UNIT_HAS(EXPLICIT)
/// u0' = u1, u1' = −u0: u = (cos(t − t0 + φ), −sin(t − t0 + φ)). Declared vectorizable, so that
/// host backends run it in SIMD lanes as well as one trajectory per thread.
struct Oscillator {
  static constexpr int dim           = 2;
  static constexpr bool vectorizable = true;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = u[1];
    du[1] = -u[0];
  }
};

// The saves of 256 oscillators (phases φ = 0.01 i) over (t0, t0 + 10), 101 saves from
// kode::linspace, Tsit5 at abstol = reltol = tol: every save within 20 tol of the exact solution
// (the same runs from t0 = 0: worst 2.1e-6 in float at 1e-6, 3.8e-11 in double at 1e-10), and the
// save at tf is u_final itself. Issue 32: a save time equal to an adaptive step's end rounded to T
// took that step's state, though the compensated clock knew the step ended up to ½ ulp(t) away:
// float at t0 = 1e5 (ulp 7.8e-3) had 924 saves in 254 trajectories off by more than 20 tol (worst
// 3.9e-3) and 3 saves at tf that were not u_final; double at t0 = 1e12, 68 saves (worst 6.0e-5).
template <class T>
void expect_saves_exact_at_large_t(const T t0, const double tol, const bool simd) {
  const int n = 256, nsave = 101;
  auto u0 = make_rows<T, TEST_MEMSPACE>(
      "u0", n, 2, [](int i, T* r) { r[0] = T(std::cos(0.01 * i)), r[1] = T(-std::sin(0.01 * i)); });
  auto p     = make_rows<T, TEST_MEMSPACE>("p", n, 0, [](int, T*) {});
  const T tf = t0 + T(10);
  kode::EnsembleProblem prob(Oscillator{}, u0, p, {t0, tf});
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = T(tol);
  opts.saveat               = kode::linspace(TEST_EXECSPACE(), t0, tf, nsave);
  kode::EnsembleKernel alg;
  alg.simd = simd;
  const auto sol =
      to_host(kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, kode::Tsit5{}, alg, opts));
  int bad      = 0;
  double worst = 0;
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(sol.retcode(i), ReturnCode::Success) << "trajectory " << i;
    for (int k = 0; k < nsave; ++k) {
      const double s = double(sol.t(k)) - double(t0) + 0.01 * i;  // exact: t(k) and t0 are within 2x
      const double e = std::max(std::abs(sol.u(i, k, 0) - std::cos(s)), std::abs(sol.u(i, k, 1) + std::sin(s)));
      worst          = std::max(worst, e);
      bad += e > 20 * tol;
    }
    EXPECT_EQ(sol.u(i, nsave - 1, 0), sol.u_final(i, 0)) << "trajectory " << i;
    EXPECT_EQ(sol.u(i, nsave - 1, 1), sol.u_final(i, 1)) << "trajectory " << i;
  }
  EXPECT_EQ(bad, 0) << "saves off by more than 20 x the tolerance " << tol << " (worst " << worst << ")";
}

TEST(TEST_CATEGORY, time_resolution_saves_at_large_t_float) {
  expect_saves_exact_at_large_t<float>(1e5f, 1e-6, true);
  expect_saves_exact_at_large_t<float>(1e5f, 1e-6, false);
}
TEST(TEST_CATEGORY, time_resolution_saves_at_large_t_double) {
  expect_saves_exact_at_large_t<double>(1e12, 1e-10, true);
  expect_saves_exact_at_large_t<double>(1e12, 1e-10, false);
}
#endif

// Van der Pol, μ = 1000, u0 = (2, 0), to t = 3000 (two relaxation jumps, near t ≈ 807 and 2420,
// where steps of ~1e-5 are needed and a float ulp of t is 6e-5), in float. Reference (float64):
// SciPy 1.10 solve_ivp Radau, rtol 1e-12, atol 1e-14, analytic Jacobian; LSODA at the same
// tolerances agrees to 6e-10 relative.
inline const std::vector<std::vector<double>>& vanderpol_mu1000_reference() {
  static const std::vector<std::vector<double>> ref{
      {1.5967689510525465, -0.0010303911878387921}, {-1.863646254807914, 0.0007535430865434439},
      {-1.3547459194865668, 0.0016217887275952567}, {1.706167732170316, -0.0008928097010251554},
      {-1.9465395177969032, 0.0006979303891621396}, {-1.510606936744176, 0.0011783800007307828}};
  return ref;
}

#if KODE_TEST_UNIT_HAS(STIFF)
// The old clock ended every stiff method with DtLessThanMin near t ≈ 800 at every tolerance.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(time_resolution_stiff), float_stiff_oscillator_to_3000) {
  auto prob = one_trajectory<float>(VanDerPol{}, {2, 0}, {1000}, 0.0f, 3000.0f);
  for (const float tol : {1e-3f, 1e-4f}) {
    kode::SolverOptions<float, TEST_MEMSPACE> opts;
    opts.reltol    = tol;
    opts.abstol    = tol * 1e-2f;
    opts.saveat    = make_times<float, TEST_MEMSPACE>({500.f, 1000.f, 1500.f, 2000.f, 2500.f, 3000.f});
    const auto sol = to_host(kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, TypeParam{},
                                                                          kode::EnsembleKernel{}, opts));
    ASSERT_EQ(sol.retcode(0), ReturnCode::Success)
        << "tol " << tol << ": t = " << sol.t_final(0) << ", accepted " << sol.stats(0).naccept;
    EXPECT_EQ(sol.t_final(0), 3000.0f);
    const auto& ref = vanderpol_mu1000_reference();
    // On the slow manifold the position error stays tolerance-sized: measured max |Δu1|/|u1| over
    // the saves 0.1–0.8 tol (Rodas4, Rodas5P, Kvaerno5 at 1e-3), 1.5–6 tol (Rosenbrock23,
    // Kvaerno3, Kvaerno5 at 1e-4), TRBDF2 5.6 and 22 tol (order 2, cubic Hermite saves).
    for (int s = 0; s < 6; ++s)
      EXPECT_NEAR(sol.u(0, s, 0), ref[s][0], 100 * tol * std::fabs(ref[s][0])) << "tol " << tol << ", save " << s;
  }
}
#endif

#if KODE_TEST_UNIT_HAS(EXPLICIT)
// The automatic first step is within [dtmin, dtmax]: on u' = 1 from u = 0 (exact for every
// method, error estimate 0) Hairer's guess is 1e-4 (100 × 1e-6, as ‖u0‖ = 0); with dtmin = 2 the
// old loop took it, grew by the controller's ×10 to 1e-3 < dtmin and ended DtLessThanMin at 1e-4.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(time_resolution_explicit), first_step_at_least_dtmin) {
  auto prob = one_trajectory<double>(Ramp{}, {0}, {}, 0.0, 10.0);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-3;
  opts.dtmin                = 2.0;
  const auto sol =
      to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, TypeParam{}, kode::EnsembleKernel{}, opts));
  ASSERT_EQ(sol.retcode(0), ReturnCode::Success) << "t = " << sol.t_final(0);
  EXPECT_NEAR(sol.u_final(0, 0), 10.0, 1e-12);
  EXPECT_LE(sol.stats(0).naccept, 5);  // steps ≥ 2 on a span of 10
}
#endif

/// A DiscreteCallback that zeroes the state at the tstop t = 1.
struct AtOne {
  template <class T>
  KOKKOS_FUNCTION bool operator()(const kode::Vec<T, 1>&, const kode::Vec<T, 1>&, T t) const {
    return t == T(1);
  }
};
struct Zero {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& u, kode::Vec<T, 1>&, T) const {
    u[0] = T(0);
  }
};

#if KODE_TEST_UNIT_HAS(EXPLICIT)
// A save at a tstop where a discrete callback fires holds the state before the affect (default)
// or after it (`save_after_affect`); later saves see the affect either way.
TEST(TEST_CATEGORY, time_resolution_save_before_or_after_an_affect) {
  auto prob = one_trajectory<double>(Decay{}, {1}, {1}, 0.0, 2.0);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-10;
  opts.tstops               = make_times<double, TEST_MEMSPACE>({1.0});
  opts.saveat               = make_times<double, TEST_MEMSPACE>({0.5, 1.0, 1.5});
  const auto cb             = kode::CallbackSet(kode::DiscreteCallback{AtOne{}, Zero{}});
  for (const bool after : {false, true}) {
    opts.save_after_affect = after;
    const auto sol         = to_host(kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, kode::Tsit5{},
                                                                          kode::EnsembleKernel{}, opts, cb));
    ASSERT_EQ(sol.retcode(0), ReturnCode::Success);
    EXPECT_NEAR(sol.u(0, 0, 0), std::exp(-0.5), 1e-9);
    if (after) {
      EXPECT_EQ(sol.u(0, 1, 0), 0.0);
    } else {
      EXPECT_NEAR(sol.u(0, 1, 0), std::exp(-1.0), 1e-9);
    }
    EXPECT_EQ(sol.u(0, 2, 0), 0.0);
    EXPECT_EQ(sol.u_final(0, 0), 0.0);
  }
}
#endif

}  // namespace
