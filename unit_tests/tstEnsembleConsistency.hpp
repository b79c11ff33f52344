/// \file tstEnsembleConsistency.hpp
/// \brief Trajectory i of an ensemble equals a one-trajectory solve of it, bit for bit, for
/// every method, adaptive and fixed step, float and double.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

template <class Alg>
struct TEST_CATEGORY_FIXTURE(ensemble_consistency) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(ensemble_consistency), kode_test::ExplicitMethods);

template <class Alg, class T>
void check_ensemble_vs_solo(bool adaptive) {
  using namespace kode_test;
  if (adaptive && !Alg::has_error_est) return;
  const int n = 64;
  auto prob   = lorenz_sweep<T, TEST_MEMSPACE>(n);
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  opts.adaptive = adaptive;
  opts.dt       = adaptive ? T(0) : T(1e-3);
  opts.abstol = opts.reltol = T(1e-7);
  opts.saveat               = kode::linspace(TEST_EXECSPACE(), T(0), T(1), 7);
  auto all                  = to_host(kode::solve<kode::Variants::fixed_saveat | kode::Variants::adaptive_saveat>(
      TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  auto hu0                  = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), prob.u0);
  auto hp                   = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), prob.p);
  for (int i : {0, 17, 42, n - 1}) {
    auto u0 = make_rows<T, TEST_MEMSPACE>("u0", 1, 3, [&](int, T* r) {
      for (int c = 0; c < 3; ++c) r[c] = hu0(i, c);
    });
    auto p  = make_rows<T, TEST_MEMSPACE>("p", 1, 3, [&](int, T* r) {
      for (int c = 0; c < 3; ++c) r[c] = hp(i, c);
    });
    kode::EnsembleProblem solo_prob(Lorenz{}, u0, p, prob.tspan);
    auto solo = to_host(kode::solve<kode::Variants::fixed_saveat | kode::Variants::adaptive_saveat>(
        TEST_EXECSPACE(), solo_prob, Alg{}, kode::EnsembleKernel{}, opts));
    EXPECT_EQ(solo.retcode(0), all.retcode(i));
    EXPECT_EQ(solo.stats(0).naccept, all.stats(i).naccept);
    EXPECT_EQ(solo.stats(0).nreject, all.stats(i).nreject);
    EXPECT_EQ(solo.stats(0).nf, all.stats(i).nf);
    for (int s = 0; s < 7; ++s)
      for (int c = 0; c < 3; ++c) EXPECT_EQ(solo.u(0, s, c), all.u(i, s, c)) << "trajectory " << i << " save " << s;
  }
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(ensemble_consistency), adaptive_double) {
  check_ensemble_vs_solo<TypeParam, double>(true);
}
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(ensemble_consistency), adaptive_float) {
  check_ensemble_vs_solo<TypeParam, float>(true);
}
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(ensemble_consistency), fixed_double) {
  check_ensemble_vs_solo<TypeParam, double>(false);
}
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(ensemble_consistency), fixed_float) {
  check_ensemble_vs_solo<TypeParam, float>(false);
}

}  // namespace
