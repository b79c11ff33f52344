/// \file tstConvergence.hpp
/// \brief Observed order of convergence of every explicit method with fixed steps, on a
/// non-autonomous problem with an exact solution: y' = a y cos t, y(0) = 1, a = 4, on [0, 5]
/// (y = exp(a sin t)).
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

template <class Alg>
struct TEST_CATEGORY_FIXTURE(convergence) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(convergence), kode_test::ExplicitMethods);

// Step counts over [0, 5] whose errors lie between the pre-asymptotic range and round-off
// (1e-13 in double) for the method: the observed order is the slope over these.
template <class Alg>
std::vector<int> convergence_steps() {
  return {200, 400, 800, 1600};
}

// Relative error at tf = 5 of a fixed-step solve with `steps` steps.
template <class Alg>
double expsin_error(int steps) {
  using namespace kode_test;
  const double a = 4.0, tf = 5.0;
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 1, 1, [](int, double* r) { r[0] = 1.0; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 1, 1, [&](int, double* r) { r[0] = a; });
  kode::EnsembleProblem prob(ExpSin{}, u0, p, {0.0, tf});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive = false;
  opts.dt       = tf / steps;
  auto sol      = to_host(kode::solve(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  EXPECT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  EXPECT_EQ(sol.stats(0).naccept, steps);
  const double ex = ExpSin::exact(1.0, a, 0.0, tf);
  return std::fabs(sol.u_final(0, 0) - ex) / std::fabs(ex);
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(convergence), fixed_step_order) {
  using Alg = TypeParam;
  std::vector<double> dts, errs;
  for (int steps : convergence_steps<Alg>()) {
    dts.push_back(5.0 / steps);
    errs.push_back(expsin_error<Alg>(steps));
  }
  const double order = kode_test::observed_order(dts, errs);
  EXPECT_NEAR(order, Alg::order, 0.2) << Alg::name << ": errors " << errs.front() << " ... " << errs.back();
}

}  // namespace
