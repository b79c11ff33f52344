/// \file tstBadInput.hpp
/// \brief Every bad input to kode::solve is rejected on the host with std::invalid_argument whose
/// message names the function and the problem.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"

namespace {

using namespace kode_test;
using Opts = kode::SolverOptions<double, TEST_MEMSPACE>;

// Runs kode::solve on a valid Lorenz ensemble after `tweak` changed the problem or the options.
template <class Tweak>
void solve_with(Tweak tweak, int n = 4, int dim = 3, int np = 3) {
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", n, dim, [](int, double* r) { r[0] = 1; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", n, np, [np](int, double* r) {
    const double lorenz[3] = {10, 28, 8. / 3};
    for (int k = 0; k < np; ++k) r[k] = lorenz[k];
  });
  kode::EnsembleProblem prob(Lorenz{}, u0, p, {0.0, 1.0});
  Opts opts;
  tweak(prob, opts);
  auto sol = kode::solve(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts);
  TEST_EXECSPACE().fence();
}

const char* fn = "kode::solve:";

TEST(TEST_CATEGORY, bad_input_shapes) {
  auto none = [](auto&, auto&) {};
  expect_invalid([&] { solve_with(none, 0); }, fn, "ensemble is empty");
  expect_invalid([&] { solve_with(none, 4, 2); }, fn, "u0 must be (N, System::dim) = (N, 3), got (4, 2)");
  expect_invalid([&] { solve_with(none, 4, 3, 2); }, fn, "p must be (N, System::num_params) = (4, 3), got (4, 2)");
  expect_invalid(
      [&] {
        solve_with(
            [](auto& prob, auto&) { prob.p = make_rows<double, TEST_MEMSPACE>("p", 3, 3, [](int, double*) {}); });
      },
      fn, "p must be (N, System::num_params) = (4, 3), got (3, 3)");
}

TEST(TEST_CATEGORY, bad_input_tspan) {
  expect_invalid([] { solve_with([](auto& prob, auto&) { prob.tspan = {0.5, 0.5}; }); }, fn, "tspan must not be empty");
  expect_invalid([] { solve_with([](auto& prob, auto&) {
                        prob.tspan = {0.0, INFINITY};
                      }); }, fn,
                 "tspan must be finite");
  expect_invalid([] { solve_with([](auto& prob, auto&) { prob.tspan = {NAN, 1.0}; }); }, fn, "tspan must be finite");
}

TEST(TEST_CATEGORY, bad_input_tolerances_and_steps) {
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.abstol = 0; }); }, fn, "abstol must be positive");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.abstol = -1e-6; }); }, fn, "abstol must be positive");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.reltol = 0; }); }, fn, "reltol must be positive");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.reltol = NAN; }); }, fn, "reltol must be positive and finite");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.abstol = INFINITY; }); }, fn,
                 "abstol must be positive and finite");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.adaptive = false, o.dt = 0; }); }, fn,
                 "dt must be positive when adaptive is false");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.adaptive = false, o.dt = -0.1; }); }, fn,
                 "dt must be positive when adaptive is false");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.dt = -0.1; }); }, fn, "dt (the first step) must be >= 0");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.maxiters = 0; }); }, fn, "maxiters must be positive");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.dtmin = 0.1, o.dtmax = 0.01; }); }, fn,
                 "dtmin must not exceed dtmax");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.dtmax = 0; }); }, fn, "dtmax must be positive");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.dtmin = -1; }); }, fn, "dtmin must be >= 0");
}

