// Robertson's stiff chemical kinetics as an ensemble with varied rate constants.
//
//   y1' = −k1 y1 + k3 y2 y3,  y2' = k1 y1 − k2 y2² − k3 y2 y3,  y3' = k2 y2²,
//   k = (0.04, 3e7, 1e4), y0 = (1, 0, 0), t in [0, tf] (default 4e5).
//
// Trajectory 0 uses the nominal constants; every other trajectory scales each constant by a
// log-uniform factor in [0.5, 1.5] drawn from a fixed seed.
//
// This header holds the problem and the solve; robertson_ensemble.cpp the command line, and
// robertson_<method>.cpp one method each (see `solve_method` below).
//
// Usage: robertson_ensemble [--trajectories N] [--method rosenbrock23|rodas4|rodas5p|trbdf2|kvaerno3|kvaerno5]
//                           [--jacobian analytic|auto|fd] [--float|--double] [--abstol X] [--reltol X]
//                           [--tf X] [--saveat t1,t2,...] [--output FILE.csv]
#ifndef KODE_EXAMPLE_ROBERTSON_HPP
#define KODE_EXAMPLE_ROBERTSON_HPP

#include <Kode.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

// The right-hand side, templated on the scalar type (so that dual numbers give exact Jacobians),
// with the optional analytic Jacobian that `--jacobian analytic` uses.
struct Robertson {
  static constexpr int dim = 3, num_params = 3;  // p = (k1, k2, k3)
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>& du, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T) const {
    du[0] = -p[0] * u[0] + p[2] * u[1] * u[2];
    du[1] = p[0] * u[0] - p[1] * u[1] * u[1] - p[2] * u[1] * u[2];
    du[2] = p[1] * u[1] * u[1];
  }
  template <class T>
  KOKKOS_FUNCTION void jac(kode::Mat<T, 3>& J, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T) const {
    J(0, 0) = -p[0], J(0, 1) = p[2] * u[2], J(0, 2) = p[2] * u[1];
    J(1, 0) = p[0], J(1, 1) = -T(2) * p[1] * u[1] - p[2] * u[2], J(1, 2) = -p[2] * u[1];
    J(2, 0) = T(0), J(2, 1) = T(2) * p[1] * u[1], J(2, 2) = T(0);
  }
};

struct Settings {
  long trajectories    = 4096;
  std::string method   = "rodas5p";
  std::string jacobian = "auto";
  bool use_double      = true;
  double abstol = 0, reltol = 0;  // 0: 1e-10 / 1e-6 in double, 1e-7 / 1e-4 in float
  double tf = 4e5;
  std::vector<double> saveat;
  std::string output;
};

