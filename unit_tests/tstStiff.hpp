/// \file tstStiff.hpp
/// \brief The stiff methods on every backend: observed order on a stiff linear system and on a
/// non-autonomous problem, Robertson and Van der Pol against float64 references, a 1024-member
/// Robertson ensemble with varied rate constants, a singular Jacobian that ends only its own
/// trajectory, the three Jacobian policies and both pivotings agreeing, ensemble-vs-solo equality
/// and the statistics' bookkeeping.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

#include <cstdint>

namespace {

template <class Alg>
struct TEST_CATEGORY_FIXTURE(stiff) : ::testing::Test {};
// Compiled in two units, the Rosenbrock and the ESDIRK methods (unit_tests/CMakeLists.txt).
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(stiff), kode_test::InUnit<kode_test::StiffMethods>);

using kode_test::make_rows;
using kode_test::to_host;

// Final state after n fixed steps on [0, tf] of a one-trajectory problem.
template <class Alg, class System>
std::vector<double> fixed_steps(const System& sys, const std::vector<double>& u0v, double lam, double tf, int n) {
  const int dim = System::dim;
  auto u0       = make_rows<double, TEST_MEMSPACE>("u0", 1, dim, [&](int, double* r) {
    for (int c = 0; c < dim; ++c) r[c] = u0v[c];
  });
  auto p        = make_rows<double, TEST_MEMSPACE>("p", 1, 1, [&](int, double* r) { r[0] = lam; });
  kode::EnsembleProblem prob(sys, u0, p, {0.0, tf});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.adaptive = false;
  opts.dt       = tf / n;
  auto sol = to_host(kode::solve<kode::Variants::fixed>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  EXPECT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  EXPECT_EQ(sol.stats(0).naccept, n);
  std::vector<double> u(dim);
  for (int c = 0; c < dim; ++c) u[c] = sol.u_final(0, c);
  return u;
}

// u' = Au with eigenvalues −1 and −10⁴, both modes excited: h|λ| runs from 500 to 4000, so the
// stiff mode is resolved by no step, and L-stability must damp it; what remains is the method's
// classical order on the smooth mode.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), order_on_stiff_linear_system) {
  constexpr int p  = kode_test::StiffTraits<TypeParam>::order;
  const double lam = 1e4;
  std::vector<double> dts, errs;
  for (int n : {5, 10, 20, 40}) {
    const auto u  = fixed_steps<TypeParam>(kode_test::StiffLinear{}, {1.0, 1.0}, lam, 2.0, n);
    const auto ex = kode_test::StiffLinear::exact(2.0, lam, 1.0, 1.0);
    dts.push_back(2.0 / n);
    errs.push_back(std::fmax(std::fabs(u[0] - ex[0]), std::fabs(u[1] - ex[1])));
  }
  const double q = kode_test::observed_order(dts, errs);
  if (kode_test::StiffTraits<TypeParam>::linear_order_above) {
    EXPECT_GE(q, p - 0.2) << "errors " << errs[0] << " … " << errs.back();
  } else {
    EXPECT_NEAR(q, p, 0.2) << "errors " << errs[0] << " … " << errs.back();
  }
}

// Prothero–Robinson with λ = −1: non-autonomous, so the ∂f/∂t terms of the Rosenbrock methods
// matter for the order.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), order_on_nonautonomous_problem) {
  constexpr int p = kode_test::StiffTraits<TypeParam>::order;
  std::vector<double> dts, errs;
  for (int n : {10, 20, 40, 80}) {
    const auto u = fixed_steps<TypeParam>(kode_test::ProtheroRobinson{}, {0.0}, -1.0, 2.0, n);
    dts.push_back(2.0 / n);
    errs.push_back(std::fabs(u[0] - std::sin(2.0)));
  }
  EXPECT_NEAR(kode_test::observed_order(dts, errs), p, 0.2) << "errors " << errs[0] << " … " << errs.back();
}