TEST(TEST_CATEGORY, bad_input_saveat_and_tstops) {
  expect_invalid(
      [] { solve_with([](auto&, Opts& o) {
             o.saveat = make_times<double, TEST_MEMSPACE>({0.0, 0.5, 0.4});
           }); }, fn,
      "saveat must be sorted and inside tspan");
  expect_invalid([] { solve_with([](auto&, Opts& o) {
                        o.saveat = make_times<double, TEST_MEMSPACE>({0.0, 1.5});
                      }); },
                 fn, "saveat must be sorted and inside tspan: saveat[1] = 1.5 is outside [0, 1]");
  expect_invalid([] { solve_with([](auto&, Opts& o) {
                        o.saveat = make_times<double, TEST_MEMSPACE>({-0.1, 0.5});
                      }); },
                 fn, "is outside");
  expect_invalid([] { solve_with([](auto&, Opts& o) {
                        o.tstops = make_times<double, TEST_MEMSPACE>({0.7, 0.2});
                      }); },
                 fn, "tstops must be sorted and inside tspan");
  expect_invalid([] { solve_with([](auto&, Opts& o) { o.tstops = make_times<double, TEST_MEMSPACE>({2.0}); }); }, fn,
                 "tstops must be sorted and inside tspan");
  // Every digit that tells the value apart: 0.1 + 0.2 is not 0.3, and the message must say so.
  expect_invalid(
      [] {
        solve_with([](auto& prob, Opts& o) {
          prob.tspan = {0.0, 0.3};
          o.saveat   = make_times<double, TEST_MEMSPACE>({0.0, 0.1, 0.2, 0.1 + 0.2});
        });
      },
      fn,
      "saveat must be sorted and inside tspan: saveat[3] = 0.30000000000000004 is outside [0, 0.29999999999999999]");
  // Backward integration: times must decrease.
  expect_invalid(
      [] {
        solve_with([](auto& prob, Opts& o) {
          prob.tspan = {1.0, 0.0};
          o.saveat   = make_times<double, TEST_MEMSPACE>({0.0, 0.5, 1.0});
        });
      },
      fn, "not sorted in the direction of integration");
}

// Continuous callbacks' settings, checked against the time span.
struct FirstComponent {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 3>& u, const kode::Vec<T, 3>&, T) const {
    return u[0] - T(2);
  }
};

void solve_with_callback(double rootfind_abstol, double t0, double tf) {
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 2, 3, [](int, double* r) { r[0] = 1; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 2, 3, [](int, double* r) { r[0] = 10, r[1] = 28, r[2] = 8. / 3; });
  kode::EnsembleProblem prob(Lorenz{}, u0, p, {t0, tf});
  kode::ContinuousCallback cb{FirstComponent{}, kode::NoAffect{}};
  cb.rootfind_abstol = rootfind_abstol;
  auto sol = kode::solve(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, Opts{}, kode::CallbackSet{cb});
  TEST_EXECSPACE().fence();
}

TEST(TEST_CATEGORY, bad_input_callbacks) {
  expect_invalid([] { solve_with_callback(-1e-3, 0.0, 1.0); }, fn, "rootfind_abstol must be >= 0, got -0.001");
  expect_invalid([] { solve_with_callback(double(NAN), 0.0, 1.0); }, fn, "rootfind_abstol must be >= 0");
  expect_invalid([] { solve_with_callback(2.0, 0.0, 1.0); }, fn,
                 "kode::solve: a ContinuousCallback's rootfind_abstol must be smaller than the time span |tf - t0| "
                 "= 1, got 2");
  expect_invalid([] { solve_with_callback(1.0, 0.0, 1.0); }, fn, "rootfind_abstol must be smaller than the time span");
  expect_invalid([] { solve_with_callback(0.75, 1.0, 0.5); }, fn,  // backward: the span is 0.5
                 "rootfind_abstol must be smaller than the time span |tf - t0| = 0.5, got 0.75");
  expect_invalid([] { solve_with_callback(double(INFINITY), 0.0, 1.0); }, fn, "got inf");
  solve_with_callback(0.5, 0.0, 1.0);  // a coarse tolerance below the span is accepted
  solve_with_callback(0.0, 1.0, 0.5);  // the default
}

TEST(TEST_CATEGORY, bad_input_linspace) {
  expect_invalid([] { kode::linspace(TEST_EXECSPACE(), 0.0, 1.0, 1); }, "kode::linspace:", "needs at least 2 points");
  expect_invalid([] { kode::linspace(TEST_EXECSPACE(), 0.0, double(NAN), 5); },
                 "kode::linspace:", "end points must be finite");
}

