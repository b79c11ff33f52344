/// \file tstReference.hpp
/// \brief Agreement with float64 reference solutions (Test_Problems.hpp): Lorenz with saveat and
/// the Lorenz ρ-sweep, in double at tight tolerances and in float at 1e-6.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

template <class Alg>
struct TEST_CATEGORY_FIXTURE(reference) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(reference), kode_test::AdaptiveExplicitMethods);

// Largest relative error (see kode_test::rel_error) over the save times of Lorenz ρ = 28.
template <class Alg, class T>
double lorenz_saveat_error(T tol) {
  using namespace kode_test;
  auto u0 = make_rows<T, TEST_MEMSPACE>("u0", 1, 3, [](int, T* r) { r[0] = 1, r[1] = 0, r[2] = 0; });
  auto p  = make_rows<T, TEST_MEMSPACE>("p", 1, 3, [](int, T* r) { r[0] = 10, r[1] = 28, r[2] = T(8.0 / 3.0); });
  kode::EnsembleProblem prob(Lorenz{}, u0, p, {T(0), T(1)});
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = tol;
  opts.saveat               = kode::linspace(TEST_EXECSPACE(), T(0), T(1), 11);
  auto sol                  = to_host(
                       kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  EXPECT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  EXPECT_EQ(sol.num_saves(), 11);
  const auto& ref = lorenz_saveat_reference();
  double worst    = 0;
  for (int s = 0; s < 11; ++s) {
    EXPECT_NEAR(double(sol.t(s)), 0.1 * s, 1e-6);
    worst = std::fmax(worst, rel_error(Kokkos::subview(sol.u, 0, s, Kokkos::ALL), ref[s]));
  }
  return worst;
}

// Largest relative error of the final states of the 16-member ρ-sweep.
template <class Alg, class T>
double lorenz_sweep_error(T tol) {
  using namespace kode_test;
  auto prob = lorenz_sweep<T, TEST_MEMSPACE>(16);
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = tol;
  auto sol =
      to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  const auto& ref = lorenz_sweep_reference();
  double worst    = 0;
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(sol.retcode(i), kode::ReturnCode::Success) << "trajectory " << i;
    EXPECT_EQ(sol.t_final(i), T(1));
    worst = std::fmax(worst, rel_error(Kokkos::subview(sol.u, i, 1, Kokkos::ALL), ref[i]));
    // the last save slot (tf) and the final state are the same numbers
    for (int c = 0; c < 3; ++c) EXPECT_EQ(sol.u(i, 1, c), sol.u_final(i, c));
  }
  return worst;
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(reference), lorenz_saveat_double) {
  EXPECT_LE((lorenz_saveat_error<TypeParam, double>(1e-12)), kode_test::MethodTraits<TypeParam>::lorenz_double);
}
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(reference), lorenz_saveat_float) {
  EXPECT_LE((lorenz_saveat_error<TypeParam, float>(1e-6f)), 1e-3);
}
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(reference), lorenz_sweep_double) {
  EXPECT_LE((lorenz_sweep_error<TypeParam, double>(1e-12)), kode_test::MethodTraits<TypeParam>::lorenz_double);
}
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(reference), lorenz_sweep_float) {
  EXPECT_LE((lorenz_sweep_error<TypeParam, float>(1e-6f)), 1e-3);
}

}  // namespace
