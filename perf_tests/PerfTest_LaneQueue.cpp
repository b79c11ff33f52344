/// \file PerfTest_LaneQueue.cpp
/// \brief The SIMD lanes of host backends (`EnsembleKernel::simd`) against one trajectory per
/// thread on an ensemble where a few trajectories run far longer than the rest (issue 32): Pleiades
/// (Hairer, Nørsett & Wanner, Solving ODEs I, II.10; 28 unknowns, declared vectorizable), Vern9,
/// float32, abstol = reltol = 1e-5, tspan (0, 3), the initial positions of trajectory i > 0 shifted
/// by up to ±spread (std::mt19937, seed 42). Spread 0.1 puts some bodies on near-collisions: of
/// 1,003 trajectories 18 end MaxIters (100,000 attempts) and 1 DtLessThanMin; spread 0.01, none.
/// A lane whose trajectory is done takes the next one (Kode_Lanes_Impl.hpp), so the failures hold
/// no finished lanes. Counters: failed trajectories, steps per trajectory.
#include <Kode.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>

namespace {

struct PleiadesSimd {
  static constexpr int dim = 28, num_params = 0;
  static constexpr bool vectorizable = true;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 28>& du, const kode::Vec<T, 28>& u, const kode::Vec<T, 0>&, T) const {
    for (int i = 0; i < 14; ++i) du[i] = u[14 + i];
    for (int i = 0; i < 7; ++i) {
      T ax = T(0), ay = T(0);
      for (int j = 0; j < 7; ++j) {
        if (j == i) continue;
        const T dx = u[j] - u[i], dy = u[7 + j] - u[7 + i];
        const T r2 = dx * dx + dy * dy;
        const T w  = T(j + 1) / (r2 * kode::sqrt(r2));
        ax += w * dx;
        ay += w * dy;
      }
      du[14 + i] = ax;
      du[21 + i] = ay;
    }
  }
};

// state.range: N, the spread in thousandths, simd (1) or one trajectory at a time (0).
void BM_lane_queue(benchmark::State& state) {
  using Exec = Kokkos::DefaultExecutionSpace;
  using T    = float;
  Exec exec;
  const int n         = int(state.range(0));
  const double spread = 1e-3 * double(state.range(1));
  const double x[7] = {3, 3, -1, -3, 2, -2, 2}, y[7] = {3, -3, 2, 0, 0, -4, 4};
  const double vx[7] = {0, 0, 0, 0, 0, 1.75, -1.5}, vy[7] = {0, 0, 0, -1.25, 1, 0, 0};
  Kokkos::View<T**> u0("bench::u0", n, 28), p("bench::p", n, 0);
  auto h = Kokkos::create_mirror_view(u0);
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> shift(-1, 1);
  for (int i = 0; i < n; ++i)
    for (int b = 0; b < 7; ++b) {
      h(i, b)      = T(x[b] + (i ? spread * shift(rng) : 0));
      h(i, 7 + b)  = T(y[b] + (i ? spread * shift(rng) : 0));
      h(i, 14 + b) = T(vx[b]);
      h(i, 21 + b) = T(vy[b]);
    }
  Kokkos::deep_copy(u0, h);
  kode::EnsembleProblem prob(PleiadesSimd{}, u0, p, {T(0), T(3)});
  kode::SolverOptions<T> opts;
  opts.abstol = opts.reltol = T(1e-5);
  kode::EnsembleKernel ens;
  ens.simd           = state.range(2) != 0;
  int failed         = 0;
  std::int64_t steps = 0;
  for (auto _ : state) {
    exec.fence();
    Kokkos::Timer timer;
    auto sol = kode::solve<kode::Variants::adaptive>(exec, prob, kode::Vern9{}, ens, opts);
    exec.fence();
    state.SetIterationTime(timer.seconds());
    state.PauseTiming();
    auto rc = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.retcode);
    auto st = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.stats);
    failed = 0, steps = 0;
    for (int i = 0; i < n; ++i) failed += rc(i) != kode::ReturnCode::Success, steps += st(i).naccept + st(i).nreject;
    state.ResumeTiming();
  }
  state.counters["failed"]     = failed;
  state.counters["steps/traj"] = double(steps) / n;
}
BENCHMARK(BM_lane_queue)
    ->Name("lane_queue/pleiades/vern9_float")
    ->ArgNames({"N", "spread_permille", "simd"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Args({1003, 100, 1})
    ->Args({1003, 100, 0})
    ->Args({1003, 10, 1})
    ->Args({1003, 10, 0})
    ->Args({64, 10, 1})
    ->Args({64, 10, 0});

}  // namespace
