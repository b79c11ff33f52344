/// \file tstSaveatTstops.hpp
/// \brief saveat (dense output, default t0/tf), tstops (stepped onto exactly, adaptive and fixed
/// step) and backward integration.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

using namespace kode_test;
using kode::ReturnCode;

template <class Alg>
struct TEST_CATEGORY_FIXTURE(saveat_tstops) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(saveat_tstops), kode_test::ExplicitMethods);

// ExpSin ensemble of `n` trajectories with a_i = 0.5 + i/n, y0 = 1 + i.
auto expsin_ensemble(int n, double t0, double tf) {
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", n, 1, [](int i, double* r) { r[0] = 1.0 + i; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", n, 1, [n](int i, double* r) { r[0] = 0.5 + double(i) / n; });
  return kode::EnsembleProblem(ExpSin{}, u0, p, {t0, tf});
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(saveat_tstops), default_saves_t0_and_tf) {
  using Alg = TypeParam;
  auto prob = expsin_ensemble(5, 0.0, 2.0);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive = Alg::has_error_est;
  opts.dt       = Alg::has_error_est ? 0.0 : 1e-3;
  opts.abstol = opts.reltol = 1e-10;
  auto sol =
      to_host(kode::solve<kode_test::own_steps<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  ASSERT_EQ(sol.num_saves(), 2);
  EXPECT_EQ(sol.t(0), 0.0);
  EXPECT_EQ(sol.t(1), 2.0);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(sol.retcode(i), ReturnCode::Success);
    EXPECT_EQ(sol.u(i, 0, 0), 1.0 + i);
    EXPECT_NEAR(sol.u(i, 1, 0), ExpSin::exact(1.0 + i, 0.5 + i / 5.0, 0.0, 2.0), 1e-7 * (1 + i));
  }
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(saveat_tstops), saveat_by_dense_output_without_shortening_steps) {
  using Alg = TypeParam;
  if (!Alg::has_error_est) return;
  auto prob = expsin_ensemble(3, 0.0, 3.0);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-10;
  auto plain =
      to_host(kode::solve<kode_test::own_steps<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  std::vector<double> times;
  for (int k = 0; k <= 300; ++k) times.push_back(0.01 * k);
  times.back() = 3.0;
  opts.saveat  = make_times<double, TEST_MEMSPACE>(times);
  auto sol     = to_host(
          kode::solve<kode_test::own_steps_saveat<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  ASSERT_EQ(sol.num_saves(), 301);
  for (int i = 0; i < 3; ++i) {
    // Saving must not change the steps: same step count and same final state as without saveat.
    EXPECT_EQ(sol.stats(i).naccept, plain.stats(i).naccept);
    EXPECT_EQ(sol.u_final(i, 0), plain.u_final(i, 0));
    double worst = 0;
    for (int s = 0; s <= 300; ++s) {
      EXPECT_EQ(sol.t(s), times[s]);
      const double ex = ExpSin::exact(1.0 + i, 0.5 + i / 3.0, 0.0, times[s]);
      worst           = std::fmax(worst, std::fabs(sol.u(i, s, 0) - ex) / std::fabs(ex));
    }
    // far more save points than steps: most values come from the interpolant
    EXPECT_LT(sol.stats(i).naccept, 100);
    EXPECT_LT(worst, 1e-7) << "trajectory " << i;
  }
}

// u' = |t − 1/2| (Kink): exact to round-off when a step ends at the kink, not otherwise.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(saveat_tstops), tstops_are_hit_exactly) {
  using Alg = TypeParam;
  auto u0   = make_rows<double, TEST_MEMSPACE>("u0", 2, 1, [](int, double* r) { r[0] = 0.0; });
  auto p    = make_rows<double, TEST_MEMSPACE>("p", 2, 1, [](int, double* r) { r[0] = 0.5; });
  kode::EnsembleProblem prob(Kink{}, u0, p, {0.0, 1.0});
  const std::vector<double> times = {0.25, 0.5, 0.75, 1.0};
  for (bool adaptive : {true, false}) {
    if (adaptive && !Alg::has_error_est) continue;
    kode::SolverOptions<double, TEST_MEMSPACE> opts;
    opts.adaptive = adaptive;
    opts.dt       = adaptive ? 0.0 : 0.35;
    opts.abstol = opts.reltol = 1e-6;
    opts.saveat               = make_times<double, TEST_MEMSPACE>(times);
    auto without              = to_host(kode::solve<kode::Variants::fixed_saveat | kode::Variants::adaptive_saveat>(
        TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
    opts.tstops               = make_times<double, TEST_MEMSPACE>({0.5});
    auto with                 = to_host(kode::solve<kode::Variants::fixed_saveat | kode::Variants::adaptive_saveat>(
        TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(with.retcode(i), ReturnCode::Success);
      for (int s = 0; s < 4; ++s)
        // exact up to the round-off of the interpolant's coefficients (hundreds for Vern7/Vern9)
        EXPECT_NEAR(with.u(i, s, 0), Kink::exact(times[s]), 5e-14) << "adaptive " << adaptive << " t " << times[s];
    }
    EXPECT_GT(std::fabs(without.u_final(0, 0) - 0.25), 1e-12) << "adaptive " << adaptive;
    if (!adaptive) {
      // grid 0, 0.35, 0.5 (tstop), 0.85, 1.0: the grid restarts at the tstop
      EXPECT_EQ(with.stats(0).naccept, 4);
      EXPECT_EQ(without.stats(0).naccept, 3);  // 0, 0.35, 0.7, 1.0
    }
  }
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(saveat_tstops), backward_integration) {
  using Alg = TypeParam;
  auto prob = expsin_ensemble(4, 2.0, -1.0);
  for (bool adaptive : {true, false}) {
    if (adaptive && !Alg::has_error_est) continue;
    kode::SolverOptions<double, TEST_MEMSPACE> opts;
    opts.adaptive = adaptive;
    opts.dt       = adaptive ? 0.0 : 1e-3;
    opts.abstol = opts.reltol       = 1e-10;
    const std::vector<double> times = {2.0, 1.0, 0.25, -1.0};
    opts.saveat                     = make_times<double, TEST_MEMSPACE>(times);
    opts.tstops                     = make_times<double, TEST_MEMSPACE>({0.5});
    auto sol = to_host(kode::solve<kode::Variants::fixed_saveat | kode::Variants::adaptive_saveat>(
        TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(sol.retcode(i), ReturnCode::Success);
      EXPECT_EQ(sol.t_final(i), -1.0);
      for (int s = 0; s < 4; ++s) {
        const double ex = ExpSin::exact(1.0 + i, 0.5 + i / 4.0, 2.0, times[s]);
        EXPECT_NEAR(sol.u(i, s, 0), ex, 1e-7 * std::fabs(ex)) << "adaptive " << adaptive << " save " << s;
      }
    }
  }
}

}  // namespace
