/// \file tstReturnCodes.hpp
/// \brief Failing trajectories get their return code, keep what they reached, and never affect
/// the others.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

using namespace kode_test;
using kode::ReturnCode;

// Save slots a trajectory never reached hold NaN.
template <class Sol>
void expect_unreached_saves_nan(const Sol& sol, int i) {
  for (int s = 0; s < sol.num_saves(); ++s) {
    if (sol.t(s) > sol.t_final(i)) {
      for (int c = 0; c < sol.dim(); ++c)
        EXPECT_TRUE(std::isnan(sol.u(i, s, c))) << "trajectory " << i << " save " << s;
    }
  }
}

TEST(TEST_CATEGORY, retcode_maxiters_only_for_the_expensive_trajectories) {
  // Lorenz ρ-sweep at tight tolerances: small ρ needs ~300 steps, ρ = 21 about 850.
  const int n = 16;
  auto prob   = lorenz_sweep<double, TEST_MEMSPACE>(n);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-12;
  opts.saveat               = kode::linspace(TEST_EXECSPACE(), 0.0, 1.0, 5);
  auto free_run = to_host(kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, kode::Tsit5{},
                                                                       kode::EnsembleKernel{}, opts));
  opts.maxiters = 500;
  auto sol      = to_host(kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, kode::Tsit5{},
                                                                  kode::EnsembleKernel{}, opts));
  int failed    = 0;
  for (int i = 0; i < n; ++i) {
    const int needed = free_run.stats(i).naccept + free_run.stats(i).nreject;
    if (needed <= 500) {
      EXPECT_EQ(sol.retcode(i), ReturnCode::Success) << i;
      for (int s = 0; s < 5; ++s)
        for (int c = 0; c < 3; ++c) EXPECT_EQ(sol.u(i, s, c), free_run.u(i, s, c));
    } else {
      ++failed;
      EXPECT_EQ(sol.retcode(i), ReturnCode::MaxIters) << i;
      EXPECT_EQ(sol.stats(i).naccept + sol.stats(i).nreject, 500);
      EXPECT_LT(sol.t_final(i), 1.0);
      expect_unreached_saves_nan(sol, i);
    }
  }
  EXPECT_GT(failed, 0);
  EXPECT_LT(failed, n);
}

TEST(TEST_CATEGORY, retcode_dtlessthanmin_at_a_blowup) {
  // u' = u², u(t) = u0/(1 - u0 t): u0 = 1 and 2 blow up inside (0, 1.5), 0.25 and 0.4 do not.
  const std::vector<double> starts = {0.25, 1.0, 0.4, 2.0};
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 4, 1, [&](int i, double* r) { r[0] = starts[i]; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 4, 0, [](int, double*) {});
  kode::EnsembleProblem prob(Blowup{}, u0, p, {0.0, 1.5});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-8;
  opts.dtmin                = 1e-6;
  auto sol                  = to_host(
                       kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts));
  for (int i : {0, 2}) {
    EXPECT_EQ(sol.retcode(i), ReturnCode::Success);
    const double ex = starts[i] / (1.0 - starts[i] * 1.5);
    EXPECT_NEAR(sol.u_final(i, 0), ex, 1e-6 * ex);
  }
  for (int i : {1, 3}) {
    EXPECT_EQ(sol.retcode(i), ReturnCode::DtLessThanMin) << i;
    const double tblow = 1.0 / starts[i];
    EXPECT_LT(sol.t_final(i), tblow);
    EXPECT_GT(sol.t_final(i), tblow - 1e-3);
    expect_unreached_saves_nan(sol, i);
  }
}

TEST(TEST_CATEGORY, retcode_unstable_fixed_step_overflow) {
  // Fixed steps through the blow-up of u' = u² (u0 = 2 blows up at t = 0.5) overflow to Inf.
  const std::vector<double> starts = {0.25, 2.0, 0.5};
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 3, 1, [&](int i, double* r) { r[0] = starts[i]; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 3, 0, [](int, double*) {});
  kode::EnsembleProblem prob(Blowup{}, u0, p, {0.0, 1.0});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive = false;
  opts.dt       = 0.01;
  auto sol =
      to_host(kode::solve<kode::Variants::fixed>(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts));
  EXPECT_EQ(sol.retcode(0), ReturnCode::Success);
  EXPECT_NEAR(sol.u_final(0, 0), 0.25 / 0.75, 1e-10);
  EXPECT_EQ(sol.retcode(2), ReturnCode::Success);
  EXPECT_NEAR(sol.u_final(2, 0), 1.0, 1e-8);
  EXPECT_EQ(sol.retcode(1), ReturnCode::Unstable);
  EXPECT_TRUE(std::isfinite(sol.u_final(1, 0)));  // the last finite state is kept
  EXPECT_GT(sol.t_final(1), 0.45);
  EXPECT_LT(sol.t_final(1), 1.0);
  EXPECT_TRUE(std::isnan(sol.u(1, 1, 0)));  // the tf slot was never reached

  // The failure is located to the step: with a save at every grid point, the last finite save
  // is the reported final state, and every later save is NaN.
  std::vector<double> grid;
  for (int k = 0; k <= 100; ++k) grid.push_back(0.01 * k);
  grid.back() = 1.0;
  opts.saveat = make_times<double, TEST_MEMSPACE>(grid);
  auto dense  = to_host(
       kode::solve<kode::Variants::fixed_saveat>(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts));
  int last_ok = -1;
  for (int k = 0; k <= 100; ++k)
    if (std::isfinite(dense.u(1, k, 0))) last_ok = k;
  ASSERT_GT(last_ok, 40);
  EXPECT_EQ(dense.retcode(1), ReturnCode::Unstable);
  EXPECT_EQ(dense.stats(1).naccept, last_ok);
  EXPECT_NEAR(dense.t_final(1), grid[last_ok], 1e-12);
  EXPECT_EQ(dense.u_final(1, 0), dense.u(1, last_ok, 0));
  for (int k = last_ok + 1; k <= 100; ++k) EXPECT_TRUE(std::isnan(dense.u(1, k, 0))) << k;
  EXPECT_EQ(dense.t_final(1), sol.t_final(1));  // saves do not change where it stops
}

