/// \file tstLanes.hpp
/// \brief The lane path of host backends (Kode_Lanes_Impl.hpp: 8 trajectories per thread in SIMD
/// lanes) gives every trajectory the answer of the one-at-a-time path, bit for bit — states, saves,
/// times, return codes, statistics — whatever its neighbours in the block do: trajectories that
/// fail at the start or blow up, that run out of iterations, a short last block, saves inside
/// steps, tstops, backward time. And it is the path that runs when it should (the kernel's label
/// says which ran), and only then.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"
#include "Test_Utils.hpp"

#include <string>
#include <vector>

namespace {

using namespace kode_test;

/// The test Lorenz system, declared vectorizable.
struct LorenzLanes : Lorenz {
  static constexpr bool vectorizable = true;
};

/// A vectorizable system whose right-hand side reads t and calls math functions (forced
/// oscillator with a nonlinear damping): u'' = −p0 u − p1 u³ + sin(t) − 0.1 u' e^{−u²}.
struct ForcedDuffing {
  static constexpr int dim = 2, num_params = 2;
  static constexpr bool vectorizable = true;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 2>& p, T t) const {
    du[0] = u[1];
    du[1] = -p[0] * u[0] - p[1] * u[0] * u[0] * u[0] + kode::sin(t) - T(0.1) * u[1] * kode::exp(-u[0] * u[0]);
  }
};

// Whether the solve `f` ran the lane kernel.
template <class F>
bool ran_lanes(const F& f) {
  return ran_kernel_with(",simd", f);
}

constexpr bool host_backend =
    Kokkos::SpaceAccessibility<Kokkos::HostSpace, typename TEST_EXECSPACE::memory_space>::accessible;

// A Lorenz-type ensemble of n trajectories (ρ swept over [0, 28]) with failures mixed in: trajectory
// 3 starts at NaN, 10 has ρ = 1e30 (blows up; ends Unstable or on the iteration limit).
template <class T, class System>
auto troubled_lorenz(const int n, const T t0, const T tf) {
  auto u0 = make_rows<T, TEST_MEMSPACE>("u0", n, 3,
                                        [](int i, T* r) { r[0] = i == 3 ? T(NAN) : T(1), r[1] = T(0), r[2] = T(0); });
  auto p  = make_rows<T, TEST_MEMSPACE>("p", n, 3, [n](int i, T* r) {
    r[0] = T(10), r[1] = i == 10 ? T(1e30) : T(28.0 * i / (n - 1)), r[2] = T(8.0 / 3.0);
  });
  return kode::EnsembleProblem(System{}, u0, p, {t0, tf});
}

// V: the loop variants the caller's options run (kode::Variants).
template <class Alg, kode::Variants V, class T, class Prob>
void expect_lanes_equal_scalar(const Prob& prob, const kode::SolverOptions<T, TEST_MEMSPACE>& opts) {
  TEST_EXECSPACE exec;
  kode::EnsembleKernel lanes, scalar;
  scalar.simd = false;
  decltype(kode::solve<V>(exec, prob, Alg{}, lanes, opts)) a;  // (the execution space's layout: LayoutLeft on GPUs)
  const bool took = ran_lanes([&] { a = kode::solve<V>(exec, prob, Alg{}, lanes, opts); });
  EXPECT_EQ(took, host_backend);
  const auto b = to_host(kode::solve<V>(exec, prob, Alg{}, scalar, opts));
  EXPECT_FALSE(ran_lanes([&] { kode::solve<V>(exec, prob, Alg{}, scalar, opts); }));
  expect_same_solution(to_host(a), b);
}

template <class Alg>
struct TEST_CATEGORY_FIXTURE(lanes) : ::testing::Test {};
#ifndef KODE_TEST_SANITIZED_SUBSET
using LaneMethods = ExplicitMethods;
#else
// Under the sanitizers (.ci/run) one method per commit path of the lane driver: Tsit5 (first
// same as last, adaptive and fixed) and RK4 (accept evaluates f). Every explicit tableau runs the
// same ExplicitRKStepper and lane driver. Measured with .ci/run's sanitizer flags: all five
// methods (and the driver then marked `flatten`) compiled for over 27 minutes before it was
// stopped; Tsit5 and RK4 take 4.4 minutes on one core.
using LaneMethods = ::testing::Types<kode::Tsit5, kode::RK4>;
#endif
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(lanes), LaneMethods);

// Every mode of the loop, float and double: each trajectory as if alone.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(lanes), every_lane_equals_its_trajectory_alone) {
  using Alg = TypeParam;
  auto both = [](auto zero) {
    using T = decltype(zero);
    TEST_EXECSPACE exec;
    const auto prob = troubled_lorenz<T, LorenzLanes>(29, T(0), T(1));  // 3 blocks and a short one
    kode::SolverOptions<T, TEST_MEMSPACE> opts;
    opts.maxiters = 3000;
    opts.abstol = opts.reltol = T(1e-6);
    opts.dt                   = T(0.01);
    for (const bool adaptive : {true, false}) {
      if (adaptive && !Alg::has_error_est) continue;
      opts.adaptive = adaptive;
      for (const bool saves : {false, true}) {
        SCOPED_TRACE(std::string(adaptive ? "adaptive" : "fixed") + (saves ? ", saveat + tstops" : ", t0/tf only") +
                     (sizeof(T) == 4 ? ", float" : ", double"));
        opts.saveat = saves ? kode::times(exec, {T(0), T(0.123), T(0.25), T(0.5), T(0.7071), T(1)})
                            : Kokkos::View<T*, TEST_MEMSPACE>();
        opts.tstops = saves ? kode::times(exec, {T(0.25), T(0.6)}) : Kokkos::View<T*, TEST_MEMSPACE>();
        expect_lanes_equal_scalar<Alg, kode::Variants::all>(prob, opts);  // every variant
      }
    }
  };
  both(float(0));
  both(double(0));
}

