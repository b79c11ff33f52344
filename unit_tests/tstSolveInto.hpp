/// \file tstSolveInto.hpp
/// \brief `kode::solve` into a caller-owned solution (`kode::allocate_solution`): the same answers,
/// bit for bit, as the form that returns a new solution; reuse across solves; no allocation per
/// call; a clear message for a solution of the wrong shape.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"
#include "Test_Utils.hpp"

#include <cstdint>
#include <string>

namespace {

template <class Alg>
struct TEST_CATEGORY_FIXTURE(solve_into) : ::testing::Test {};
using SolveIntoMethods = ::testing::Types<kode::Tsit5, kode::Vern9, kode::Rodas5P, kode::Kvaerno5>;
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(solve_into), SolveIntoMethods);

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(solve_into), equals_the_returned_solution_and_is_reusable) {
  using namespace kode_test;
  using Alg = TypeParam;
  using T   = double;
  TEST_EXECSPACE exec;
  auto prob = lorenz_sweep<T, TEST_MEMSPACE>(48);
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = T(1e-7);
  opts.saveat               = kode::linspace(exec, T(0), T(1), 5);
  opts.tstops               = kode::times(exec, {T(0.25), T(0.5)});
  opts.max_event_records    = 3;
  const kode::CallbackSet events{kode::ContinuousCallback{kode_test::XCrossing{}, kode_test::RecordOnly{}}};
  auto sol = kode::allocate_solution(exec, prob, opts, events);
  // Two different solves into the same solution: each equals a fresh solve of its own options.
  kode::solve<kode::Variants::adaptive_saveat>(exec, prob, Alg{}, kode::EnsembleKernel{}, opts, sol, events);
  expect_same_solution(to_host(sol), to_host(kode::solve<kode::Variants::adaptive_saveat>(
                                         exec, prob, Alg{}, kode::EnsembleKernel{}, opts, events)));
  opts.abstol = opts.reltol = T(1e-5);
  kode::solve<kode::Variants::adaptive_saveat>(exec, prob, Alg{}, kode::EnsembleKernel{}, opts, sol, events);
  expect_same_solution(to_host(sol), to_host(kode::solve<kode::Variants::adaptive_saveat>(
                                         exec, prob, Alg{}, kode::EnsembleKernel{}, opts, events)));
  // Without callbacks, into a solution allocated without event records.
  auto plain = kode::allocate_solution(exec, prob, opts);
  EXPECT_EQ(plain.event_count.extent(0), 0u);
  kode::solve<kode::Variants::adaptive_saveat>(exec, prob, Alg{}, kode::EnsembleKernel{}, opts, plain);
  expect_same_solution(to_host(plain), to_host(kode::solve<kode::Variants::adaptive_saveat>(
                                           exec, prob, Alg{}, kode::EnsembleKernel{}, opts)));
}

// Kokkos Tools' allocation hook, counting every allocation (in any memory space) while installed,
// but Kokkos's own team-scratch pools (`is_kokkos_scratch_pool`: on CUDA every TeamPolicy launch
// records one, of 0 bytes for kode's kernel; not kode's allocation).
std::int64_t g_allocations = 0;
void count_allocation(const Kokkos::Profiling::SpaceHandle, const char* label, const void*, const std::uint64_t) {
  if (!kode_test::is_kokkos_scratch_pool(label)) ++g_allocations;
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(solve_into), allocates_nothing_per_call) {
  using namespace kode_test;
  using T = float;
  TEST_EXECSPACE exec;
  auto prob = lorenz_sweep<T, TEST_MEMSPACE>(32);
  kode::SolverOptions<T, TEST_MEMSPACE> opts;  // t0 and tf saved, no tstops: nothing to validate on the host
  auto sol = kode::allocate_solution(exec, prob, opts);
  kode::solve<kode::Variants::adaptive>(exec, prob, TypeParam{}, kode::EnsembleKernel{}, opts,
                                        sol);  // first call: any lazy set-up
  exec.fence();
  g_allocations = 0;
  Kokkos::Tools::Experimental::set_allocate_data_callback(count_allocation);
  for (int k = 0; k < 3; ++k)
    kode::solve<kode::Variants::adaptive>(exec, prob, TypeParam{}, kode::EnsembleKernel{}, opts, sol);
  exec.fence();
  Kokkos::Tools::Experimental::set_allocate_data_callback(nullptr);
  EXPECT_EQ(g_allocations, 0);
  // the check can fail: the form that returns a solution allocates its six Views per call
  g_allocations = 0;
  Kokkos::Tools::Experimental::set_allocate_data_callback(count_allocation);
  { auto fresh = kode::solve<kode::Variants::adaptive>(exec, prob, TypeParam{}, kode::EnsembleKernel{}, opts); }
  exec.fence();
  Kokkos::Tools::Experimental::set_allocate_data_callback(nullptr);
  EXPECT_EQ(g_allocations, 6);
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(solve_into), a_solution_of_the_wrong_shape_is_refused) {
  using namespace kode_test;
  using T = double;
  TEST_EXECSPACE exec;
  auto prob = lorenz_sweep<T, TEST_MEMSPACE>(8);
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  auto two_saves = kode::allocate_solution(exec, prob, opts);
  opts.saveat    = kode::linspace(exec, T(0), T(1), 4);
  expect_invalid(
      [&] {
        kode::solve<kode::Variants::adaptive_saveat>(exec, prob, TypeParam{}, kode::EnsembleKernel{}, opts, two_saves);
      },
      "kode::solve:",
      "the solution's t does not match the problem and options: t.extent(0) (the number of "
      "saves) must be 4, got 2");
  auto other = lorenz_sweep<T, TEST_MEMSPACE>(9);
  auto nine  = kode::allocate_solution(exec, other, opts);
  expect_invalid(
      [&] {
        kode::solve<kode::Variants::adaptive_saveat>(exec, prob, TypeParam{}, kode::EnsembleKernel{}, opts, nine);
      },
      "kode::solve:", "u.extent(0) (the number of trajectories) must be 8, got 9");
  // callbacks need the event records
  opts.max_event_records = 2;
  auto no_events         = kode::allocate_solution(exec, prob, opts);
  expect_invalid(
      [&] {
        kode::solve<kode::Variants::adaptive_saveat>(
            exec, prob, TypeParam{}, kode::EnsembleKernel{}, opts, no_events,
            kode::CallbackSet{kode::ContinuousCallback{kode_test::XCrossing{}, kode_test::RecordOnly{}}});
      },
      "kode::solve:", "event_count.extent(0) must be 8, got 0");
}

}  // namespace