// With callbacks the fixed steps run in the same unchecked groups (Kode_Integrate_Impl.hpp,
// `fixed_groups`), so a failure must be located as exactly, and an affect must never see the
// state that is not finite: here a discrete callback that would reset such a state to 0 (and so
// hide the failure) and a continuous one that never fires. Everything equals the solve without
// callbacks, bit for bit.
struct NotFinite {
  template <class T>
  KOKKOS_FUNCTION bool operator()(const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    return !kode::isfinite(u[0]);
  }
};
struct ResetToZero {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& u, kode::Vec<T, 0>&, T) const {
    u[0] = T(0);
  }
};
struct Positive {     // 1 + u²: no sign change anywhere, not even on the dense output of a step
  template <class T>  // that overshoots (u + 10 did cross there, on the interpolant of the blow-up)
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    return T(1) + u[0] * u[0];
  }
};

TEST(TEST_CATEGORY, retcode_unstable_fixed_step_overflow_with_callbacks) {
  const std::vector<double> starts = {0.25, 2.0, 0.5, 1.5};
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 4, 1, [&](int i, double* r) { r[0] = starts[i]; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 4, 0, [](int, double*) {});
  kode::EnsembleProblem prob(Blowup{}, u0, p, {0.0, 1.0});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive          = false;
  opts.dt                = 0.01;
  opts.max_event_records = 2;
  for (const bool saves : {false, true}) {
    if (saves) opts.saveat = kode::linspace(TEST_EXECSPACE(), 0.0, 1.0, 101);
    auto plain   = to_host(kode::solve<kode::Variants::fixed | kode::Variants::fixed_saveat>(
        TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts));
    auto watched = to_host(kode::solve<kode::Variants::fixed | kode::Variants::fixed_saveat>(
        TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts,
        kode::CallbackSet{kode::ContinuousCallback{Positive{}, ResetToZero{}},
                          kode::DiscreteCallback{NotFinite{}, ResetToZero{}}}));
    for (int i : {1, 3}) {
      EXPECT_EQ(watched.retcode(i), ReturnCode::Unstable) << i << " saves " << saves;
      EXPECT_EQ(watched.event_count(i), 0) << i;
    }
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(watched.retcode(i), plain.retcode(i)) << i;
      EXPECT_EQ(watched.t_final(i), plain.t_final(i)) << i;
      EXPECT_EQ(watched.u_final(i, 0), plain.u_final(i, 0)) << i;
      EXPECT_EQ(watched.stats(i).naccept, plain.stats(i).naccept) << i;
      for (int k = 0; k < plain.num_saves(); ++k) {
        const double a = watched.u(i, k, 0), b = plain.u(i, k, 0);
        EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << i << " save " << k;
      }
    }
  }
}

TEST(TEST_CATEGORY, retcode_unstable_nan_right_hand_side) {
  // A NaN parameter makes f NaN: Unstable at once, adaptive and fixed; the others succeed.
  for (bool adaptive : {true, false}) {
    auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 3, 1, [](int, double* r) { r[0] = 1.0; });
    auto p  = make_rows<double, TEST_MEMSPACE>("p", 3, 1, [](int i, double* r) { r[0] = i == 1 ? std::nan("") : 1.0; });
    kode::EnsembleProblem prob(ExpSin{}, u0, p, {0.0, 2.0});
    kode::SolverOptions<double, TEST_MEMSPACE> opts;
    opts.adaptive = adaptive;
    opts.dt       = adaptive ? 0.0 : 0.01;
    opts.abstol = opts.reltol = 1e-10;
    auto sol                  = to_host(kode::solve<kode::Variants::fixed | kode::Variants::adaptive>(
        TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts));
    EXPECT_EQ(sol.retcode(1), ReturnCode::Unstable) << "adaptive " << adaptive;
    EXPECT_EQ(sol.t_final(1), 0.0);
    EXPECT_EQ(sol.u_final(1, 0), 1.0);
    for (int i : {0, 2}) {
      EXPECT_EQ(sol.retcode(i), ReturnCode::Success);
      EXPECT_NEAR(sol.u_final(i, 0), ExpSin::exact(1.0, 1.0, 0.0, 2.0), 1e-8);
    }
  }
}

}  // namespace
