/// \file PerfTest_Stiff.cpp
/// \brief The stiff benchmark of ../shared/peers/robertson_diffrax.py through kode's public API:
/// Robertson with k = (0.04, 3e7, 1e4) each scaled by a log-uniform factor in [0.5, 1.5] per
/// trajectory, y0 = (1, 0, 0), tspan (0, 4e5), float64, reltol 1e-6, abstol 1e-10, final state
/// only; every stiff method, N = 2^10 … 2^20. Counters: steps, Jacobians, LU factorizations per
/// trajectory. Plus the pivoting comparison (Rodas5P and Kvaerno5, with and without pivoting).
#include <Kode.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>

namespace {

struct Robertson {
  static constexpr int dim = 3, num_params = 3;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>& du, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T) const {
    du[0] = -p[0] * u[0] + p[2] * u[1] * u[2];
    du[1] = p[0] * u[0] - p[1] * u[1] * u[1] - p[2] * u[1] * u[2];
    du[2] = p[1] * u[1] * u[1];
  }
};

struct Work {
  std::int64_t steps = 0, jac = 0, lu = 0;
  KOKKOS_FUNCTION void operator+=(const Work& o) { steps += o.steps, jac += o.jac, lu += o.lu; }
};

template <class StatsView>
struct SumWork {
  using value_type = Work;
  StatsView stats;
  KOKKOS_FUNCTION void operator()(const int i, Work& w) const {
    w.steps += stats(i).naccept + stats(i).nreject;
    w.jac += stats(i).njac;
    w.lu += stats(i).nlu;
  }
  KOKKOS_FUNCTION void join(Work& a, const Work& b) const { a += b; }
  KOKKOS_FUNCTION void init(Work& a) const { a = Work(); }
};

template <class RcView>
struct CountFailed {
  RcView rc;
  KOKKOS_FUNCTION void operator()(const int i, int& n) const { n += rc(i) != kode::ReturnCode::Success; }
};

// `SaveAtEnd`: saveat = {tf}, which runs the kernel compiled for interior saves (the interpolant
// in it, no save ever inside a step) on the same work: what that kernel costs over the t0/tf one.
template <class Alg, bool SaveAtEnd = false>
void BM_robertson(benchmark::State& state) {
  using Exec = Kokkos::DefaultExecutionSpace;
  using T    = double;
  Exec exec;
  const int n = int(state.range(0));
  Kokkos::View<T**> u0("u0", n, 3), p("p", n, 3);
  auto ph                 = Kokkos::create_mirror_view(p);
  std::uint64_t s         = 42;
  const double nominal[3] = {0.04, 3e7, 1e4};
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c) {
      s              = s * 6364136223846793005ULL + 1442695040888963407ULL;
      const double r = double(s >> 11) / double(1ULL << 53);
      ph(i, c)       = nominal[c] * std::exp(std::log(0.5) + r * std::log(3.0));
    }
  Kokkos::deep_copy(p, ph);
  auto u0h = Kokkos::create_mirror_view(u0);
  for (int i = 0; i < n; ++i) u0h(i, 0) = 1, u0h(i, 1) = 0, u0h(i, 2) = 0;
  Kokkos::deep_copy(u0, u0h);
  kode::EnsembleProblem prob(Robertson{}, u0, p, {T(0), T(4e5)});
  kode::SolverOptions<T> opts;
  opts.reltol = 1e-6;
  opts.abstol = 1e-10;
  if (SaveAtEnd) {
    opts.saveat = Kokkos::View<T*>("saveat", 1);
    Kokkos::deep_copy(opts.saveat, T(4e5));
  }
  Work w;
  int failed = 0;
  for (auto _ : state) {
    exec.fence();
    Kokkos::Timer timer;
    auto sol = kode::solve<kode::variant_of(true, SaveAtEnd)>(exec, prob, Alg{}, kode::EnsembleKernel{}, opts);
    exec.fence();
    state.SetIterationTime(timer.seconds());
    state.PauseTiming();
    Kokkos::parallel_reduce("bench::work", Kokkos::RangePolicy<Exec>(exec, 0, n),
                            SumWork<decltype(sol.stats)>{sol.stats}, w);
    Kokkos::parallel_reduce("bench::failed", Kokkos::RangePolicy<Exec>(exec, 0, n),
                            CountFailed<decltype(sol.retcode)>{sol.retcode}, failed);
    state.ResumeTiming();
  }
  state.counters["traj/s"]     = benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["steps/traj"] = double(w.steps) / n;
  state.counters["jac/traj"]   = double(w.jac) / n;
  state.counters["lu/traj"]    = double(w.lu) / n;
  state.counters["failed"]     = failed;
}

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("N")->UseManualTime()->Unit(benchmark::kMillisecond);
  for (int e = 10; e <= 20; e += 2) b->Arg(1 << e);
  b->Arg(1 << 17);  // the size the diffrax script's timing was quoted at
}

BENCHMARK(BM_robertson<kode::Rosenbrock23>)->Name("robertson/rosenbrock23")->Apply(sizes);
BENCHMARK(BM_robertson<kode::Rodas4>)->Name("robertson/rodas4")->Apply(sizes);
BENCHMARK(BM_robertson<kode::Rodas5P>)->Name("robertson/rodas5p")->Apply(sizes);
BENCHMARK(BM_robertson<kode::TRBDF2>)->Name("robertson/trbdf2")->Apply(sizes);
BENCHMARK(BM_robertson<kode::Kvaerno3>)->Name("robertson/kvaerno3")->Apply(sizes);
BENCHMARK(BM_robertson<kode::Kvaerno5>)->Name("robertson/kvaerno5")->Apply(sizes);

// Pivoted against unpivoted LU (the default), with automatic (dual-number) Jacobians.
void pivot_sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("N")->UseManualTime()->Unit(benchmark::kMillisecond)->Arg(1 << 10)->Arg(1 << 17)->Arg(1 << 20);
}
BENCHMARK(BM_robertson<kode::Rodas5P::with<kode::AutoJacobian, kode::PartialPivoting>>)
    ->Name("robertson_pivoting/rodas5p/partial")
    ->Apply(pivot_sizes);
BENCHMARK(BM_robertson<kode::Rodas5P::with<kode::AutoJacobian, kode::NoPivoting>>)
    ->Name("robertson_pivoting/rodas5p/none")
    ->Apply(pivot_sizes);
BENCHMARK(BM_robertson<kode::Kvaerno5::with<kode::AutoJacobian, kode::PartialPivoting>>)
    ->Name("robertson_pivoting/kvaerno5/partial")
    ->Apply(pivot_sizes);
BENCHMARK(BM_robertson<kode::Kvaerno5::with<kode::AutoJacobian, kode::NoPivoting>>)
    ->Name("robertson_pivoting/kvaerno5/none")
    ->Apply(pivot_sizes);

// The dense-output kernel on t0/tf work (see `SaveAtEnd`): the same kernels as above, nothing more
// compiled.
void dense_sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("N")->UseManualTime()->Unit(benchmark::kMillisecond)->Arg(1 << 10)->Arg(1 << 17)->Arg(1 << 20);
}
BENCHMARK(BM_robertson<kode::Rosenbrock23, true>)->Name("robertson_dense/rosenbrock23")->Apply(dense_sizes);
BENCHMARK(BM_robertson<kode::Rodas5P, true>)->Name("robertson_dense/rodas5p")->Apply(dense_sizes);
BENCHMARK(BM_robertson<kode::Kvaerno5, true>)->Name("robertson_dense/kvaerno5")->Apply(dense_sizes);

}  // namespace
