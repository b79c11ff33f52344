/// \file PerfTest_Medium.cpp
/// \brief Medium-sized systems in the kernel mode (issue 19): where one thread per trajectory
/// with the state in registers stops holding on GPUs. Two problems from Hairer, Nørsett & Wanner:
/// - HIRES (Solving ODEs II, IV.10; 8 species, stiff) with Rodas5P, unpivoted and pivoted LU, the
///   rate constant 280 of the fast reaction scaled per trajectory by a factor in [0.5, 1.5];
///   tspan (0, 321.8122), float64, reltol 1e-6, abstol 1e-10;
/// - Pleiades (Solving ODEs I, II.10; 7 bodies in the plane, 28 unknowns, non-stiff) with Tsit5
///   and Vern9, the initial positions shifted per trajectory by up to ±0.01; tspan (0, 3), float64,
///   reltol = abstol = 1e-8.
/// The CUDA compile of this file is the register/local-memory audit of docs/performance.md
/// (`-Xptxas -v`); on the host it is a timing of the same solves. Counters: steps per trajectory
/// and failed trajectories (must be 0). Also (`lane_queue/`): host SIMD lanes against one
/// trajectory per thread on a float32 Pleiades ensemble with failures (issue 32).
#include <Kode.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>

namespace {

/// HIRES with the fast reaction's rate constant as the one parameter (280 in the book).
struct HiresK {
  static constexpr int dim = 8, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 8>& dy, const kode::Vec<T, 8>& y, const kode::Vec<T, 1>& p, T) const {
    const T r = p[0] * y[5] * y[7];
    dy[0]     = T(-1.71) * y[0] + T(0.43) * y[1] + T(8.32) * y[2] + T(0.0007);
    dy[1]     = T(1.71) * y[0] - T(8.75) * y[1];
    dy[2]     = T(-10.03) * y[2] + T(0.43) * y[3] + T(0.035) * y[4];
    dy[3]     = T(8.32) * y[1] + T(1.71) * y[2] - T(1.12) * y[3];
    dy[4]     = T(-1.745) * y[4] + T(0.43) * y[5] + T(0.43) * y[6];
    dy[5]     = -r + T(0.69) * y[3] + T(1.71) * y[4] - T(0.43) * y[5] + T(0.69) * y[6];
    dy[6]     = r - T(1.81) * y[6];
    dy[7]     = -r + T(1.81) * y[6];
  }
};

/// HIRES with lane groups of 8 on GPUs (one row of J and W per lane; `lanes` = 0 in the
/// benchmarks, 1 runs one thread per trajectory).
struct HiresKLanes : HiresK {
  static constexpr int lanes = 8;
};

/// HIRES per component as well (`row`, templated: on a group each lane computes its own
/// components and differentiates its own rows of J), 8 lanes on GPUs; the call operator is the
/// rows in order.
struct HiresKRows {
  static constexpr int dim = 8, num_params = 1, lanes = 8;
  template <class T>
  KOKKOS_FUNCTION T row(const int c, const kode::Vec<T, 8>& y, const kode::Vec<T, 1>& p, T) const {
    switch (c) {
      case 0:
        return T(-1.71) * y[0] + T(0.43) * y[1] + T(8.32) * y[2] + T(0.0007);
      case 1:
        return T(1.71) * y[0] - T(8.75) * y[1];
      case 2:
        return T(-10.03) * y[2] + T(0.43) * y[3] + T(0.035) * y[4];
      case 3:
        return T(8.32) * y[1] + T(1.71) * y[2] - T(1.12) * y[3];
      case 4:
        return T(-1.745) * y[4] + T(0.43) * y[5] + T(0.43) * y[6];
      case 5:
        return -(p[0] * y[5] * y[7]) + T(0.69) * y[3] + T(1.71) * y[4] - T(0.43) * y[5] + T(0.69) * y[6];
      case 6:
        return p[0] * y[5] * y[7] - T(1.81) * y[6];
      default:
        return -(p[0] * y[5] * y[7]) + T(1.81) * y[6];
    }
  }
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 8>& dy, const kode::Vec<T, 8>& y, const kode::Vec<T, 1>& p, T t) const {
    for (int c = 0; c < 8; ++c) dy[c] = row(c, y, p, t);
  }
};

