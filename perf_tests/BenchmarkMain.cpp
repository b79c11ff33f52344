// Google Benchmark main bracketed by Kokkos::initialize / finalize, with the Kokkos configuration
// and git revision in the context.
#include "Benchmark_Context.hpp"

int main(int argc, char* argv[]) {
  Kokkos::initialize(argc, argv);
  benchmark::Initialize(&argc, argv);
  kode_bench::add_benchmark_context();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  Kokkos::finalize();
  return 0;
}
