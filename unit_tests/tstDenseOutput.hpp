/// \file tstDenseOutput.hpp
/// \brief Dense output of every method: saveat values against the same times reached as step ends
/// (a run with tstops there), the stiff methods' dense output on an unresolved stiff transient and
/// its order; a right-hand side that turns NaN ends only its own trajectory, `Unstable`; the
/// ESDIRKs' Newton iteration in float at a tolerance near the type's resolution.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

#include <algorithm>

namespace {

using namespace kode_test;
using kode::ReturnCode;

template <class Alg>
struct TEST_CATEGORY_FIXTURE(dense_output) : ::testing::Test {};
// Compiled in three units, one per method family (unit_tests/CMakeLists.txt).
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(dense_output), kode_test::InUnit<kode_test::EveryMethod>);
// The stiff methods only (problems explicit methods are not for).
#if KODE_TEST_UNIT_HAS(STIFF)
template <class Alg>
struct TEST_CATEGORY_FIXTURE(stiff_dense_output) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(stiff_dense_output), kode_test::InUnit<kode_test::StiffMethods>);
#endif

// One trajectory of `System` from u0 over [0, tf], abstol = reltol = tol, saved at `saves`; with
// `stop_at_saves` the saves are tstops too (every save is a step end). dt > 0: fixed steps (and
// V = Variants::fixed_saveat: the one kernel that runs).
template <class Alg, kode::Variants V = kode::Variants::adaptive_saveat, class System, class T = double>
auto solve_one(const System& sys, const std::vector<double>& u0v, const std::vector<double>& pv, double tf, double tol,
               const std::vector<double>& saves, bool stop_at_saves, double dt = 0) {
  const auto prob = one_trajectory<T, TEST_MEMSPACE>(sys, u0v, pv, T(0), T(tf));
  kode::SolverOptions<T, TEST_MEMSPACE> opts;
  opts.abstol = opts.reltol = T(tol);
  opts.adaptive             = !(dt > 0);
  opts.dt                   = T(dt);
  if (!saves.empty()) {
    std::vector<T> st(saves.begin(), saves.end());
    opts.saveat = make_times<T, TEST_MEMSPACE>(st);
    if (stop_at_saves) opts.tstops = make_times<T, TEST_MEMSPACE>(st);
  }
  return to_host(kode::solve<V>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
}

// Seven save times at generic places of [0, tf] (none is a step end of the saveat run).
std::vector<double> seven_saves(double tf) {
  std::vector<double> t;
  for (int k = 0; k < 7; ++k) t.push_back(tf * (k + 0.37) / 7);
  return t;
}

// max over saves and components of |a − b| / (tol (1 + |b|)): the difference in units of the
// tolerance, weighted as the error norm weights it (abstol = reltol = tol).
template <class A, class B>
double tolerance_units(const A& a, const B& b, double tol) {
  double w = 0;
  for (int s = 0; s < b.num_saves(); ++s)
    for (int c = 0; c < b.dim(); ++c)
      w = std::fmax(w, std::fabs(a.u(0, s, c) - b.u(0, s, c)) / (tol * (1 + std::fabs(b.u(0, s, c)))));
  return w;
}

// saveat run vs tstops run at 1e-6 and 1e-10: the dense output must deliver what the steps do.
template <class Alg>
void expect_saveat_matches_step_ends(double mu, double tf, double bound) {
  const auto saves = seven_saves(tf);
  for (double tol : {1e-6, 1e-10}) {
    const auto dense = solve_one<Alg>(VanDerPol{}, {2, 0}, {mu}, tf, tol, saves, false);
    const auto ends  = solve_one<Alg>(VanDerPol{}, {2, 0}, {mu}, tf, tol, saves, true);
    ASSERT_EQ(dense.retcode(0), ReturnCode::Success) << "tol " << tol;
    ASSERT_EQ(ends.retcode(0), ReturnCode::Success) << "tol " << tol;
    // no save time was a step end of the saveat run: the values came from the dense output
    EXPECT_LT(dense.stats(0).naccept, ends.stats(0).naccept) << "tol " << tol;
    const double w = tolerance_units(dense, ends, tol);
    EXPECT_LE(w, bound) << Alg::name << " mu " << mu << " tol " << tol;
    EXPECT_GT(w, 0.0) << Alg::name << " mu " << mu << " tol " << tol;
  }
}

// Van der Pol μ = 1 over [0, 20] (non-stiff; every method). RK4 has fixed steps only: its saves
// between grid points are compared with the grid points of the same run instead (relative to
// the step ends' own error against a Vern9 reference at 1e-13).
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(dense_output), saveat_agrees_with_step_ends_nonstiff) {
  using Alg = TypeParam;
  if constexpr (Alg::has_error_est) {
    expect_saveat_matches_step_ends<Alg>(1.0, 20.0, DenseTraits<Alg>::saveat_factor);
  } else {
    const double dt = 0.02;
    std::vector<double> inner, grid, all;
    for (int k = 0; k < 7; ++k) {
      const int g = int(20.0 * (k + 0.37) / 7 / dt);
      grid.push_back(g * dt);  // the loop's grid point origin + g dt, bit for bit
      inner.push_back((g + 0.37) * dt);
      all.push_back(grid.back());
      all.push_back(inner.back());
    }
    const auto sol =
        solve_one<Alg, kode::Variants::fixed_saveat>(VanDerPol{}, {2, 0}, {1.0}, 20.0, 1e-10, all, false, dt);
    const auto ref = solve_one<kode::Vern9>(VanDerPol{}, {2, 0}, {1.0}, 20.0, 1e-13, all, true);
    ASSERT_EQ(sol.retcode(0), ReturnCode::Success);
    double e_inner = 0, e_grid = 0;
    for (int s = 0; s < int(all.size()); ++s)
      for (int c = 0; c < 2; ++c) {
        const double e             = std::fabs(sol.u(0, s, c) - ref.u(0, s, c));
        (s % 2 ? e_inner : e_grid) = std::fmax(s % 2 ? e_inner : e_grid, e);
      }
    EXPECT_GT(e_grid, 1e-12);  // far above the reference's error
    EXPECT_LE(e_inner, DenseTraits<Alg>::saveat_factor * e_grid) << "inner " << e_inner << ", grid " << e_grid;
  }
}

