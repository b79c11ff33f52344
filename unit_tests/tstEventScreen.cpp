/// \file tstEventScreen.cpp
/// \brief Host tests of the event screen (`kode::Impl::screen_clear`): which steps of a
/// continuous callback may skip their interior samples.
#include <Kode.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <utility>

namespace {

using kode::Impl::screen_clear;

// The cubic with g(0) = g0, g(1) = g1, g'(0) = d0, g'(1) = d1 at θ (Hermite form).
double hermite(double g0, double g1, double d0, double d1, double th) {
  const double h00 = (1 + 2 * th) * (1 - th) * (1 - th), h10 = th * (1 - th) * (1 - th);
  const double h01 = th * th * (3 - 2 * th), h11 = th * th * (th - 1);
  return h00 * g0 + h10 * d0 + h01 * g1 + h11 * d1;
}

TEST(event_screen, clears_a_condition_moving_away_from_zero) {
  EXPECT_TRUE(screen_clear(1.0, 2.0, 1.0, 1.0));
  EXPECT_TRUE(screen_clear(-1.0, -2.0, -1.0, -1.0));    // the same below zero
  EXPECT_TRUE(screen_clear(1020.0, 1021.0, 0.9, 1.1));  // the benchmark's z + 1000 on Lorenz
  EXPECT_TRUE(screen_clear(1.0f, 1.5f, 0.5f, 0.5f));    // float
}

TEST(event_screen, samples_a_condition_that_heads_for_zero_or_changes_sign) {
  EXPECT_FALSE(screen_clear(0.1, 0.1, -0.5, 0.5));  // dips towards zero and back
  EXPECT_FALSE(screen_clear(-0.1, -0.1, 0.5, -0.5));
  EXPECT_FALSE(screen_clear(1.0, -1.0, -2.0, -2.0));  // a sign change at the ends
  EXPECT_FALSE(screen_clear(1.0, 0.0, -1.0, -1.0));   // zero at the end
  // tstEvents' two crossings in one step: cos 5θ on [0, 1], positive at both ends
  EXPECT_FALSE(screen_clear(1.0, std::cos(5.0), 0.0, -5 * std::sin(5.0)));
}

TEST(event_screen, never_clears_non_finite_values) {
  const double nan = std::nan(""), inf = INFINITY;
  EXPECT_FALSE(screen_clear(nan, 1.0, 0.0, 0.0));
  EXPECT_FALSE(screen_clear(1.0, nan, 0.0, 0.0));
  EXPECT_FALSE(screen_clear(1.0, 1.0, nan, 0.0));
  EXPECT_FALSE(screen_clear(1.0, 1.0, 0.0, nan));
  EXPECT_FALSE(screen_clear(1.0, 1.0, -inf, 0.0));
}

// For a cubic the screen is exact in one direction: a cubic that keeps its sign at both ends but
// crosses zero inside is never cleared. Random cubics, half of them crossing.
TEST(event_screen, never_clears_a_cubic_that_crosses_zero) {
  std::mt19937 gen(12345);
  std::uniform_real_distribution<double> val(0.01, 2.0), slope(-8.0, 8.0);
  int crossing = 0, cleared = 0;
  for (int n = 0; n < 20000; ++n) {
    const double s  = n % 2 ? 1.0 : -1.0;
    const double g0 = s * val(gen), g1 = s * val(gen), d0 = slope(gen), d1 = slope(gen);
    bool crosses = false;
    for (int j = 1; j < 2000 && !crosses; ++j) crosses = s * hermite(g0, g1, d0, d1, j / 2000.0) < 0;
    const bool clear = screen_clear(g0, g1, d0, d1);
    if (crosses) {
      ++crossing;
      EXPECT_FALSE(clear) << g0 << " " << g1 << " " << d0 << " " << d1;
    }
    cleared += clear;
  }
  // both kinds occur (measured: 4.9k of 20k cross), and the screen clears some of these steep
  // cubics that do not (1.9k of 15.1k: slopes up to 8 against values down to 0.01)
  EXPECT_GT(crossing, 2000);
  EXPECT_GT(cleared, 1000);
}

// A step that resolves its condition (slopes small against the values, an end value that the
// trapezoidal rule on the slopes predicts to 1%) is always cleared: the common case is cheap.
TEST(event_screen, clears_every_well_resolved_step) {
  std::mt19937 gen(777);
  std::uniform_real_distribution<double> val(0.5, 2.0), slope(-0.3, 0.3), rest(-0.01, 0.01);
  for (int n = 0; n < 20000; ++n) {
    const double s  = n % 2 ? 1.0 : -1.0;
    const double g0 = s * val(gen), d0 = s * slope(gen), d1 = s * slope(gen);
    const double g1 = g0 + 0.5 * (d0 + d1) + s * rest(gen);
    EXPECT_TRUE(screen_clear(g0, g1, d0, d1)) << g0 << " " << g1 << " " << d0 << " " << d1;
  }
}

// find_event with a stand-in for a step's dense output: u moves from u0 at speed v (u' = v at
// both ends, as a first-same-as-last stepper reports), and every interpolation is counted.
struct Line {
  static constexpr bool has_endpoint_slopes = true;
  double t, h;
  kode::Vec<double, 1> u, unew, v;
  int* calls;
  kode::Vec<double, 1> operator()(const double th, double& t_out) const {
    ++*calls;
    t_out = t + th * h;
    return {u[0] + th * h * v[0]};
  }
  double step_length() const { return h; }
  const kode::Vec<double, 1>& start() const { return u; }
  const kode::Vec<double, 1>& slope_start() const { return v; }
  const kode::Vec<double, 1>& slope_end() const { return v; }
};
struct Above {  // u − c
  double c;
  double operator()(const kode::Vec<double, 1>& u, const kode::Vec<double, 0>&, double) const { return u[0] - c; }
};
struct Well {  // (u − 1/2)² − 1/100: below zero for u in (0.4, 0.6)
  double operator()(const kode::Vec<double, 1>& u, const kode::Vec<double, 0>&, double) const {
    return (u[0] - 0.5) * (u[0] - 0.5) - 0.01;
  }
};
struct Nothing {
  void operator()(kode::Vec<double, 1>&, kode::Vec<double, 0>&, double) const {}
};

// One step from u = 0 to u = 1 (t from 0 to 1); the number of interpolations and the event found.
template <class Condition>
std::pair<int, kode::Impl::EventHit<double>> search(const Condition& c, const bool screen) {
  kode::ContinuousCallback cb{c, Nothing{}};
  cb.screen = screen;
  const kode::CallbackSet<decltype(cb)> set{cb};
  kode::Impl::ContinuousState<double, 1> state;
  const kode::Vec<double, 0> p{};
  int calls = 0;
  const Line step{0.0, 1.0, {0.0}, {1.0}, {1.0}, &calls};
  kode::Impl::SetOps<0, 0, kode::CallbackSet<decltype(cb)>>::eval_continuous(set, state, step.u, p, 0.0, false);
  const auto hit = kode::Impl::find_event(set, state, step, p, 1.0, step.unew);
  return {calls, hit};
}

TEST(event_screen, a_cleared_step_is_not_interpolated) {
  const auto [screened, none] = search(Above{-10}, true);  // u + 10, far from zero
  EXPECT_EQ(screened, 0);
  EXPECT_FALSE(none.found);
  const auto [sampled, none_either] = search(Above{-10}, false);
  EXPECT_EQ(sampled, 3);  // interp_points
  EXPECT_FALSE(none_either.found);
}

TEST(event_screen, a_step_through_a_well_is_sampled_and_its_first_crossing_found) {
  for (const bool screen : {true, false}) {  // positive at both ends, negative for u in (0.4, 0.6)
    const auto [calls, hit] = search(Well{}, screen);
    EXPECT_GE(calls, 3) << screen;  // the samples, then the root finding
    ASSERT_TRUE(hit.found) << screen;
    EXPECT_NEAR(hit.theta, 0.4, 1e-12) << screen;
    EXPECT_FALSE(hit.up);
  }
}

TEST(event_screen, a_sign_change_at_the_end_is_found_either_way) {
  for (const bool screen : {true, false}) {
    const auto [calls, hit] = search(Above{0.75}, screen);
    ASSERT_TRUE(hit.found) << screen;
    EXPECT_NEAR(hit.theta, 0.75, 1e-12) << screen;
    EXPECT_TRUE(hit.up);
  }
}

}  // namespace