template <class Alg, class System>
auto robertson_solve(const System& sys, double tol) {
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 1, 3, [](int, double* r) { r[0] = 1, r[1] = 0, r[2] = 0; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 1, 3, [](int, double* r) { r[0] = 0.04, r[1] = 3e7, r[2] = 1e4; });
  kode::EnsembleProblem prob(sys, u0, p, {0.0, 4e5});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = tol;
  opts.saveat               = kode_test::make_times<double, TEST_MEMSPACE>(kode_test::robertson_times());
  return to_host(
      kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
}

// Every component at every save time within 1e-5 (relative) of the reference; y1 + y2 + y3 = 1.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), robertson_reference) {
  const auto sol = robertson_solve<TypeParam>(kode_test::Robertson{}, kode_test::StiffTraits<TypeParam>::reference_tol);
  const auto& ref = kode_test::robertson_reference();
  ASSERT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  for (int s = 0; s < int(ref.size()); ++s) {
    double sum = 0;
    for (int c = 0; c < 3; ++c) {
      EXPECT_LE(std::fabs(sol.u(0, s, c) / ref[s][c] - 1), 1e-5) << "t = " << sol.t(s) << ", y" << c + 1;
      sum += sol.u(0, s, c);
    }
    EXPECT_LE(std::fabs(sum - 1), 1e-10) << "t = " << sol.t(s);
  }
  // bookkeeping: J once per accepted step (a rejected attempt keeps it), W once per attempt
  const auto st = sol.stats(0);
  EXPECT_EQ(st.njac, st.naccept);
  EXPECT_EQ(st.nlu, st.naccept + st.nreject);
  EXPECT_GT(st.nsolve, st.nlu);
}

KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), vanderpol_reference) {
  const double tol = kode_test::StiffTraits<TypeParam>::reference_tol;
  auto u0          = make_rows<double, TEST_MEMSPACE>("u0", 1, 2, [](int, double* r) { r[0] = 2, r[1] = 0; });
  auto p           = make_rows<double, TEST_MEMSPACE>("p", 1, 1, [](int, double* r) { r[0] = 10; });
  kode::EnsembleProblem prob(kode_test::VanDerPol{}, u0, p, {0.0, 20.0});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = tol;
  opts.saveat               = kode::linspace(TEST_EXECSPACE(), 2.0, 20.0, 10);
  const auto sol            = to_host(
                 kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, TypeParam{}, kode::EnsembleKernel{}, opts));
  ASSERT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  const auto& ref = kode_test::vanderpol_reference();
  for (int s = 0; s < 10; ++s)
    for (int c = 0; c < 2; ++c)
      EXPECT_LE(std::fabs(sol.u(0, s, c) / ref[s][c] - 1), 1e-5) << "t = " << sol.t(s) << ", u" << c + 1;
}

// Robertson with k1, k2, k3 each scaled by a log-uniform factor in [0.5, 1.5] (fixed seed).
template <class T>
auto robertson_ensemble(int n) {
  std::uint64_t state = 12345;
  auto uniform        = [&state]() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state >> 11) / double(1ULL << 53);
  };
  std::vector<double> k(3 * n);
  const double nominal[3] = {0.04, 3e7, 1e4};
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c)
      k[3 * i + c] = i == 0 ? nominal[c] : nominal[c] * std::exp(std::log(0.5) + uniform() * std::log(3.0));
  auto u0 = make_rows<T, TEST_MEMSPACE>("u0", n, 3, [](int, T* r) { r[0] = 1, r[1] = 0, r[2] = 0; });
  auto p  = make_rows<T, TEST_MEMSPACE>("p", n, 3, [&k](int i, T* r) {
    for (int c = 0; c < 3; ++c) r[c] = T(k[3 * i + c]);
  });
  return kode::EnsembleProblem(kode_test::Robertson{}, u0, p, {T(0), T(4e5)});
}

// The diffrax benchmark's ensemble: 1024 trajectories, reltol 1e-6, abstol 1e-10, all Success.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), robertson_ensemble_1024) {
  const int n = 1024;
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.reltol    = 1e-6;
  opts.abstol    = 1e-10;
  const auto sol = to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), robertson_ensemble<double>(n),
                                                                 TypeParam{}, kode::EnsembleKernel{}, opts));
  int failed     = 0;
  for (int i = 0; i < n; ++i) {
    failed += sol.retcode(i) != kode::ReturnCode::Success;
    EXPECT_NEAR(sol.u_final(i, 0) + sol.u_final(i, 1) + sol.u_final(i, 2), 1.0, 1e-10) << "trajectory " << i;
  }
  EXPECT_EQ(failed, 0);
  // trajectory 0 has the nominal constants
  EXPECT_NEAR(sol.u_final(0, 0) / kode_test::robertson_reference().back()[0], 1.0, 1e-3);
}