#if KODE_TEST_UNIT_HAS(STIFF)
// Van der Pol μ = 1000 from (2, 0) over [0, 300], the smooth phase of the relaxation oscillation
// (stiff methods): steps of up to 30 hold the save times.
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff_dense_output), saveat_agrees_with_step_ends_stiff) {
  using Alg = TypeParam;
  expect_saveat_matches_step_ends<Alg>(1000.0, 300.0, DenseTraits<Alg>::saveat_factor);
}
#endif

#if KODE_TEST_UNIT_HAS(STIFF)
// u' = Au, eigenvalues −1 and −λ, both modes excited, fixed steps h = 0.1 (h λ = 1e5): no step
// resolves the stiff transient, and the dense output inside a step must not amplify what is
// left of it. The stiff methods' interpolants are bounded in the stiff limit (the interior error
// is about |R_θ(∞)| |u2(0)|, independent of λ; TRBDF2 and Rosenbrock23 0.957 at θ = 1/2, the
// largest), where a cubic Hermite interpolant that takes f(u_n) ∝ λ at the step's start is off
// by ~h λ/8 (measured before the ESDIRKs' stage-based dense output: 1.25e4 for each of them).
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff_dense_output), stiff_transient_is_not_amplified) {
  using Alg        = TypeParam;
  const double lam = 1e6, h = 0.1;
  std::vector<double> mids;
  for (int k = 0; k < 20; ++k) mids.push_back((k + 0.5) * h);
  const auto sol =
      solve_one<Alg, kode::Variants::fixed_saveat>(StiffLinear{}, {1, 1}, {lam}, 2.0, 1e-10, mids, false, h);
  ASSERT_EQ(sol.retcode(0), ReturnCode::Success);
  double worst = 0;
  for (int s = 0; s < 20; ++s) {
    const auto ex = StiffLinear::exact(mids[s], lam, 1, 1);
    for (int c = 0; c < 2; ++c) worst = std::fmax(worst, std::fabs(sol.u(0, s, c) - ex[c]));
  }
  EXPECT_LE(worst, 1.0);
  // the step ends themselves are accurate: L-stable, stiffly accurate (measured ≤ 1.1e-4)
  EXPECT_LE(std::fabs(sol.u_final(0, 0) - StiffLinear::exact(2.0, lam, 1, 1)[0]), 1e-3);
}
#endif

