// Robertson's stiff chemical kinetics as an ensemble with varied rate constants.
//
//   y1' = −k1 y1 + k3 y2 y3,  y2' = k1 y1 − k2 y2² − k3 y2 y3,  y3' = k2 y2²,
//   k = (0.04, 3e7, 1e4), y0 = (1, 0, 0), t in [0, tf] (default 4e5).
//
// Trajectory 0 uses the nominal constants; every other trajectory scales each constant by a
// log-uniform factor in [0.5, 1.5] drawn from a fixed seed.
//
// Usage: robertson_ensemble [--trajectories N] [--method rosenbrock23|rodas4|rodas5p|trbdf2|kvaerno3|kvaerno5]
//                           [--jacobian analytic|auto|fd] [--float|--double] [--abstol X] [--reltol X]
//                           [--tf X] [--saveat t1,t2,...] [--output FILE.csv]
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

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "robertson_ensemble: %s\n"
               "usage: robertson_ensemble [--trajectories N]\n"
               "                          [--method rosenbrock23|rodas4|rodas5p|trbdf2|kvaerno3|kvaerno5]\n"
               "                          [--jacobian analytic|auto|fd] [--float|--double] [--abstol X]\n"
               "                          [--reltol X] [--tf X] [--saveat t1,t2,...] [--output FILE.csv]\n",
               msg);
  std::exit(2);
}

double to_number(const std::string& v) {
  char* end      = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0') usage(("not a number: " + v).c_str());
  return x;
}

Settings parse(int argc, char* argv[]) {
  Settings s;
  auto value = [&](int& k) -> std::string {
    if (k + 1 >= argc) usage((std::string(argv[k]) + " needs a value").c_str());
    return argv[++k];
  };
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--trajectories") {
      s.trajectories = long(to_number(value(k)));
    } else if (a == "--method") {
      s.method            = value(k);
      const char* known[] = {"rosenbrock23", "rodas4", "rodas5p", "trbdf2", "kvaerno3", "kvaerno5"};
      if (std::find(std::begin(known), std::end(known), s.method) == std::end(known))
        usage(("unknown method " + s.method).c_str());
    } else if (a == "--jacobian") {
      s.jacobian = value(k);
      if (s.jacobian != "analytic" && s.jacobian != "auto" && s.jacobian != "fd")
        usage(("unknown Jacobian " + s.jacobian).c_str());
    } else if (a == "--float") {
      s.use_double = false;
    } else if (a == "--double") {
      s.use_double = true;
    } else if (a == "--abstol") {
      s.abstol = to_number(value(k));
    } else if (a == "--reltol") {
      s.reltol = to_number(value(k));
    } else if (a == "--tf") {
      s.tf = to_number(value(k));
    } else if (a == "--saveat") {
      std::stringstream list(value(k));
      std::string item;
      while (std::getline(list, item, ',')) s.saveat.push_back(to_number(item));
    } else if (a == "--output") {
      s.output = value(k);
    } else if (a == "--help" || a == "-h") {
      usage("solves a Robertson ensemble and prints a summary");
    } else if (a.rfind("--kokkos", 0) != 0) {
      usage(("unknown option " + a).c_str());
    }
  }
  if (s.trajectories < 1) usage("--trajectories must be at least 1");
  if (s.abstol == 0) s.abstol = s.use_double ? 1e-10 : 1e-7;
  if (s.reltol == 0) s.reltol = s.use_double ? 1e-6 : 1e-4;
  return s;
}

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
  auto sol = kode::solve(exec, prob, Alg{}, kode::EnsembleKernel{}, opts);
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

template <class T>
int with_method(const Settings& s) {
  if (s.method == "rosenbrock23") return with_jacobian<T, kode::Rosenbrock23>(s);
  if (s.method == "rodas4") return with_jacobian<T, kode::Rodas4>(s);
  if (s.method == "trbdf2") return with_jacobian<T, kode::TRBDF2>(s);
  if (s.method == "kvaerno3") return with_jacobian<T, kode::Kvaerno3>(s);
  if (s.method == "kvaerno5") return with_jacobian<T, kode::Kvaerno5>(s);
  return with_jacobian<T, kode::Rodas5P>(s);
}

int main(int argc, char* argv[]) {
  const Settings s = parse(argc, argv);
  Kokkos::ScopeGuard guard(argc, argv);
  try {
    return s.use_double ? with_method<double>(s) : with_method<float>(s);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "robertson_ensemble: %s\n", e.what());
    return 2;
  }
}
