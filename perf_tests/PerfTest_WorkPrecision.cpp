/// \file PerfTest_WorkPrecision.cpp
/// \brief Work-precision of every explicit method on a Lorenz ensemble: time against error.
///
/// N = 2^16 trajectories of Lorenz (σ = 10, β = 8/3, u0 = (1, 0, 0), tspan (0, 1)) with
/// ρ_i = 21 (i mod 16)/15, so that every trajectory's final state has a float64 reference (the
/// 16-member ρ-sweep, SciPy DOP853 at rtol 1e-13, copied below). Float64; adaptive methods at
/// abstol = reltol = 10^-k for k = 4 … 12, RK4 at fixed dt = 1e-2 … 1e-4. Counters: `error` (the
/// largest relative error of a final state, max_c |u_c − ref_c| / max_c |ref_c|), `steps/traj`,
/// `traj/s`. perf_tests/work_precision.py draws the diagram from the JSON output.
#include <Kode.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>

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

// Final states of the ρ-sweep, ρ_k = 21 k / 15 (float64 reference, ../shared/reference).
constexpr double reference_table[16][3] = {{4.539992976249696e-05, 0.0, 0.0},
                                           {0.1634782481991022, 0.1691155781212286, 0.008343525775829672},
                                           {0.7312956779326708, 0.8321464914526671, 0.1115904598150495},
                                           {2.1458133942787074, 2.571156483658856, 0.8047910333834465},
                                           {4.526896692036608, 5.214547023459806, 3.5252323208191565},
                                           {6.229895258993422, 5.82391140569567, 8.348593700213394},
                                           {5.488255906047468, 3.6255731805965947, 11.205697120727187},
                                           {3.6560840637236525, 1.7941766909617811, 11.390201021502792},
                                           {2.142264829326477, 0.9370517114372795, 10.771459304032408},
                                           {1.085823689527026, 0.4282527444961347, 10.141788491289747},
                                           {0.2399842044104715, -0.1535833647806054, 9.67985038724454},
                                           {-0.6296310829418426, -1.0463284957592567, 9.46037584890377},
                                           {-1.692380046374748, -2.4114352961220415, 9.607754960246416},
                                           {-3.046676377064283, -4.31699621182923, 10.34593999358095},
                                           {-4.685758169683815, -6.626285026128516, 11.96658168906353},
                                           {-6.450579147318591, -8.895211478667754, 14.649145866604131}};

struct FillSweep {
  Kokkos::View<double**> u0, p;
  KOKKOS_FUNCTION void operator()(const int i) const {
    u0(i, 0) = 1, u0(i, 1) = 0, u0(i, 2) = 0;
    p(i, 0) = 10, p(i, 1) = 21.0 * (i % 16) / 15.0, p(i, 2) = 8.0 / 3.0;
  }
};

// Largest relative error of the final states against the reference (a device copy of the table).
template <class UView>
struct MaxError {
  UView u;
  Kokkos::View<const double* [3]> reference;
  KOKKOS_FUNCTION void operator()(const int i, double& acc) const {
    double num = 0, den = 0;
    for (int c = 0; c < 3; ++c) {
      num = kode::fmax(num, kode::fabs(u(i, c) - reference(i % 16, c)));
      den = kode::fmax(den, kode::fabs(reference(i % 16, c)));
    }
    acc = kode::fmax(acc, num / den);
  }
  KOKKOS_FUNCTION void join(double& a, const double& b) const { a = kode::fmax(a, b); }
  KOKKOS_FUNCTION void init(double& a) const { a = 0; }
};

template <class StatsView>
struct SumSteps {
  StatsView stats;
  KOKKOS_FUNCTION void operator()(const int i, std::int64_t& acc) const { acc += stats(i).naccept + stats(i).nreject; }
};

// range(0) = k: tolerance 10^-k (adaptive) or dt = 10^(-k/2) (fixed step, RK4).
template <class Alg>
void BM_work_precision(benchmark::State& state) {
  using Exec = Kokkos::DefaultExecutionSpace;
  Exec exec;
  const int n = 1 << 16;
  Kokkos::View<double**> u0("u0", n, 3), p("p", n, 3);
  Kokkos::parallel_for("bench::fill", Kokkos::RangePolicy<Exec>(exec, 0, n), FillSweep{u0, p});
  kode::EnsembleProblem prob(Lorenz{}, u0, p, {0.0, 1.0});
  Kokkos::View<double* [3]> ref("reference", 16);
  auto href = Kokkos::create_mirror_view(ref);
  for (int r = 0; r < 16; ++r)
    for (int c = 0; c < 3; ++c) href(r, c) = reference_table[r][c];
  Kokkos::deep_copy(ref, href);
  kode::SolverOptions<double> opts;
  const double k = double(state.range(0));
  if (Alg::has_error_est) {
    opts.abstol = opts.reltol = std::pow(10.0, -k);
  } else {
    opts.adaptive = false;
    opts.dt       = std::pow(10.0, -k / 2);
  }
  double error       = 0;
  std::int64_t steps = 0;
  for (auto _ : state) {
    exec.fence();
    Kokkos::Timer timer;
    auto sol =
        kode::solve<kode::variant_of(Alg::has_error_est, false)>(exec, prob, Alg{}, kode::EnsembleKernel{}, opts);
    exec.fence();
    state.SetIterationTime(timer.seconds());
    state.PauseTiming();
    MaxError<decltype(sol.u_final)> me{sol.u_final, ref};
    Kokkos::parallel_reduce("bench::error", Kokkos::RangePolicy<Exec>(exec, 0, n), me, error);
    Kokkos::parallel_reduce("bench::steps", Kokkos::RangePolicy<Exec>(exec, 0, n),
                            SumSteps<decltype(sol.stats)>{sol.stats}, steps);
    state.ResumeTiming();
  }
  state.counters["error"]      = error;
  state.counters["tolerance"]  = Alg::has_error_est ? opts.reltol : 0.0;
  state.counters["dt"]         = Alg::has_error_est ? 0.0 : opts.dt;
  state.counters["steps/traj"] = double(steps) / n;
  state.counters["traj/s"]     = benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate);
}

void tolerances(benchmark::internal::Benchmark* b) {
  b->ArgName("k")->UseManualTime()->Unit(benchmark::kMillisecond);
  for (int k = 4; k <= 12; ++k) b->Arg(k);
}
void fixed_steps(benchmark::internal::Benchmark* b) {
  b->ArgName("k")->UseManualTime()->Unit(benchmark::kMillisecond);
  for (int k = 4; k <= 8; ++k) b->Arg(k);  // dt = 1e-2 … 1e-4
}

BENCHMARK(BM_work_precision<kode::Tsit5>)->Name("workprecision/Tsit5")->Apply(tolerances);
BENCHMARK(BM_work_precision<kode::DP5>)->Name("workprecision/DP5")->Apply(tolerances);
BENCHMARK(BM_work_precision<kode::Vern7>)->Name("workprecision/Vern7")->Apply(tolerances);
BENCHMARK(BM_work_precision<kode::Vern9>)->Name("workprecision/Vern9")->Apply(tolerances);
BENCHMARK(BM_work_precision<kode::RK4>)->Name("workprecision/RK4")->Apply(fixed_steps);

}  // namespace
