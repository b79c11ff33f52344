/// \file PerfTest_Lorenz.cpp
/// \brief The DiffEqGPU.jl paper's benchmark through kode's public API: Lorenz ensemble,
/// σ = 10, β = 8/3, ρ_i = 21 i/(N − 1), u0 = (1, 0, 0), tspan (0, 1), final state only;
/// Tsit5 with fixed dt = 0.001 (1000 steps) and adaptive at abstol = reltol = 1e-8 with
/// dt0 = 0.001 (as in ../shared/BENCHMARKS.md). Problem data is on the device before the clock
/// starts; outputs are allocated inside the timed call (as kode::solve does), except in the
/// `lorenz_into/...` benchmarks, which solve into a solution allocated once before the loop
/// (`kode::allocate_solution`; what a loop of solves would do). The `lorenz_simd/...` benchmarks
/// solve the same system declared `vectorizable`: on host backends 8 trajectories per thread in
/// SIMD lanes (on GPUs nothing changes).
#include <Kode.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>

namespace {

struct Lorenz {
  static constexpr int dim = 3, num_params = 3;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>& du, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T) const {
    du[0] = p[0] * (u[1] - u[0]);
    du[1] = u[0] * (p[1] - u[2]) - u[1];
    du[2] = u[0] * u[1] - p[2] * u[2];
  }
};

// The same system, which may be evaluated for several trajectories at once (the lane path).
struct LorenzSimd : Lorenz {
  static constexpr bool vectorizable = true;
};

template <class T>
struct FillLorenz {
  Kokkos::View<T**> u0, p;
  int n;
  KOKKOS_FUNCTION void operator()(const int i) const {
    u0(i, 0) = T(1), u0(i, 1) = T(0), u0(i, 2) = T(0);
    p(i, 0) = T(10), p(i, 1) = n > 1 ? T(21) * T(i) / T(n - 1) : T(0), p(i, 2) = T(8) / T(3);
  }
};

template <class StatsView>
struct SumSteps {
  StatsView stats;
  KOKKOS_FUNCTION void operator()(const int i, std::int64_t& acc) const { acc += stats(i).naccept + stats(i).nreject; }
};

// Sum of all final states: the reference kernels in ../shared/peers print the same checksum.
template <class UView>
struct SumStates {
  UView u;
  KOKKOS_FUNCTION void operator()(const int i, double& acc) const { acc += double(u(i, 0)) + u(i, 1) + u(i, 2); }
};

// A continuous callback that never fires (z stays above −1000): what watching for events costs.
struct ZBelow {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 3>& u, const kode::Vec<T, 3>&, T) const {
    return u[2] + T(1000);
  }
};
struct Never {
  template <class T>
  KOKKOS_FUNCTION kode::EventAction operator()(kode::Vec<T, 3>&, kode::Vec<T, 3>&, T) const {
    return kode::EventAction::Terminate;
  }
};

// `SaveAtEnd`: saveat = {tf}, which runs the kernel compiled for interior saves (with the
// interpolant, never used) on t0/tf work: what that kernel costs over the one without it.
template <class Alg, class T, bool Adaptive, bool WithCallback = false, bool Into = false, class System = Lorenz,
          bool SaveAtEnd = false>
void BM_lorenz(benchmark::State& state) {
  using Exec = Kokkos::DefaultExecutionSpace;
  Exec exec;
  const int n = int(state.range(0));
  Kokkos::View<T**> u0("u0", n, 3), p("p", n, 3);
  Kokkos::parallel_for("bench::fill", Kokkos::RangePolicy<Exec>(exec, 0, n), FillLorenz<T>{u0, p, n});
  kode::EnsembleProblem prob(System{}, u0, p, {T(0), T(1)});
  kode::SolverOptions<T> opts;
  opts.adaptive = Adaptive;
  opts.dt       = T(0.001);
  opts.abstol = opts.reltol = T(1e-8);
  if (SaveAtEnd) {
    opts.saveat = Kokkos::View<T*>("saveat", 1);
    Kokkos::deep_copy(opts.saveat, T(1));
  }
  constexpr auto V = kode::variant_of(Adaptive, SaveAtEnd);  // the one kernel this benchmark runs
  kode::EnsembleKernel ens;
  if (const char* ts = std::getenv("KODE_BENCH_TEAM_SIZE")) ens.team_size = std::atoi(ts);  // tuning experiments
  std::int64_t steps = 0;
  double checksum    = 0;
  decltype(kode::allocate_solution(exec, prob, opts)) owned;  // the Into variant's solution, allocated once
  if constexpr (Into) owned = kode::allocate_solution(exec, prob, opts);
  for (auto _ : state) {
    exec.fence();
    Kokkos::Timer timer;
    auto sol = [&] {
      if constexpr (Into) {
        kode::solve<V>(exec, prob, Alg{}, ens, opts, owned);
        return owned;
      } else if constexpr (WithCallback) {
        return kode::solve<V>(exec, prob, Alg{}, ens, opts,
                              kode::CallbackSet{kode::ContinuousCallback{ZBelow{}, Never{}}});
      } else {
        return kode::solve<V>(exec, prob, Alg{}, ens, opts);
      }
    }();
    exec.fence();
    state.SetIterationTime(timer.seconds());
    state.PauseTiming();
    std::int64_t s = 0;
    Kokkos::parallel_reduce("bench::steps", Kokkos::RangePolicy<Exec>(exec, 0, n),
                            SumSteps<decltype(sol.stats)>{sol.stats}, s);
    steps = s;
    Kokkos::parallel_reduce("bench::checksum", Kokkos::RangePolicy<Exec>(exec, 0, n),
                            SumStates<decltype(sol.u_final)>{sol.u_final}, checksum);
    state.ResumeTiming();
  }
  state.counters["traj/s"]     = benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps/s"]    = benchmark::Counter(double(steps), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps/traj"] = double(steps) / n;
  state.counters["checksum"]   = checksum;
}

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("N")->UseManualTime()->Unit(benchmark::kMillisecond);
  // 2^8 ... 2^20 by factors of 4 (the scaling sweep), then the paper's largest sizes
  for (int e = 8; e <= 20; e += 2) b->Arg(1 << e);
  b->Arg(1 << 22)->Arg(1 << 23);
}

