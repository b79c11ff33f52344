/// \file Benchmark_Context.hpp
/// \brief Puts the Kokkos configuration and the git revision into every benchmark's JSON context.
#ifndef KODE_BENCHMARK_CONTEXT_HPP
#define KODE_BENCHMARK_CONTEXT_HPP

#include <Kokkos_Core.hpp>

#include <benchmark/benchmark.h>

#include <sstream>
#include <string>

#ifndef KODE_GIT_HASH
#define KODE_GIT_HASH "unknown"
#endif

namespace kode_bench {

inline void add_benchmark_context() {
  std::ostringstream config;
  Kokkos::print_configuration(config, false);
  benchmark::AddCustomContext("kokkos_execution_space", Kokkos::DefaultExecutionSpace::name());
  benchmark::AddCustomContext("kokkos_configuration", config.str());
  benchmark::AddCustomContext("kode_git_hash", KODE_GIT_HASH);
}

}  // namespace kode_bench

#endif  // KODE_BENCHMARK_CONTEXT_HPP
