/// \file tstStepControl.cpp
/// \brief Host tests of `kode::Impl::StepControl`, the rules every mode's loop shares: the step
/// floor, landing on a stop, the verdict on an attempt, the step after an event, the fixed-step
/// count. (The loop's behaviour built from them is tested end to end in tstTimeResolution.hpp and
/// tstCorrectness.hpp.)
#include <Kode.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

using Control = kode::Impl::StepControl<double, 5>;
using kode::ReturnCode;
using kode::StepStatus;
constexpr double eps = std::numeric_limits<double>::epsilon();

// The verdict on an attempt as Trajectory::run_adaptive composes it from the three calls.
enum class StepVerdict { Accept, Reject, Stop };
StepVerdict judge(Control& c, const kode::Impl::StepProposal<double>& p, const StepStatus ss, const double err,
                  const bool finite, const double t, ReturnCode& rc) {
  if (!Control::acceptable(ss, err)) return c.reject(p, ss, err, t, rc) ? StepVerdict::Reject : StepVerdict::Stop;
  if (!finite) {
    rc = ReturnCode::Unstable;
    return StepVerdict::Stop;
  }
  c.accept(p, err, t, rc);
  return StepVerdict::Accept;
}

TEST(step_control, floor_is_dtmin_or_the_clock_resolution) {
  const Control c(0.0, 10.0, 1e-9, 1.0);
  EXPECT_EQ(c.floor(0.0), 1e-9);  // dtmin dominates 16 ε² · 10
  const Control d(0.0, 10.0, 0.0, 1.0);
  EXPECT_EQ(d.floor(0.0), 16 * eps * eps * 10.0);  // the span, at t = 0
  EXPECT_EQ(d.floor(-1e3), 16 * eps * eps * 1e3);  // |t| once it exceeds the span
}

TEST(step_control, propose_caps_at_dtmax_and_lands_within_the_slack) {
  Control c(0.0, 1.0, 0.0, 0.25);
  c.start(0.5);
  auto p = c.propose(1.0);
  EXPECT_EQ(p.h, 0.25);  // capped at dtmax
  EXPECT_FALSE(p.land);
  c.dt = 0.1;
  p    = c.propose(0.1 * (1 + 32 * eps));  // within 64 ε of the distance: land
  EXPECT_TRUE(p.land);
  EXPECT_EQ(p.h, 0.1 * (1 + 32 * eps));
  p = c.propose(0.1 * (1 + 1e-10));  // beyond the slack: a step of dt, the stop left for later
  EXPECT_FALSE(p.land);
  EXPECT_EQ(p.h, 0.1);
  Control back(1.0, 0.0, 0.0, 1.0);  // backwards: a negative step of the same size
  back.start(0.1);
  EXPECT_EQ(back.propose(0.5).h, -0.1);
}

TEST(step_control, start_is_at_least_dtmin) {
  Control c(0.0, 1.0, 1e-3, 1.0);
  c.start(1e-6);
  EXPECT_EQ(c.dt, 1e-3);
}

TEST(step_control, a_rejected_step_always_shrinks) {
  Control c(0.0, 1.0, 0.0, 1.0);
  c.start(0.1);
  ReturnCode rc = ReturnCode::Success;
  auto p        = c.propose(1.0);
  EXPECT_EQ(judge(c, p, StepStatus::Ok, 1.0001, true, 0.0, rc), StepVerdict::Reject);
  EXPECT_LT(c.dt, 0.1);
  EXPECT_EQ(rc, ReturnCode::Success);
  // an infinite estimate, a Retry and a NonFinite attempt: the largest shrink (qmin = 1/5) or half
  c.dt = 0.1;
  p    = c.propose(1.0);
  EXPECT_EQ(judge(c, p, StepStatus::Ok, INFINITY, true, 0.0, rc), StepVerdict::Reject);
  EXPECT_DOUBLE_EQ(c.dt, 0.02);
  c.dt = 0.1;
  p    = c.propose(1.0);
  EXPECT_EQ(judge(c, p, StepStatus::Retry, 0.0, true, 0.0, rc), StepVerdict::Reject);  // the estimate is not read
  EXPECT_EQ(c.dt, 0.05);
  EXPECT_EQ(judge(c, p, StepStatus::NonFinite, NAN, false, 0.0, rc), StepVerdict::Reject);
  EXPECT_EQ(rc, ReturnCode::Success);
}

