/// \file tstConvergence.hpp
/// \brief Observed order of convergence of every explicit method with fixed steps, and the order
/// of its dense output, on problems with exact solutions (Test_Problems.hpp).
#include <algorithm>

#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

using namespace kode_test;

template <class Alg>
struct TEST_CATEGORY_FIXTURE(convergence) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(convergence), kode_test::ExplicitMethods);

// Max-norm error of the final state of a fixed-step solve with `steps` steps from t0 over `span`.
template <class Alg>
double kepler_error(double t0, double span, int steps) {
  const double e = 0.5;
  const auto q0  = Kepler::exact(e, t0);
  auto u0        = make_rows<double, TEST_MEMSPACE>("u0", 1, 4, [&](int, double* r) {
    for (int c = 0; c < 4; ++c) r[c] = q0[c];
  });
  auto p         = make_rows<double, TEST_MEMSPACE>("p", 1, 1, [&](int, double* r) { r[0] = e; });
  kode::EnsembleProblem prob(Kepler{}, u0, p, {t0, t0 + span});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive = false;
  opts.dt       = span / steps;
  auto sol = to_host(kode::solve<kode::Variants::fixed>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  EXPECT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  EXPECT_EQ(sol.stats(0).naccept, steps);
  const auto ex = Kepler::exact(e, t0 + span);
  double err    = 0;
  for (int c = 0; c < 4; ++c) err = std::fmax(err, std::fabs(sol.u_final(0, c) - ex[c]));
  return err;
}

// Relative error at tf = 20 of y' = 2 y cos t, y(0) = 1 with `steps` fixed steps.
template <class Alg>
double expsin_error(int steps) {
  const double a = 2.0, tf = 20.0;
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 1, 1, [](int, double* r) { r[0] = 1.0; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 1, 1, [&](int, double* r) { r[0] = a; });
  kode::EnsembleProblem prob(ExpSin{}, u0, p, {0.0, tf});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive = false;
  opts.dt       = tf / steps;
  auto sol = to_host(kode::solve<kode::Variants::fixed>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  EXPECT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  EXPECT_EQ(sol.stats(0).naccept, steps);
  const double ex = ExpSin::exact(1.0, a, 0.0, tf);
  return std::fabs(sol.u_final(0, 0) - ex) / std::fabs(ex);
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(convergence), fixed_step_order) {
  using Alg = TypeParam;
  std::vector<double> dts, errs;
  for (int steps : MethodTraits<Alg>::convergence_steps()) {
    if (MethodTraits<Alg>::convergence_problem == ConvergenceProblem::Kepler) {
      dts.push_back(10.0 / steps);
      errs.push_back(kepler_error<Alg>(0.0, 10.0, steps));
    } else {
      dts.push_back(20.0 / steps);
      errs.push_back(expsin_error<Alg>(steps));
    }
  }
  const double order = observed_order(dts, errs);
  EXPECT_NEAR(order, Alg::order, 0.2) << Alg::name << ": errors " << errs.front() << " ... " << errs.back();
}

// The dense output's order: the same fixed-step solves as above, saved at every step's midpoint
// (θ = 1/2, filled by the interpolant), against the exact solution. With an interpolant of
// order q ≥ p − 1 the interpolated values converge like the steps themselves, at the method's
// order p (the interpolant's local order q + 1 is checked exactly in the host tableau tests).
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(convergence), dense_output_order) {
  using Alg = TypeParam;
  std::vector<double> dts, errs;
  for (int steps : MethodTraits<Alg>::convergence_steps()) {
    const bool kepler = MethodTraits<Alg>::convergence_problem == ConvergenceProblem::Kepler;
    const double e = 0.5, a = 2.0, tf = kepler ? 10.0 : 20.0, dt = tf / steps;
    std::vector<double> mids;
    for (int k = 0; k < steps; ++k) mids.push_back((k + 0.5) * dt);
    auto u0 = kepler ? make_rows<double, TEST_MEMSPACE>("u0", 1, 4,
                                                        [&](int, double* r) {
                                                          const auto q0 = Kepler::initial(e);
                                                          for (int c = 0; c < 4; ++c) r[c] = q0[c];
                                                        })
                     : make_rows<double, TEST_MEMSPACE>("u0", 1, 1, [](int, double* r) { r[0] = 1.0; });
    auto p  = make_rows<double, TEST_MEMSPACE>("p", 1, 1, [&](int, double* r) { r[0] = kepler ? e : a; });
    kode::SolverOptions<double, TEST_MEMSPACE> opts;
    opts.adaptive = false;
    opts.dt       = dt;
    opts.saveat   = make_times<double, TEST_MEMSPACE>(mids);
    double err    = 0;
    if (kepler) {
      kode::EnsembleProblem prob(Kepler{}, u0, p, {0.0, tf});
      auto sol = to_host(
          kode::solve<kode::Variants::fixed_saveat>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
      for (int k = 0; k < steps; ++k) {
        const auto ex = Kepler::exact(e, mids[k]);
        for (int c = 0; c < 4; ++c) err = std::fmax(err, std::fabs(sol.u(0, k, c) - ex[c]));
      }
    } else {
      kode::EnsembleProblem prob(ExpSin{}, u0, p, {0.0, tf});
      auto sol = to_host(
          kode::solve<kode::Variants::fixed_saveat>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
      for (int k = 0; k < steps; ++k) {
        const double ex = ExpSin::exact(1.0, a, 0.0, mids[k]);
        err             = std::fmax(err, std::fabs(sol.u(0, k, 0) - ex) / std::fabs(ex));
      }
    }
    dts.push_back(dt);
    errs.push_back(err);
  }
  // Interpolated values may converge a little faster than the step ends in this range (measured:
  // Tsit5 5.25, DP5 5.21, Vern9 9.5); what must not happen is a loss of order.
  const double order = observed_order(dts, errs);
  const int expected = std::min(Alg::order, MethodTraits<Alg>::dense_order + 1);
  EXPECT_GE(order, expected - 0.2) << Alg::name << ": errors " << errs.front() << " ... " << errs.back();
  EXPECT_LE(order, expected + 1.0) << Alg::name << ": errors " << errs.front() << " ... " << errs.back();
}

// Kepler, e = 0.5, 10 orbits, adaptive at abstol = reltol = 1e-12: back at pericentre.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(convergence), kepler_ten_orbits) {
  using Alg      = TypeParam;
  const double e = 0.5, tf = 20.0 * M_PI;
  const auto q0 = Kepler::initial(e);
  auto u0       = make_rows<double, TEST_MEMSPACE>("u0", 1, 4, [&](int, double* r) {
    for (int c = 0; c < 4; ++c) r[c] = q0[c];
  });
  auto p        = make_rows<double, TEST_MEMSPACE>("p", 1, 1, [&](int, double* r) { r[0] = e; });
  kode::EnsembleProblem prob(Kepler{}, u0, p, {0.0, tf});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  double bound = MethodTraits<Alg>::kepler_error;
  if constexpr (Alg::has_error_est) {
    opts.abstol = opts.reltol = 1e-12;
  } else {  // RK4: fixed step, 2000 steps per orbit
    opts.adaptive = false;
    opts.dt       = 2.0 * M_PI / 2000;
    bound         = 1e-6;
  }
  auto sol =
      to_host(kode::solve<kode_test::own_steps<Alg>>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  ASSERT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  double err = 0;
  for (int c = 0; c < 4; ++c) err = std::fmax(err, std::fabs(sol.u_final(0, c) - q0[c]));
  EXPECT_LT(err, bound) << Alg::name;
  // energy −1/2 (semi-major axis 1) is conserved to the same accuracy
  const double r = std::hypot(sol.u_final(0, 0), sol.u_final(0, 1));
  const double E = 0.5 * (sol.u_final(0, 2) * sol.u_final(0, 2) + sol.u_final(0, 3) * sol.u_final(0, 3)) - 1.0 / r;
  EXPECT_NEAR(E, -0.5, bound) << Alg::name;
}

}  // namespace