/// Pleiades: body i (mass i + 1) at (x_i, y_i); state (x_0..6, y_0..6, x'_0..6, y'_0..6).
struct Pleiades {
  static constexpr int dim = 28, num_params = 0;
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

/// Pleiades with its right-hand side per component as well (`row`: a lane group's lanes share the
/// right-hand side, each computing its own components; Kode_LaneGroup_Impl.hpp), 8 lanes on GPUs.
/// The rows compute each body's x and y accelerations apart (twice the pair distances of the call
/// operator above, which one thread per trajectory uses).
struct PleiadesRows {
  static constexpr int dim = 28, num_params = 0, lanes = 8;
  template <class T>
  KOKKOS_FUNCTION T row(const int c, const kode::Vec<T, 28>& u, const kode::Vec<T, 0>&, T) const {
    if (c < 14) return u[14 + c];
    const int i = (c - 14) % 7, axis = (c - 14) / 7;
    T a = T(0);
    for (int j = 0; j < 7; ++j) {
      if (j == i) continue;
      const T dx = u[j] - u[i], dy = u[7 + j] - u[7 + i];
      const T r2 = dx * dx + dy * dy;
      a += T(j + 1) / (r2 * kode::sqrt(r2)) * (axis == 0 ? dx : dy);
    }
    return a;
  }
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 28>& du, const kode::Vec<T, 28>& u, const kode::Vec<T, 0>& p,
                                  T t) const {
    for (int c = 0; c < 28; ++c) du[c] = row(c, u, p, t);
  }
};

/// Pleiades with lane groups of 8 on GPUs (`lanes` = 0 in the benchmarks; 1 runs one thread per
/// trajectory): kode never picks a group by itself (docs/performance.md).
struct PleiadesLanes : Pleiades {
  static constexpr int lanes = 8;
};

template <class RcView>
struct CountFailed {
  RcView rc;
  KOKKOS_FUNCTION void operator()(const int i, int& n) const { n += rc(i) != kode::ReturnCode::Success; }
};

template <class StatsView>
struct SumSteps {
  StatsView stats;
  KOKKOS_FUNCTION void operator()(const int i, std::int64_t& n) const { n += stats(i).naccept + stats(i).nreject; }
};

double uniform(std::uint64_t& s) {
  s = s * 6364136223846793005ULL + 1442695040888963407ULL;
  return double(s >> 11) / double(1ULL << 53);
}

template <class Exec, class Prob, class Alg>
void run(benchmark::State& state, const Exec& exec, const Prob& prob, const Alg& alg,
         const kode::SolverOptions<double>& opts, int n, const int lanes = 0) {
  kode::EnsembleKernel ens;
  ens.lanes          = lanes;
  std::int64_t steps = 0;
  int failed         = 0;
  for (auto _ : state) {
    exec.fence();
    Kokkos::Timer timer;
    auto sol = kode::solve<kode::Variants::adaptive>(exec, prob, alg, ens, opts);  // t0/tf, adaptive: see the callers
    exec.fence();
    state.SetIterationTime(timer.seconds());
    state.PauseTiming();
    steps = 0;
    Kokkos::parallel_reduce("bench::steps", Kokkos::RangePolicy<Exec>(exec, 0, n),
                            SumSteps<decltype(sol.stats)>{sol.stats}, steps);
    Kokkos::parallel_reduce("bench::failed", Kokkos::RangePolicy<Exec>(exec, 0, n),
                            CountFailed<decltype(sol.retcode)>{sol.retcode}, failed);
    state.ResumeTiming();
  }
  state.counters["traj/s"]     = benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps/traj"] = double(steps) / n;
  state.counters["failed"]     = failed;
}

template <class Alg, class System = HiresKLanes>
void BM_hires(benchmark::State& state) {
  using Exec = Kokkos::DefaultExecutionSpace;
  Exec exec;
  const int n = int(state.range(0));
  Kokkos::View<double**> u0("u0", n, 8), p("p", n, 1);
  auto u0h        = Kokkos::create_mirror_view(u0);
  auto ph         = Kokkos::create_mirror_view(p);
  std::uint64_t s = 7;
  for (int i = 0; i < n; ++i) {
    for (int c = 0; c < 8; ++c) u0h(i, c) = 0;
    u0h(i, 0) = 1, u0h(i, 7) = 0.0057;
    ph(i, 0) = 280 * (0.5 + uniform(s));
  }
  Kokkos::deep_copy(u0, u0h);
  Kokkos::deep_copy(p, ph);
  kode::EnsembleProblem prob(System{}, u0, p, {0.0, 321.8122});
  kode::SolverOptions<double> opts;
  opts.reltol = 1e-6;
  opts.abstol = 1e-10;
  run(state, exec, prob, Alg{}, opts, n, int(state.range(1)));
}