// Float: the same ensemble (fewer trajectories) at a float-sized tolerance.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), robertson_ensemble_float) {
  const int n = 64;
  kode::SolverOptions<float, TEST_MEMSPACE> opts;
  opts.reltol    = 1e-4f;
  opts.abstol    = 1e-7f;
  const auto sol = to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), robertson_ensemble<float>(n),
                                                                 TypeParam{}, kode::EnsembleKernel{}, opts));
  for (int i = 0; i < n; ++i) EXPECT_EQ(sol.retcode(i), kode::ReturnCode::Success) << "trajectory " << i;
  const auto& ref = kode_test::robertson_reference().back();
  EXPECT_NEAR(sol.u_final(0, 0) / ref[0], 1.0, 2e-2);
  EXPECT_NEAR(sol.u_final(0, 2) / ref[2], 1.0, 1e-3);
}

// u' = −√u from u = 0 has J = −∞: that trajectory ends with SingularJacobian at t0; the others,
// from u = 1, reach (1 − t/2)² at t = 1.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), singular_jacobian_ends_only_its_trajectory) {
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 4, 1, [](int i, double* r) { r[0] = i == 1 ? 0.0 : 1.0; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 4, 0, [](int, double*) {});
  kode::EnsembleProblem prob(kode_test::SqrtDecay{}, u0, p, {0.0, 1.0});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = 1e-8;
  opts.saveat               = kode::linspace(TEST_EXECSPACE(), 0.0, 1.0, 3);
  const auto sol            = to_host(
                 kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, TypeParam{}, kode::EnsembleKernel{}, opts));
  for (int i = 0; i < 4; ++i) {
    if (i == 1) {
      EXPECT_EQ(sol.retcode(i), kode::ReturnCode::SingularJacobian);
      EXPECT_EQ(sol.t_final(i), 0.0);
      EXPECT_EQ(sol.u(i, 0, 0), 0.0);           // the save at t0 was written
      EXPECT_TRUE(std::isnan(sol.u(i, 1, 0)));  // the unreached ones are NaN
    } else {
      EXPECT_EQ(sol.retcode(i), kode::ReturnCode::Success);
      EXPECT_NEAR(sol.u_final(i, 0), 0.25, 1e-6);
      EXPECT_NEAR(sol.u(i, 1, 0), 0.5625, 1e-5);  // t = 0.5, dense output
    }
  }
}

// Analytic, forward-mode and finite-difference Jacobians, and both pivotings, give the same
// solution; `AutoJacobian` uses `jac` when the system has it and dual numbers otherwise.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), jacobian_policies_and_pivoting_agree) {
  const double tol = 1e-8;
  using Alg        = TypeParam;
  const auto ref   = robertson_solve<Alg>(kode_test::Robertson{}, tol);
  auto check       = [&](const auto& sol, const char* what, double bound = 1e-5) {
    ASSERT_EQ(sol.retcode(0), kode::ReturnCode::Success) << what;
    for (int c = 0; c < 3; c += 2)  // y1, y3: well above the tolerance everywhere
      EXPECT_NEAR(sol.u_final(0, c) / ref.u_final(0, c), 1.0, bound) << what << " y" << c + 1;
  };
  check(robertson_solve<typename Alg::template with<kode::AnalyticJacobian>>(kode_test::Robertson{}, tol), "analytic");
  check(robertson_solve<typename Alg::template with<kode::ForwardDiffJacobian>>(kode_test::Robertson{}, tol), "dual");
  // Finite differences are off by ½|∂²f/∂u²|δ ≈ k2·1.5e-8 ≈ 0.45 in J(·, y2) (2e-4 relative), and
  // a Rosenbrock method's accuracy depends on J's: their solutions differ more (measured: 4.3e-5
  // for Rosenbrock23).
  check(robertson_solve<typename Alg::template with<kode::FiniteDiffJacobian>>(kode_test::Robertson{}, tol), "fd",
        1e-3);
  check(robertson_solve<Alg>(kode_test::RobertsonNoJac{}, tol), "auto without jac");
  check(robertson_solve<typename Alg::template with<kode::AutoJacobian, kode::NoPivoting>>(kode_test::Robertson{}, tol),
        "no pivoting");
  check(robertson_solve<typename Alg::template with<kode::AutoJacobian, kode::PartialPivoting>>(kode_test::Robertson{},
                                                                                                tol),
        "partial pivoting");
  // analytic and automatic Jacobians of the same system give the same steps to the bit
  const auto dual = robertson_solve<Alg>(kode_test::RobertsonNoJac{}, tol);
  EXPECT_EQ(dual.stats(0).naccept,
            robertson_solve<typename Alg::template with<kode::AnalyticJacobian>>(kode_test::Robertson{}, tol)
                .stats(0)
                .naccept);
}

