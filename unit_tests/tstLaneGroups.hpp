/// \file tstLaneGroups.hpp
/// \brief The lane-group kernel (GPU backends: the lanes of a warp integrate one trajectory
/// together; core/Kode_LaneGroup.hpp) gives every trajectory the one-thread kernel's answer, bit
/// for bit — saves, final states and times, return codes, statistics, events — for the 28-unknown
/// Pleiades problem (8 lanes declared, 4 of them holding a padding slot; Tsit5 and RK4), a
/// 10-unknown chain with events and callbacks (4 lanes declared) and the stiff 8-unknown HIRES
/// (the Jacobian and the LU spread over the lanes), adaptive and fixed, with saves inside steps
/// and tstops, next to trajectories that fail. On host backends both solves run one thread per
/// trajectory (the test then checks that no group kernel ran); the group's own logic is checked
/// on the host, with threads for lanes, by tstLaneGroup.cpp.
#include "Test_Problems.hpp"
#include "Test_Utils.hpp"

#include <string>

namespace {

using namespace kode_test;

constexpr bool group_backend =
    !Kokkos::SpaceAccessibility<Kokkos::HostSpace, typename TEST_EXECSPACE::memory_space>::accessible;

/// The test systems with their lane counts declared (groups are never chosen automatically).
struct Chain4 : Chain {
  static constexpr int lanes = 4;
};
struct Pleiades8 : Pleiades {
  static constexpr int lanes = 8;
};

// The states of a stiff method on a GPU group may differ from the one-thread kernel's in the last
// bits: nvcc contracts a·b + c·d (the product rule of the dual numbers that give J, Kode_Dual.hpp)
// into an FMA on either product, and does not choose the same in the two kernels. Measured on the
// H200 (bit-for-bit version of this test): 177 values differed, by at most 4.8e-14 relative
// (Rosenbrock23 fixed, Kvaerno5 by rows; Rodas5P with and without pivoting bit for bit), with the
// same return codes and step counts, which stay exact here. On the host the group's
// arithmetic is the one thread's bit for bit (tstLaneGroup.cpp).
constexpr double stiff_group_rel = group_backend ? 1e-12 : 0.0;

// V: the loop variant the options run (kode::Variants), the one kernel of each kind compiled.
template <class Alg, kode::Variants V, class Prob, class T, class... Cb>
void expect_group_equals_one_thread(const Prob& prob, const kode::SolverOptions<T, TEST_MEMSPACE>& opts,
                                    const int lanes, const Cb&... cb) {
  TEST_EXECSPACE exec;
  kode::EnsembleKernel group, one;
  one.lanes             = 1;
  const std::string tag = ",lanes" + std::to_string(lanes) + "]";
  decltype(kode::solve<V>(exec, prob, Alg{}, group, opts, cb...)) a;
  EXPECT_EQ(ran_kernel_with(tag.c_str(), [&] { a = kode::solve<V>(exec, prob, Alg{}, group, opts, cb...); }),
            group_backend);
  decltype(a) b;
  EXPECT_FALSE(ran_kernel_with(",lanes", [&] { b = kode::solve<V>(exec, prob, Alg{}, one, opts, cb...); }));
  expect_same_solution(to_host(a), to_host(b), kode::Impl::is_stiff_method<Alg>::value ? stiff_group_rel : 0.0);
}

// 21 perturbed Pleiades problems (not a multiple of a team) and one that starts at NaN.
auto pleiades_ensemble(const int n) {
  const auto u00 = Pleiades::initial();
  auto u0        = make_rows<double, TEST_MEMSPACE>("u0", n, 28, [&](int i, double* r) {
    for (int c = 0; c < 28; ++c) r[c] = u00[c] + (c < 14 ? 0.01 * std::sin(1.7 * i + c) : 0.0);
    if (i == 5) r[9] = NAN;
  });
  auto p         = make_rows<double, TEST_MEMSPACE>("p", n, 0, [](int, double*) {});
  return kode::EnsembleProblem(Pleiades8{}, u0, p, {0.0, 0.8});
}

}  // namespace

TEST(TEST_CATEGORY, lane_group_pleiades_equals_one_thread) {
  TEST_EXECSPACE exec;
  const auto prob = pleiades_ensemble(22);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-8;
  opts.saveat               = kode::times(exec, {0.0, 0.1234, 0.5, 0.8});
  opts.tstops               = kode::times(exec, {0.3});
  {
    SCOPED_TRACE("Tsit5 adaptive");
    expect_group_equals_one_thread<kode::Tsit5, kode::Variants::adaptive_saveat>(prob, opts, 8);
  }
  // (Vern9 on Pleiades is checked on the host, tstLaneGroup.cpp: its one-thread CUDA kernels spill
  // up to 11 KB and took ptxas over 10 minutes in this file.)
#ifndef KODE_TEST_SANITIZED_SUBSET  // (.ci/run's sanitizer job: Tsit5 only; every tableau runs one stepper)
  opts.adaptive = false;
  opts.dt       = 0.002;
  {
    SCOPED_TRACE("RK4 fixed");
    expect_group_equals_one_thread<kode::RK4, kode::Variants::fixed_saveat>(prob, opts, 8);
  }
#endif
}

/// Pleiades by rows (each lane its own components), 8 lanes.
struct PleiadesRows8 : PleiadesRows {
  static constexpr int lanes = 8;
};

TEST(TEST_CATEGORY, lane_group_by_rows_equals_one_thread) {
  TEST_EXECSPACE exec;
  const auto pl   = pleiades_ensemble(22);
  const auto prob = kode::EnsembleProblem(PleiadesRows8{}, pl.u0, pl.p, pl.tspan);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-8;
  opts.saveat               = kode::times(exec, {0.0, 0.1234, 0.5, 0.8});
  expect_group_equals_one_thread<kode::Tsit5, kode::Variants::adaptive_saveat>(prob, opts, 8);
}