#if KODE_TEST_UNIT_HAS(STIFF)
// The stiff methods' dense output converges at the method's order min(p, q + 1) (q the
// interpolant's order): Prothero–Robinson with λ = −1, fixed steps, saved at θ = 0.3 of every
// step. Measured 1.98 (TRBDF2, Rosenbrock23: 2.00), 2.97 (Kvaerno3), 4.95 (Kvaerno5; 3.99 with
// its former cubic Hermite), 3.84 (Rodas4), 4.97 (Rodas5P). (The explicit methods: tstConvergence.)
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(stiff_dense_output), stiff_dense_output_order) {
  using Alg = TypeParam;
  std::vector<double> dts, errs;
  for (int n : {10, 20, 40, 80}) {
    const double dt = 2.0 / n;
    std::vector<double> t;
    for (int k = 0; k < n; ++k) t.push_back((k + 0.3) * dt);
    const auto sol =
        solve_one<Alg, kode::Variants::fixed_saveat>(ProtheroRobinson{}, {0}, {-1.0}, 2.0, 1e-10, t, false, dt);
    ASSERT_EQ(sol.retcode(0), ReturnCode::Success);
    double e = 0;
    for (int k = 0; k < n; ++k) e = std::fmax(e, std::fabs(sol.u(0, k, 0) - std::sin(t[k])));
    dts.push_back(dt);
    errs.push_back(e);
  }
  const int expected = std::min(StiffTraits<Alg>::order, DenseTraits<Alg>::dense_order + 1);
  EXPECT_GE(observed_order(dts, errs), expected - 0.2) << "errors " << errs.front() << " … " << errs.back();
}
#endif