// A trajectory solved in an ensemble and alone gives the same bits.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff), ensemble_equals_solo) {
  const int n = 8;
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.reltol = 1e-6;
  opts.abstol = 1e-10;
  auto prob   = robertson_ensemble<double>(n);
  const auto full =
      to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, TypeParam{}, kode::EnsembleKernel{}, opts));
  for (int i = 0; i < n; ++i) {
    auto u0 = Kokkos::subview(prob.u0, Kokkos::make_pair(i, i + 1), Kokkos::ALL);
    auto p  = Kokkos::subview(prob.p, Kokkos::make_pair(i, i + 1), Kokkos::ALL);
    kode::EnsembleProblem solo(kode_test::Robertson{}, u0, p, prob.tspan);
    const auto one = to_host(
        kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), solo, TypeParam{}, kode::EnsembleKernel{}, opts));
    for (int c = 0; c < 3; ++c) EXPECT_EQ(one.u_final(0, c), full.u_final(i, c)) << "trajectory " << i;
    EXPECT_EQ(one.stats(0).naccept, full.stats(i).naccept);
    EXPECT_EQ(one.stats(0).njac, full.stats(i).njac);
  }
}

#if KODE_TEST_UNIT_HAS(ROSENBROCK)  // the untyped test: in one unit only
// The three Jacobian rules at one state: dual numbers equal the analytic J to round-off, finite
// differences to about √ε. (A free function: CUDA lambdas may not live in a gtest body.)
template <class JView, class VView>
void jacobians_at_a_state(const JView& J, const VView& dT, const VView& fu) {
  Kokkos::parallel_for(
      Kokkos::RangePolicy<TEST_EXECSPACE>(0, 1), KOKKOS_LAMBDA(int) {
        kode::Vec<double, 3> p, u, f0, d;
        p[0] = 0.04, p[1] = 3e7, p[2] = 1e4;
        u[0] = 0.9, u[1] = 2e-5, u[2] = 0.1;
        kode::Stats st;
        kode_test::Robertson sys;
        kode::Impl::BoundRhs<kode_test::Robertson, kode::Vec<double, 3>> f{sys, p};
        kode::Mat<double, 3> m;
        auto store = [&](int k) {
          for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j) J(k, i, j) = m(i, j);
            dT(k, i) = d[i];
            fu(k, i) = f0[i];
          }
        };
        kode::Impl::jacobian<kode::AnalyticJacobian>(f, u, 2.0, f0, m, d, st);
        store(0);
        kode::Impl::jacobian<kode::ForwardDiffJacobian>(f, u, 2.0, f0, m, d, st);
        store(1);
        kode::Impl::jacobian<kode::FiniteDiffJacobian>(f, u, 2.0, f0, m, d, st);
        store(2);
        kode::Impl::jacobian<kode::AutoJacobian>(f, u, 2.0, f0, m, d, st);
        store(3);
      });
}

TEST(TEST_CATEGORY_FIXTURE(jacobian), policies_at_a_state) {
  Kokkos::View<double[4][3][3], TEST_MEMSPACE> J("J");
  Kokkos::View<double[4][3], TEST_MEMSPACE> dT("dT"), fu("fu");
  jacobians_at_a_state(J, dT, fu);
  auto Jh      = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), J);
  auto dTh     = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), dT);
  auto fh      = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), fu);
  double scale = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) scale = std::fmax(scale, std::fabs(Jh(0, i, j)));
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      EXPECT_NEAR(Jh(1, i, j), Jh(0, i, j), 1e-14 * scale) << i << "," << j;
      // forward differences: error ½|∂²f_i/∂u_j²|δ_j, here 2 k2 · 1.5e-8 / 2 ≈ 0.45 for j = y2
      EXPECT_NEAR(Jh(2, i, j), Jh(0, i, j), 5e-4 * scale) << i << "," << j;
      EXPECT_EQ(Jh(3, i, j), Jh(0, i, j)) << "AutoJacobian uses jac";
    }
    for (int k = 0; k < 4; ++k) {
      EXPECT_EQ(dTh(k, i), 0.0) << "autonomous";  // finite differences in t of an autonomous f: exactly 0
      EXPECT_EQ(fh(k, i), fh(0, i));
    }
  }
}

#endif

}  // namespace