TEST(TEST_CATEGORY, times_copies_the_list_and_rejects_non_finite) {
  const auto v = kode::times(TEST_EXECSPACE(), {0.5, 0.1 + 0.2, 2.0});
  static_assert(std::is_same<decltype(v), const Kokkos::View<double*, TEST_EXECSPACE::memory_space>>::value);
  EXPECT_EQ(v.label(), "kode::times");
  ASSERT_EQ(v.extent(0), 3u);
  const auto h = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), v);
  EXPECT_EQ(h(0), 0.5);
  EXPECT_EQ(h(1), 0.1 + 0.2);  // as given, to the bit
  EXPECT_EQ(h(2), 2.0);
  const auto f = kode::times(TEST_EXECSPACE(), {1.0f});
  static_assert(std::is_same<decltype(f)::value_type, float>::value);
  EXPECT_EQ(f.extent(0), 1u);
  expect_invalid(
      [] {
        kode::times(TEST_EXECSPACE(), {0.0, double(NAN), 1.0});
      },
      "kode::times:", "times must be finite, got nan at index 1");
  expect_invalid([] { kode::times(TEST_EXECSPACE(), {float(INFINITY)}); },
                 "kode::times:", "times must be finite, got inf at index 0");
  // The View is a saveat and tstops like any other: it stops the steps there.
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 1, 3, [](int, double* r) { r[0] = 1; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 1, 3, [](int, double* r) { r[0] = 10, r[1] = 28, r[2] = 8. / 3; });
  kode::EnsembleProblem prob(Lorenz{}, u0, p, {0.0, 1.0});
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  opts.tstops    = kode::times(TEST_EXECSPACE(), {0.25, 0.5});
  opts.saveat    = kode::times(TEST_EXECSPACE(), {0.25, 1.0});
  const auto sol = to_host(kode::solve<kode::Variants::adaptive_saveat>(TEST_EXECSPACE(), prob, kode::Tsit5{},
                                                                        kode::EnsembleKernel{}, opts));
  ASSERT_EQ(sol.retcode(0), kode::ReturnCode::Success);
  EXPECT_EQ(sol.t(0), 0.25);
  EXPECT_EQ(sol.t(1), 1.0);
  EXPECT_EQ(sol.u(0, 1, 0), sol.u_final(0, 0));
}

}  // namespace

// A call compiled for some loop variants (kode::Variants) runs those with the answers of the call
// compiled for all four, and refuses on the host, naming the variant, options that need another.
TEST(TEST_CATEGORY, variants_not_compiled_are_refused) {
  auto u0 = make_rows<double, TEST_MEMSPACE>("u0", 3, 3, [](int i, double* r) { r[0] = 1 + i, r[1] = r[2] = 0; });
  auto p  = make_rows<double, TEST_MEMSPACE>("p", 3, 3, [](int, double* r) { r[0] = 10, r[1] = 28, r[2] = 8. / 3; });
  kode::EnsembleProblem prob(Lorenz{}, u0, p, {0.0, 1.0});
  constexpr auto V = kode::Variants::fixed | kode::Variants::adaptive;
  static_assert(kode::contains(V, kode::Variants::fixed) && !kode::contains(V, kode::Variants::adaptive_saveat));
  kode::SolverOptions<double, TEST_MEMSPACE> opts;
  // compiled: the same bits as the call that compiles every variant
  expect_same_solution(to_host(kode::solve<V>(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts)),
                       to_host(kode::solve(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts)));
  opts.adaptive = false;
  opts.dt       = 0.01;
  expect_same_solution(to_host(kode::solve<V>(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts)),
                       to_host(kode::solve(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts)));
  // not compiled: refused before anything is allocated or launched
  opts.saveat = kode::linspace(TEST_EXECSPACE(), 0.0, 1.0, 3);
  expect_invalid([&] { kode::solve<V>(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts); }, fn,
                 "these options need the loop variant Variants::fixed_saveat (fixed steps, a saveat), which this call "
                 "did not compile: it compiled Variants::fixed | Variants::adaptive");
  opts.adaptive = true;
  auto sol      = kode::allocate_solution(TEST_EXECSPACE(), prob, opts);
  expect_invalid([&] { kode::solve<V>(TEST_EXECSPACE(), prob, kode::Tsit5{}, kode::EnsembleKernel{}, opts, sol); }, fn,
                 "need the loop variant Variants::adaptive_saveat (adaptive steps, a saveat)");
  // the variant is judged after the options themselves: a method without an error estimate asked
  // to adapt is told so, whatever was compiled
  expect_invalid(
      [&] { kode::solve<kode::Variants::fixed>(TEST_EXECSPACE(), prob, kode::RK4{}, kode::EnsembleKernel{}, opts); },
      fn, "RK4 has no error estimate");
  EXPECT_STREQ(kode::to_string(kode::Variants::all), "Variants::all");
  EXPECT_EQ(kode::variant_of(true, false), kode::Variants::adaptive);
  EXPECT_EQ(kode::variant_of(false, true), kode::Variants::fixed_saveat);
}