// u' = −u with f NaN from t = 0.5123 on (NaNAfter), in trajectory 1 of 4: it ends `Unstable`
// short of 0.5123, adaptive and fixed step, for every method; the others reach e^{−1}. The stiff
// methods reject the attempts whose stages pass 0.5123 and halve the step down to the step
// floor; the ESDIRKs' Newton iterate turns NaN there, `StepStatus::NonFinite` (measured before:
// `DtLessThanMin`, and `ConvergenceFailure` with fixed steps, as for a Newton iteration that
// does not converge).
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(dense_output), nonfinite_rhs_ends_only_its_trajectory_unstable) {
  using Alg          = TypeParam;
  const double t_nan = 0.5123;
  const int n        = 4;
  auto u0            = make_rows<double, TEST_MEMSPACE>("u0", n, 1, [](int, double* r) { r[0] = 1; });
  auto p = make_rows<double, TEST_MEMSPACE>("p", n, 1, [&](int i, double* r) { r[0] = i == 1 ? t_nan : 10.0; });
  for (bool adaptive : {true, false}) {
    if (adaptive && !Alg::has_error_est) continue;
    kode::EnsembleProblem prob(NaNAfter{}, u0, p, {0.0, 1.0});
    kode::SolverOptions<double, TEST_MEMSPACE> opts;
    opts.adaptive = adaptive;
    opts.dt       = adaptive ? 0.0 : 0.01;
    opts.abstol = opts.reltol = 1e-8;
    opts.saveat               = kode::linspace(TEST_EXECSPACE(), 0.0, 1.0, 5);
    const auto sol            = to_host(kode::solve<kode::Variants::fixed_saveat | kode::Variants::adaptive_saveat>(
        TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
    EXPECT_EQ(sol.retcode(1), ReturnCode::Unstable)
        << "adaptive " << adaptive << ": " << kode::to_string(sol.retcode(1));
    // explicit methods stop at the first NaN estimate (Vern9's last step ends at 0.318), stiff
    // ones approach 0.5123 by halving (to the clock's resolution)
    EXPECT_GT(sol.t_final(1), kode_test::is_stiff_v<Alg> && adaptive ? t_nan - 1e-6 : 0.25) << "adaptive " << adaptive;
    // (≤: the stiff methods halve towards 0.5123 down to the compensated clock's floor, and the
    // reported time, the clock rounded to double, is 0.5123 itself)
    EXPECT_LE(sol.t_final(1), t_nan) << "adaptive " << adaptive;
    for (int s = 0; s < 5; ++s) {
      if (sol.t(s) <= sol.t_final(1))
        EXPECT_NEAR(sol.u(1, s, 0), std::exp(-sol.t(s)), 1e-5) << "reached: t = " << sol.t(s);
      else
        EXPECT_TRUE(std::isnan(sol.u(1, s, 0))) << "never reached: t = " << sol.t(s);
    }
    // The state reported is the last finite one, with fixed steps too: a group of unchecked
    // fixed steps that ends non-finite is replayed step by step, also when a stiff stepper already
    // reported the NaN state's f as `NonFinite` (before the loop's fix Rosenbrock23, Rodas4 and
    // Rodas5P reported t_final 0.52 and a NaN state).
    EXPECT_NEAR(sol.u_final(1, 0), std::exp(-sol.t_final(1)), 1e-5)
        << "the last finite state is kept, adaptive " << adaptive;
    for (int i : {0, 2, 3}) {
      EXPECT_EQ(sol.retcode(i), ReturnCode::Success) << "trajectory " << i << ", adaptive " << adaptive;
      EXPECT_NEAR(sol.u_final(i, 0), std::exp(-1.0), 1e-5) << "trajectory " << i << ", adaptive " << adaptive;
    }
  }
}

#if KODE_TEST_UNIT_HAS(ESDIRK)
template <class Alg>
struct TEST_CATEGORY_FIXTURE(esdirk_float) : ::testing::Test {};
KODE_TYPED_TEST_SUITE(TEST_CATEGORY_FIXTURE(esdirk_float), kode_test::ESDIRKMethods);
#endif

// A float run at reltol 1e-6, abstol 1e-10 (the diffrax benchmark's tolerances), where a Newton
// test measured in the error norm asks for updates below the type's resolution (round-off of a
// stage value is ~ε/(γ reltol) ≈ 0.5 in that norm for Kvaerno5): it must do about the double
// run's work (at most twice its attempts, at most twice its rejections + 5) and reach about its
// state. Before the round-off floor of the Newton test (measured,
// float vs double attempts): Van der Pol TRBDF2 701 (255 rejected) vs 161, Kvaerno3 2666 vs 216,
// Kvaerno5 MaxIters after 100000 (46% rejected) at t = 17.8 vs 40; HIRES TRBDF2 1115 vs 672,
// Kvaerno3 17949 vs 932, Kvaerno5 47653 vs 149. After: Van der Pol 170, 223, 62; HIRES 675,
// 938, 157.
template <class Alg, class System>
void expect_float_like_double(const System& sys, const std::vector<double>& u0, const std::vector<double>& p, double tf,
                              double state_bound) {
  // reltol 1e-6, abstol 1e-10 (solve_one sets one tolerance for both)
  auto run = [&](auto zero) {
    using T       = decltype(zero);
    const int dim = System::dim, np = int(p.size());
    auto u0d = make_rows<T, TEST_MEMSPACE>("u0", 1, dim, [&](int, T* r) {
      for (int c = 0; c < dim; ++c) r[c] = T(u0[c]);
    });
    auto pd  = make_rows<T, TEST_MEMSPACE>("p", 1, np, [&](int, T* r) {
      for (int c = 0; c < np; ++c) r[c] = T(p[c]);
    });
    kode::EnsembleProblem prob(sys, u0d, pd, {T(0), T(tf)});
    kode::SolverOptions<T, TEST_MEMSPACE> opts;
    opts.reltol = T(1e-6);
    opts.abstol = T(1e-10);
    return to_host(kode::solve<kode::Variants::adaptive>(TEST_EXECSPACE(), prob, Alg{}, kode::EnsembleKernel{}, opts));
  };
  const auto d = run(0.0);
  const auto f = run(0.0f);
  ASSERT_EQ(d.retcode(0), ReturnCode::Success);
  ASSERT_EQ(f.retcode(0), ReturnCode::Success) << kode::to_string(f.retcode(0)) << " at t = " << f.t_final(0);
  const int attempts_d = d.stats(0).naccept + d.stats(0).nreject;
  const int attempts_f = f.stats(0).naccept + f.stats(0).nreject;
  EXPECT_LE(attempts_f, 2 * attempts_d) << "double " << attempts_d;
  EXPECT_LE(f.stats(0).nreject, 2 * d.stats(0).nreject + 5) << "double " << d.stats(0).nreject;
  for (int c = 0; c < System::dim; ++c)
    EXPECT_NEAR(f.u_final(0, c), d.u_final(0, c), state_bound * std::fabs(d.u_final(0, c)) + 1e-9) << "component " << c;
}

#if KODE_TEST_UNIT_HAS(ESDIRK)
// Van der Pol μ = 1000 from (2, 0) over [0, 300]: the smooth phase (the fast transient near
// t ≈ 807 needs steps below float's time resolution there, a separate matter).
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(esdirk_float), vanderpol_reltol_1e6) {
  // float vs double relative difference measured ≤ 2.2e-6 (TRBDF2 u2)
  expect_float_like_double<TypeParam>(VanDerPol{}, {2, 0}, {1000}, 300.0, 1e-5);
}
#endif

#if KODE_TEST_UNIT_HAS(ESDIRK)
// HIRES (8 species) over [0, 321.8122].
KODE_TYPED_TEST(TEST_CATEGORY_FIXTURE(esdirk_float), hires_reltol_1e6) {
  // the final state is ~1e-4 … 1e-3 per species; the double runs' own relative errors there are
  // 5.0e-4 (TRBDF2), 8.1e-6, 4.1e-6, the float runs' 6.4e-4, 2.9e-5, 8.6e-5 (vs Rodas5P at 1e-13)
  expect_float_like_double<TypeParam>(Hires{}, Hires::initial(), {}, 321.8122, 1e-3);
}
#endif

}  // namespace