// Time running backward, the automatic first step, a limit on iterations that ends some lanes
// early, and a right-hand side that reads t and calls libm.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(lanes), backward_time_first_step_and_iteration_limit) {
  using Alg = TypeParam;
  using T   = double;
  TEST_EXECSPACE exec;
  const auto back = troubled_lorenz<T, LorenzLanes>(13, T(1), T(-0.5));
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  opts.adaptive = Alg::has_error_est;
  opts.dt       = Alg::has_error_est ? T(0) : T(0.001);  // 0: Hairer's guess, per lane
  opts.abstol = opts.reltol = T(1e-8);
  opts.saveat               = kode::linspace(exec, T(1), T(-0.5), 7);
  expect_lanes_equal_scalar<Alg, kode_test::own_steps_saveat<Alg>>(back, opts);
  opts.maxiters = Alg::has_error_est ? 60 : 700;  // the slow lanes stop on MaxIters, the others finish
  expect_lanes_equal_scalar<Alg, kode_test::own_steps_saveat<Alg>>(back, opts);

  auto u0 = make_rows<T, TEST_MEMSPACE>("u0", 20, 2, [](int i, T* r) { r[0] = T(0.1 * i), r[1] = T(0); });
  auto p  = make_rows<T, TEST_MEMSPACE>("p", 20, 2, [](int i, T* r) { r[0] = T(1 + i), r[1] = T(0.5); });
  const kode::EnsembleProblem duffing(ForcedDuffing{}, u0, p, {T(0), T(3)});
  opts.maxiters = 100000;
  opts.saveat   = kode::linspace(exec, T(0), T(3), 11);
  expect_lanes_equal_scalar<Alg, kode_test::own_steps_saveat<Alg>>(duffing, opts);
}

// Several shares (kode::Impl::lane_share = 32 trajectories a thread takes, 8 in its lanes at a
// time) and a short last one: each lane that is done takes its share's next trajectory (issue 32:
// a block of 8 no longer waits for its slowest lane), with failures mixed in (a NaN start, a
// blow-up) and an iteration limit that ends the slow lanes early, so that lanes come free at
// different rounds; every trajectory's answer is still its own, bit for bit.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(lanes), lanes_take_the_next_trajectory_of_their_share) {
  using Alg = TypeParam;
  using T   = float;
  TEST_EXECSPACE exec;
  const auto prob = troubled_lorenz<T, LorenzLanes>(77, T(0), T(1));  // two shares of 32 and one of 13
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  opts.adaptive = Alg::has_error_est;
  opts.dt       = Alg::has_error_est ? T(0) : T(0.01);
  opts.abstol = opts.reltol = T(1e-6);
  opts.saveat               = kode::linspace(exec, T(0), T(1), 5);
  expect_lanes_equal_scalar<Alg, kode_test::own_steps_saveat<Alg>>(prob, opts);
  opts.maxiters = Alg::has_error_est ? 150 : 60;  // the trajectories of large rho stop on MaxIters
  expect_lanes_equal_scalar<Alg, kode_test::own_steps_saveat<Alg>>(prob, opts);
}

struct TEST_CATEGORY_FIXTURE(lanes_scope) : ::testing::Test {};

// The lane path is taken only where it applies: not for a system that does not declare itself
// vectorizable, not for a stiff method, not with callbacks.
TEST_F(TEST_CATEGORY_FIXTURE(lanes_scope), only_vectorizable_explicit_solves_without_callbacks) {
  using T = double;
  TEST_EXECSPACE exec;
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  const auto plain = lorenz_sweep<T, TEST_MEMSPACE>(16);
  EXPECT_FALSE(ran_lanes(
      [&] { kode::solve<kode::Variants::adaptive>(exec, plain, kode::Tsit5{}, kode::EnsembleKernel{}, opts); }));
  const auto vec = troubled_lorenz<T, LorenzLanes>(16, T(0), T(1));
  EXPECT_EQ(
      ran_lanes([&] { kode::solve<kode::Variants::adaptive>(exec, vec, kode::Tsit5{}, kode::EnsembleKernel{}, opts); }),
      host_backend);
  EXPECT_FALSE(ran_lanes(
      [&] { kode::solve<kode::Variants::adaptive>(exec, vec, kode::Rodas5P{}, kode::EnsembleKernel{}, opts); }));
  const kode::CallbackSet events{kode::ContinuousCallback{XCrossing{}, RecordOnly{}}};
  EXPECT_FALSE(ran_lanes(
      [&] { kode::solve<kode::Variants::adaptive>(exec, vec, kode::Tsit5{}, kode::EnsembleKernel{}, opts, events); }));
}

}  // namespace