template <class T, class Alg>
int run(const Settings& s) {
  using Exec = Kokkos::DefaultExecutionSpace;
  Exec exec;
  const int n = int(s.trajectories);

  // The rate constants, drawn on the host from a fixed seed (64-bit LCG), then copied.
  Kokkos::View<T**> u0("u0", n, 3), p("p", n, 3);
  auto ph                 = Kokkos::create_mirror_view(p);
  std::uint64_t state     = 20241124;
  const double nominal[3] = {0.04, 3e7, 1e4};
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c) {
      state          = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const double r = double(state >> 11) / double(1ULL << 53);
      ph(i, c)       = T(i == 0 ? nominal[c] : nominal[c] * std::exp(std::log(0.5) + r * std::log(3.0)));
    }
  Kokkos::deep_copy(p, ph);
  Kokkos::parallel_for(
      "robertson_ensemble::u0", Kokkos::RangePolicy<Exec>(exec, 0, n),
      KOKKOS_LAMBDA(const int i) { u0(i, 0) = T(1), u0(i, 1) = T(0), u0(i, 2) = T(0); });
  kode::EnsembleProblem prob(Robertson{}, u0, p, {T(0), T(s.tf)});

  kode::SolverOptions<T> opts;
  opts.abstol = T(s.abstol);
  opts.reltol = T(s.reltol);
  if (!s.saveat.empty()) {
    opts.saveat = Kokkos::View<T*>("saveat", s.saveat.size());
    auto h      = Kokkos::create_mirror_view(opts.saveat);
    for (std::size_t k = 0; k < s.saveat.size(); ++k) h(k) = T(s.saveat[k]);
    Kokkos::deep_copy(opts.saveat, h);
  }

  exec.fence();
  Kokkos::Timer timer;
  // Adaptive steps only, with or without --saveat: the two loop variants this program can run are
  // the only ones compiled (kode::Variants; the fixed-step kernels would never be launched).
  auto sol = kode::solve<kode::Variants::adaptive | kode::Variants::adaptive_saveat>(exec, prob, Alg{},
                                                                                     kode::EnsembleKernel{}, opts);
  exec.fence();
  const double seconds = timer.seconds();

  auto rc                             = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.retcode);
  auto st                             = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.stats);
  long counts[kode::num_return_codes] = {};
  long accepted = 0, rejected = 0, fevals = 0, jacs = 0, lus = 0, solves = 0, newton = 0, newton_failed = 0;
  int most_steps = 0;
  for (int i = 0; i < n; ++i) {
    ++counts[int(rc(i))];
    accepted += st(i).naccept;
    rejected += st(i).nreject;
    fevals += st(i).nf;
    jacs += st(i).njac;
    lus += st(i).nlu;
    solves += st(i).nsolve;
    newton += st(i).nnewton;
    newton_failed += st(i).nnewtonf;
    most_steps = std::max(most_steps, st(i).naccept + st(i).nreject);
  }
  std::printf("kode Robertson ensemble\n");
  std::printf("  backend          : %s\n", Exec::name());
  std::printf("  trajectories     : %d\n", n);
  std::printf("  precision        : %s\n", s.use_double ? "double" : "float");
  std::printf("  method           : %s, %s Jacobian, adaptive, abstol %g, reltol %g\n", Alg::name, s.jacobian.c_str(),
              s.abstol, s.reltol);
  std::printf("  time span        : [0, %g], %d save points\n", s.tf, int(sol.num_saves()));
  std::printf("  solve wall time  : %.3f ms\n", seconds * 1e3);
  std::printf("  trajectories/s   : %.4g\n", n / seconds);
  std::printf("  steps            : %ld accepted, %ld rejected (%.1f per trajectory, at most %d)\n", accepted, rejected,
              double(accepted + rejected) / n, most_steps);
  std::printf("  f evaluations    : %ld\n", fevals);
  std::printf("  Jacobians        : %ld, LU factorizations %ld, linear solves %ld\n", jacs, lus, solves);
  if (newton > 0) std::printf("  Newton iterations: %ld (%ld stages did not converge)\n", newton, newton_failed);
  std::printf("  return codes     :");
  for (int c = 0; c < kode::num_return_codes; ++c)
    if (counts[c] > 0) std::printf(" %s %ld", kode::to_string(kode::ReturnCode(c)), counts[c]);
  std::printf("\n");
  auto uf = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.u_final);
  std::printf("  trajectory 0     : nominal k, y(%g) = (%.9g, %.9g, %.9g), sum - 1 = %.2g\n", s.tf, double(uf(0, 0)),
              double(uf(0, 1)), double(uf(0, 2)), double(uf(0, 0)) + double(uf(0, 1)) + double(uf(0, 2)) - 1.0);

  if (!s.output.empty()) {
    auto t = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.t);
    auto u = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.u);
    std::ofstream f(s.output);
    if (!f) {
      std::fprintf(stderr, "robertson_ensemble: cannot write %s\n", s.output.c_str());
      return 1;
    }
    f.precision(std::is_same<T, double>::value ? 17 : 9);
    f << "trajectory,t,y1,y2,y3\n";
    for (int i = 0; i < n; ++i)
      for (std::size_t k = 0; k < sol.num_saves(); ++k)
        f << i << ',' << t(k) << ',' << u(i, k, 0) << ',' << u(i, k, 1) << ',' << u(i, k, 2) << '\n';
    std::printf("  wrote            : %s (%zu rows)\n", s.output.c_str(), std::size_t(n) * sol.num_saves());
  }
  return counts[int(kode::ReturnCode::Success)] == n ? 0 : 1;
}

// Method × Jacobian policy × precision, chosen at run time. The methods' default policy,
// kode::AutoJacobian, would take `Robertson::jac`; "auto" here asks for the dual numbers explicitly.
template <class T, class Method>
int with_jacobian(const Settings& s) {
  if (s.jacobian == "analytic") return run<T, typename Method::template with<kode::AnalyticJacobian>>(s);
  if (s.jacobian == "fd") return run<T, typename Method::template with<kode::FiniteDiffJacobian>>(s);
  return run<T, typename Method::template with<kode::ForwardDiffJacobian>>(s);
}

// One method in both precisions and with its three Jacobian policies: 12 kernels (adaptive steps,
// with or without interior saves). Each method is compiled in its own translation
// unit, robertson_<method>.cpp, by an explicit instantiation; the `extern template` lines keep
// every other file from instantiating it again. With all six methods in one file the CUDA build
// of this example was one 26-minute compile (144 kernels, issue 19); split, the units compile in
// parallel and each stays within a few minutes (docs/performance.md). The same pattern serves any
// program that instantiates many methods.
template <class Method>
int solve_method(const Settings& s) {
  return s.use_double ? with_jacobian<double, Method>(s) : with_jacobian<float, Method>(s);
}
extern template int solve_method<kode::Rosenbrock23>(const Settings&);
extern template int solve_method<kode::Rodas4>(const Settings&);
extern template int solve_method<kode::Rodas5P>(const Settings&);
extern template int solve_method<kode::TRBDF2>(const Settings&);
extern template int solve_method<kode::Kvaerno3>(const Settings&);
extern template int solve_method<kode::Kvaerno5>(const Settings&);

#endif  // KODE_EXAMPLE_ROBERTSON_HPP
