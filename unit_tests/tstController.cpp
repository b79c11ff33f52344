/// \file tstController.cpp
/// \brief Host tests of the step-size controller and the error norm.
#include <Kode.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace {

TEST(controller, tsit5_defaults) {
  const auto c = kode::PIController<double>::defaults(5);
  EXPECT_DOUBLE_EQ(c.beta1, 7.0 / 50);
  EXPECT_DOUBLE_EQ(c.beta2, 2.0 / 25);
  EXPECT_DOUBLE_EQ(c.qmin, 0.2);
  EXPECT_DOUBLE_EQ(c.qmax, 10.0);
  EXPECT_DOUBLE_EQ(c.gamma, 0.9);
  EXPECT_DOUBLE_EQ(c.qoldinit, 1e-4);
}

TEST(controller, pi_step_ratios) {
  const auto c = kode::PIController<double>::defaults(5);
  double qold  = 1e-4;
  // EEst = 0.5 after a step with qold = 1e-4: q = 0.5^0.14 / 1e-4^0.08 / 0.9, clamped to [0.1, 5]
  const double q = std::fmax(0.1, std::fmin(5.0, std::pow(0.5, 0.14) / std::pow(1e-4, 0.08) / 0.9));
  // the controller evaluates powers as exp2(y log2 x): equal to std::pow to a few ulps
  EXPECT_NEAR(c.accept(1.0, 0.5, qold), 1.0 / q, 1e-14);
  EXPECT_DOUBLE_EQ(qold, 0.5);
  // a zero error grows the step by qmax
  EXPECT_DOUBLE_EQ(c.accept(1.0, 0.0, qold), 10.0);
  EXPECT_DOUBLE_EQ(qold, 1e-4);
  // rejections shrink by EEst^beta1/gamma, at most by 1/qmin = 5
  EXPECT_NEAR(c.reject(1.0, 2.0), 1.0 / (std::pow(2.0, 0.14) / 0.9), 1e-14);
  EXPECT_DOUBLE_EQ(c.reject(1.0, 1e30), 0.2);
  EXPECT_DOUBLE_EQ(c.reject(1.0, INFINITY), 0.2);
}

TEST(controller, error_norm_is_weighted_rms) {
  const kode::Vec<double, 2> err{{1e-6, -2e-6}}, uprev{{1.0, -3.0}}, u{{2.0, 1.0}};
  const double w0 = 1e-6 / (1e-6 + 1e-3 * 2.0), w1 = 2e-6 / (1e-6 + 1e-3 * 3.0);
  EXPECT_DOUBLE_EQ(kode::error_norm(err, uprev, u, 1e-6, 1e-3), std::sqrt((w0 * w0 + w1 * w1) / 2));
  const kode::Vec<double, 2> bad{{NAN, 0.0}};
  EXPECT_TRUE(std::isnan(kode::error_norm(bad, uprev, u, 1e-6, 1e-3)));
  EXPECT_FALSE(kode::all_finite(bad));
  EXPECT_TRUE(kode::all_finite(u));
}

TEST(controller, initial_dt_scales_with_the_dynamics) {
  // y' = λ y from y = 1 with abstol 1e-6, reltol 1e-3: d0 ≈ 999, d1 ≈ 999|λ|, dt0 = 0.01/|λ|,
  // d2 ≈ 999 λ², so the guess is min(100 dt0, (0.01/max(d1, d2))^(1/5)): 0.1 for λ = −1 and
  // min(0.01, 0.0158) = 0.01 for λ = −100.
  auto guess = [](double lambda) {
    auto rhs = [lambda](kode::Vec<double, 1>& du, const kode::Vec<double, 1>& u, double) { du[0] = lambda * u[0]; };
    const kode::Vec<double, 1> u0{{1.0}};
    kode::Vec<double, 1> f0;
    rhs(f0, u0, 0.0);
    return kode::initial_dt(rhs, u0, f0, 0.0, 1.0, 1e-6, 1e-3, 5, 10.0);
  };
  EXPECT_NEAR(guess(-1.0), 0.1, 2e-3);
  EXPECT_NEAR(guess(-100.0), 0.01, 1e-4);
}

}  // namespace
