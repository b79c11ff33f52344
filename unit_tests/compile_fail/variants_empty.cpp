// expect: kode::solve: the Variants set names no variant of the loop
//
// Must not compile: a Variants value that names none of the four variants compiles no kernel.
#include "Decay.hpp"

void solve(Kokkos::View<double**> u0, Kokkos::View<double**> p) {
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  auto sol = kode::solve<kode::Variants(0)>(Kokkos::DefaultExecutionSpace(), prob, kode::Tsit5{},
                                            kode::EnsembleKernel{}, kode::SolverOptions<double>{});
  (void)sol;
}