BENCHMARK(BM_lorenz<kode::Tsit5, float, false>)->Name("lorenz/tsit5/float/fixed")->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, float, true>)->Name("lorenz/tsit5/float/adaptive")->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, double, false>)->Name("lorenz/tsit5/double/fixed")->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, double, true>)->Name("lorenz/tsit5/double/adaptive")->Apply(sizes);
// The same four solving into a caller-owned solution: what the per-call allocation costs.
BENCHMARK(BM_lorenz<kode::Tsit5, float, false, false, true>)->Name("lorenz_into/tsit5/float/fixed")->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, float, true, false, true>)->Name("lorenz_into/tsit5/float/adaptive")->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, double, false, false, true>)->Name("lorenz_into/tsit5/double/fixed")->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, double, true, false, true>)->Name("lorenz_into/tsit5/double/adaptive")->Apply(sizes);

// The kernels with the interpolant on t0/tf work (see `SaveAtEnd`; nothing more is compiled).
BENCHMARK(BM_lorenz<kode::Tsit5, float, false, false, false, Lorenz, true>)
    ->Name("lorenz_dense/tsit5/float/fixed")
    ->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, float, true, false, false, Lorenz, true>)
    ->Name("lorenz_dense/tsit5/float/adaptive")
    ->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, double, false, false, false, Lorenz, true>)
    ->Name("lorenz_dense/tsit5/double/fixed")
    ->Apply(sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, double, true, false, false, Lorenz, true>)
    ->Name("lorenz_dense/tsit5/double/adaptive")
    ->Apply(sizes);

// Per-call cost: at N = 1 … 256 a solve is short, and what the returned form allocates per call
// (its six Views) shows against the same solve into a caller-owned solution. The same two
// instantiations as above, so nothing more is compiled.
void call_sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("N")->UseManualTime()->Unit(benchmark::kMicrosecond)->Arg(1)->Arg(16)->Arg(256);
}
BENCHMARK(BM_lorenz<kode::Tsit5, double, false>)->Name("lorenz_call/tsit5/double/fixed/returned")->Apply(call_sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, double, false, false, true>)
    ->Name("lorenz_call/tsit5/double/fixed/into")
    ->Apply(call_sizes);

// Every adaptive explicit method at the paper's adaptive setting (float, 1e-8), and RK4 fixed.
void method_sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("N")->UseManualTime()->Unit(benchmark::kMillisecond)->Arg(1 << 8)->Arg(1 << 16)->Arg(1 << 20);
}
BENCHMARK(BM_lorenz<kode::DP5, float, true>)->Name("lorenz/dp5/float/adaptive")->Apply(method_sizes);
BENCHMARK(BM_lorenz<kode::Vern7, float, true>)->Name("lorenz/vern7/float/adaptive")->Apply(method_sizes);
BENCHMARK(BM_lorenz<kode::Vern9, float, true>)->Name("lorenz/vern9/float/adaptive")->Apply(method_sizes);
BENCHMARK(BM_lorenz<kode::RK4, float, false>)->Name("lorenz/rk4/float/fixed")->Apply(method_sizes);

// The lane path (host backends): the Tsit5 sweep and the other methods, the system declared vectorizable.
template <class Alg, class T, bool Adaptive>
void BM_lorenz_simd(benchmark::State& state) {
  BM_lorenz<Alg, T, Adaptive, false, false, LorenzSimd>(state);
}
BENCHMARK(BM_lorenz_simd<kode::Tsit5, float, false>)->Name("lorenz_simd/tsit5/float/fixed")->Apply(sizes);
BENCHMARK(BM_lorenz_simd<kode::Tsit5, float, true>)->Name("lorenz_simd/tsit5/float/adaptive")->Apply(sizes);
BENCHMARK(BM_lorenz_simd<kode::Tsit5, double, false>)->Name("lorenz_simd/tsit5/double/fixed")->Apply(sizes);
BENCHMARK(BM_lorenz_simd<kode::Tsit5, double, true>)->Name("lorenz_simd/tsit5/double/adaptive")->Apply(sizes);
BENCHMARK(BM_lorenz_simd<kode::DP5, float, true>)->Name("lorenz_simd/dp5/float/adaptive")->Apply(method_sizes);
BENCHMARK(BM_lorenz_simd<kode::Vern9, float, true>)->Name("lorenz_simd/vern9/float/adaptive")->Apply(method_sizes);
BENCHMARK(BM_lorenz_simd<kode::RK4, float, false>)->Name("lorenz_simd/rk4/float/fixed")->Apply(method_sizes);

}  // namespace

// The same Tsit5 benchmark watching a never-firing continuous callback (3 interior samples per step).
void callback_sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("N")
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond)
      ->Arg(1 << 8)
      ->Arg(1 << 16)
      ->Arg(1 << 20)
      ->Arg(1 << 23);
}
BENCHMARK(BM_lorenz<kode::Tsit5, float, false, true>)->Name("lorenz_callback/tsit5/float/fixed")->Apply(callback_sizes);
BENCHMARK(BM_lorenz<kode::Tsit5, float, true, true>)
    ->Name("lorenz_callback/tsit5/float/adaptive")
    ->Apply(callback_sizes);