template <class Alg, class System = PleiadesLanes>
void BM_pleiades(benchmark::State& state) {
  using Exec = Kokkos::DefaultExecutionSpace;
  Exec exec;
  const int n = int(state.range(0));
  Kokkos::View<double**> u0("u0", n, 28), p("p", n, 0);
  auto u0h           = Kokkos::create_mirror_view(u0);
  const double x[7]  = {3, 3, -1, -3, 2, -2, 2};
  const double y[7]  = {3, -3, 2, 0, 0, -4, 4};
  const double vx[7] = {0, 0, 0, 0, 0, 1.75, -1.5};
  const double vy[7] = {0, 0, 0, -1.25, 1, 0, 0};
  std::uint64_t s    = 11;
  for (int i = 0; i < n; ++i)
    for (int b = 0; b < 7; ++b) {
      u0h(i, b)      = x[b] + 0.02 * (uniform(s) - 0.5);
      u0h(i, 7 + b)  = y[b] + 0.02 * (uniform(s) - 0.5);
      u0h(i, 14 + b) = vx[b];
      u0h(i, 21 + b) = vy[b];
    }
  Kokkos::deep_copy(u0, u0h);
  kode::EnsembleProblem prob(System{}, u0, p, {0.0, 3.0});
  kode::SolverOptions<double> opts;
  opts.reltol = 1e-8;
  opts.abstol = 1e-8;
  run(state, exec, prob, Alg{}, opts, n, int(state.range(1)));
}

// Lane groups of 8 (GPUs; Kode_LaneGroup.hpp) and one thread per trajectory (lanes = 1); both
// kernels are compiled for a System that declares its lanes, so the two cost one compile. 2^18
// fills a GPU (132 SMs x 2048 threads on the H200); the CPU runs filter it out.
void lane_sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"N", "lanes"})->UseManualTime()->Unit(benchmark::kMillisecond);
  for (const int lanes : {0, 1})
    for (const int e : {8, 12, 16, 18}) b->Args({1 << e, lanes});
}
BENCHMARK(BM_hires<kode::Rodas5P>)->Name("medium/hires/rodas5p")->Apply(lane_sizes);
BENCHMARK(BM_hires<kode::Rodas5P::with<kode::AutoJacobian, kode::PartialPivoting>>)
    ->Name("medium/hires/rodas5p_pivoting")
    ->Apply(lane_sizes);
BENCHMARK(BM_hires<kode::Rodas5P, HiresKRows>)->Name("medium/hires_rows/rodas5p")->Apply(lane_sizes);
BENCHMARK(BM_pleiades<kode::Tsit5>)->Name("medium/pleiades/tsit5")->Apply(lane_sizes);
BENCHMARK(BM_pleiades<kode::Vern9>)->Name("medium/pleiades/vern9")->Apply(lane_sizes);
BENCHMARK(BM_pleiades<kode::Tsit5, PleiadesRows>)->Name("medium/pleiades_rows/tsit5")->Apply(lane_sizes);

/// Pleiades declared vectorizable: host backends run it in SIMD lanes (`EnsembleKernel::simd`).
struct PleiadesSimd : Pleiades {
  static constexpr bool vectorizable = true;
};

// The SIMD lanes of host backends against one trajectory per thread on an ensemble where a few
// trajectories run far longer than the rest (issue 32): Pleiades, Vern9, float32, abstol = reltol
// = 1e-5, tspan (0, 3), the initial positions of trajectory i > 0 shifted by up to ±spread
// (std::mt19937, seed 42). Spread 0.1 puts some bodies on near-collisions: of 1,003 trajectories
// 18 end MaxIters (100,000 attempts) and 1 DtLessThanMin; spread 0.01, none. A lane whose
// trajectory is done takes the next one (Kode_Lanes_Impl.hpp), so the failures hold no finished
// lanes. Counters: failed trajectories, steps per trajectory.
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