TEST(step_control, nan_error_ends_the_trajectory_unstable) {
  Control c(0.0, 1.0, 0.0, 1.0);
  c.start(0.1);
  ReturnCode rc = ReturnCode::Success;
  const auto p  = c.propose(1.0);
  EXPECT_EQ(judge(c, p, StepStatus::Ok, NAN, true, 0.0, rc), StepVerdict::Stop);
  EXPECT_EQ(rc, ReturnCode::Unstable);
  // an acceptable error with a non-finite new state: Unstable too, the step not kept
  rc = ReturnCode::Success;
  EXPECT_EQ(judge(c, p, StepStatus::Ok, 0.5, false, 0.0, rc), StepVerdict::Stop);
  EXPECT_EQ(rc, ReturnCode::Unstable);
}

TEST(step_control, at_the_floor_a_rejection_ends_the_trajectory) {
  Control c(0.0, 1.0, 1e-3, 1.0);
  c.start(1.1e-3);
  ReturnCode rc = ReturnCode::Success;
  auto p        = c.propose(1.0);
  EXPECT_EQ(judge(c, p, StepStatus::Ok, 10.0, true, 0.0, rc), StepVerdict::Reject);
  EXPECT_EQ(rc, ReturnCode::DtLessThanMin);
  // a stiff attempt still non-finite there is a blow-up, not a step-size failure
  c.start(1.1e-3);
  rc = ReturnCode::Success;
  p  = c.propose(1.0);
  EXPECT_EQ(judge(c, p, StepStatus::NonFinite, 0.0, false, 0.0, rc), StepVerdict::Reject);
  EXPECT_EQ(rc, ReturnCode::Unstable);
}

TEST(step_control, accepted_step_below_the_floor_is_kept_then_ends) {
  Control c(0.0, 1.0, 1e-3, 1.0);
  c.start(1.1e-3);
  ReturnCode rc = ReturnCode::Success;
  const auto p  = c.propose(1.0);
  // an error just below 1 proposes a smaller step (q = EEst^0.14 / qold^0.08 / 0.9 > 1)
  EXPECT_EQ(judge(c, p, StepStatus::Ok, 0.99, true, 0.0, rc), StepVerdict::Accept);
  EXPECT_LT(c.dt, 1e-3);
  EXPECT_EQ(rc, ReturnCode::DtLessThanMin);
}

TEST(step_control, a_step_shortened_to_land_resumes_the_step_before_it) {
  Control c(0.0, 1.0, 0.5, 1.0);  // dtmin far above the landing step: not held against it
  c.start(0.6);
  ReturnCode rc = ReturnCode::Success;
  const auto p  = c.propose(1e-6);
  ASSERT_TRUE(p.land);
  EXPECT_EQ(p.h, 1e-6);
  EXPECT_EQ(judge(c, p, StepStatus::Ok, 0.5, true, 0.0, rc), StepVerdict::Accept);
  EXPECT_EQ(rc, ReturnCode::Success);
  EXPECT_GE(c.dt, 0.6);
}

TEST(step_control, after_an_event_the_step_is_at_most_the_part_kept) {
  Control c(0.0, 1.0, 0.0, 1.0);
  c.start(0.1);
  c.after_event(0.01, 0.5);
  EXPECT_EQ(c.dt, 0.01);
  c.after_event(0.0, 0.5);  // an event at the step's start: a step well above the floor
  EXPECT_EQ(c.dt, 16 * c.floor(0.5));
  c.dt = 0.001;
  c.after_event(0.01, 0.5);  // never lengthened
  EXPECT_EQ(c.dt, 0.001);
}

TEST(step_control, fixed_step_count_rounds_up_without_slivers) {
  EXPECT_EQ(Control::fixed_steps(1.0, 0.25), 4.0);
  EXPECT_EQ(Control::fixed_steps(1.0, 0.3), 4.0);                  // 3.33: a shortened last step
  EXPECT_EQ(Control::fixed_steps(1.0, 0.1), 10.0);                 // 1/0.1 is 10 to within its rounding
  EXPECT_EQ(Control::fixed_steps(1.0, 1.0 / (10 + 0.005)), 11.0);  // 10.005: one more (short) step
  // The slack is 64 ε of the quotient, at most 1% of a step (for very long runs).
  EXPECT_EQ(Control::fixed_steps(1e13 + 0.005, 1.0), 1e13);
  EXPECT_EQ(Control::fixed_steps(1e13 + 0.02, 1.0), 1e13 + 1);
  EXPECT_EQ(Control::fixed_steps(1e-3, 1.0), 1.0);                     // at least one step
  EXPECT_EQ(Control::fixed_steps(1e6, 1e6 / (1e7 * (1 + eps))), 1e7);  // a quotient's rounding is no step
}

}  // namespace