TEST(TEST_CATEGORY, lane_group_events_and_callbacks_equal_one_thread) {
  TEST_EXECSPACE exec;
  const int n     = 19;
  auto u0         = make_rows<double, TEST_MEMSPACE>("u0", n, 10, [](int i, double* r) {
    const auto u = chain_initial();
    for (int c = 0; c < 10; ++c) r[c] = u[c] * (1.0 + 0.02 * i);
  });
  auto p          = make_rows<double, TEST_MEMSPACE>("p", n, 1, [](int i, double* r) { r[0] = 1.5 + 0.1 * i; });
  const auto prob = kode::EnsembleProblem(Chain4{}, u0, p, {0.0, 6.0});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-9;
  opts.saveat               = kode::linspace(exec, 0.0, 6.0, 13);
  {
    SCOPED_TRACE("Tsit5 adaptive");
    expect_group_equals_one_thread<kode::Tsit5, kode::Variants::adaptive_saveat>(prob, opts, 4, chain_callbacks());
  }
#ifndef KODE_TEST_SANITIZED_SUBSET
  {
    SCOPED_TRACE("DP5 adaptive, no interior saves");
    expect_group_equals_one_thread<kode::DP5, kode::Variants::adaptive>(
        prob, kode::SolverOptions<double, TEST_MEMSPACE>{}, 4, chain_callbacks());
  }
  opts.adaptive = false;
  opts.dt       = 0.01;
  {
    SCOPED_TRACE("Vern7 fixed");
    expect_group_equals_one_thread<kode::Vern7, kode::Variants::fixed_saveat>(prob, opts, 4, chain_callbacks());
  }
#endif
}

/// HIRES (8 unknowns, stiff) on 8 lanes (one row of J and W per lane), and by rows on 4 (two).
struct Hires8 : Hires {
  static constexpr int lanes = 8;
};
struct HiresRows4 : HiresRows {
  static constexpr int lanes = 4;
};

TEST(TEST_CATEGORY, lane_group_stiff_equals_one_thread) {
  // The stiff steppers on a group: the Jacobian's rows and W's LU spread over the lanes
  // (GroupLinearization), every answer the one-thread kernel's. 13 trajectories whose fast rate
  // differs (the trajectory's parameter scales the initial state), one that starts at NaN.
  TEST_EXECSPACE exec;
  const int n   = 13;
  const auto y0 = Hires::initial();
  auto u0       = make_rows<double, TEST_MEMSPACE>("u0", n, 8, [&](int i, double* r) {
    for (int c = 0; c < 8; ++c) r[c] = y0[c] * (1.0 + 0.05 * i);
    if (i == 4) r[3] = NAN;
  });
  auto p        = make_rows<double, TEST_MEMSPACE>("p", n, 0, [](int, double*) {});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.reltol = 1e-6;
  opts.abstol = 1e-10;
  opts.saveat = kode::times(exec, {0.0, 0.37, 2.0, 5.0});
  {
    SCOPED_TRACE("Rodas5P adaptive, 8 lanes");
    expect_group_equals_one_thread<kode::Rodas5P, kode::Variants::adaptive_saveat>(
        kode::EnsembleProblem(Hires8{}, u0, p, {0.0, 5.0}), opts, 8);
  }
  {
    SCOPED_TRACE("Kvaerno5 adaptive, by rows, 4 lanes");
    expect_group_equals_one_thread<kode::Kvaerno5, kode::Variants::adaptive_saveat>(
        kode::EnsembleProblem(HiresRows4{}, u0, p, {0.0, 5.0}), opts, 4);
  }
#ifndef KODE_TEST_SANITIZED_SUBSET
  {
    SCOPED_TRACE("Rodas5P with partial pivoting, by rows, 4 lanes");
    expect_group_equals_one_thread<kode::Rodas5P::with<kode::AutoJacobian, kode::PartialPivoting>,
                                   kode::Variants::adaptive_saveat>(
        kode::EnsembleProblem(HiresRows4{}, u0, p, {0.0, 5.0}), opts, 4);
  }
  opts.adaptive = false;
  opts.dt       = 0.05;
  {
    SCOPED_TRACE("Rosenbrock23 fixed, 8 lanes");
    expect_group_equals_one_thread<kode::Rosenbrock23, kode::Variants::fixed_saveat>(
        kode::EnsembleProblem(Hires8{}, u0, p, {0.0, 5.0}), opts, 8);
  }
#endif
}

TEST(TEST_CATEGORY, lane_group_count_is_checked) {
  TEST_EXECSPACE exec;
  const auto prob = pleiades_ensemble(3);
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  kode::EnsembleKernel ens;
  ens.lanes = 4;  // Pleiades8 with Tsit5 is compiled for 8 (and 1)
  expect_invalid([&] { kode::solve(exec, prob, kode::Tsit5{}, ens, opts); }, "kode::solve",
                 "EnsembleKernel::lanes = 4: this system and method are compiled for 0 (automatic), 1 (one thread per "
                 "trajectory) or 8 lanes");
  for (const int ok : {0, 1, 8}) {
    ens.lanes = ok;
    EXPECT_NO_THROW(kode::solve(exec, prob, kode::Tsit5{}, ens, opts));
  }
  // a system that declares no lanes is compiled for one thread only
  ens.lanes = 8;
  expect_invalid([&] { kode::solve(exec, lorenz_sweep<double, TEST_MEMSPACE>(4), kode::Tsit5{}, ens, opts); },
                 "kode::solve",
                 "compiled for 0 (automatic), 1 (one thread per trajectory) (a lane group needs `static constexpr int "
                 "lanes = L;` in the System)");
}
