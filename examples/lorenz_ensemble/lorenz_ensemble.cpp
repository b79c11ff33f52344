// Lorenz ensemble: the benchmark problem of the DiffEqGPU.jl paper, as a kode user writes it.
//
//   u1' = σ (u2 − u1),  u2' = u1 (ρ − u3) − u2,  u3' = u1 u2 − β u3,
//   σ = 10, β = 8/3, ρ_i = 21 i / (N − 1), u0 = (1, 0, 0), t in [0, 1].
//
// Usage: lorenz_ensemble [--trajectories N] [--float|--double] [--method tsit5|vern7|vern9|dp5|rk4]
//                        [--abstol X] [--reltol X] [--dt X] [--saveat-step X] [--output FILE.csv]
#include <Kode.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

// The right-hand side: a named functor, templated on the scalar type.
struct Lorenz {
  static constexpr int dim = 3, num_params = 3;  // p = (σ, ρ, β)
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>& du, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T) const {
    du[0] = p[0] * (u[1] - u[0]);
    du[1] = u[0] * (p[1] - u[2]) - u[1];
    du[2] = u[0] * u[1] - p[2] * u[2];
  }
};

struct Settings {
  long trajectories  = 100000;
  bool use_double    = false;
  std::string method = "tsit5";
  double abstol = 1e-6, reltol = 1e-6;
  double dt          = 0;  // 0: adaptive; --dt X (> 0): fixed step X
  double saveat_step = 0;  // 0: save t0 and tf; --saveat-step X (> 0): save every X
  std::string output;
};

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "lorenz_ensemble: %s\n"
               "usage: lorenz_ensemble [--trajectories N] [--float|--double] [--method tsit5|vern7|vern9|dp5|rk4]\n"
               "                       [--abstol X] [--reltol X] [--dt X] [--saveat-step X] [--output FILE.csv]\n"
               "       (rk4 has no error estimate: it needs --dt)\n",
               msg);
  std::exit(2);
}

Settings parse(int argc, char* argv[]) {
  Settings s;
  auto value = [&](int& k) -> const char* {
    if (k + 1 >= argc) usage((std::string(argv[k]) + " needs a value").c_str());
    return argv[++k];
  };
  auto number = [&](int& k) {
    const char* v  = value(k);
    char* end      = nullptr;
    const double x = std::strtod(v, &end);
    if (end == v || *end != '\0') usage((std::string("not a number: ") + v).c_str());
    return x;
  };
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--trajectories") {
      s.trajectories = long(number(k));
    } else if (a == "--float") {
      s.use_double = false;
    } else if (a == "--double") {
      s.use_double = true;
    } else if (a == "--method") {
      s.method = value(k);
      if (s.method != "tsit5" && s.method != "vern7" && s.method != "vern9" && s.method != "dp5" && s.method != "rk4")
        usage(("unknown method " + s.method).c_str());
    } else if (a == "--abstol") {
      s.abstol = number(k);
    } else if (a == "--reltol") {
      s.reltol = number(k);
    } else if (a == "--dt") {
      // Asked for, a fixed step must be one: 0 or a negative value would silently mean "adaptive".
      s.dt = number(k);
      if (!(s.dt > 0))
        usage((std::string("--dt must be positive (a fixed step; leave it out for adaptive steps), got ") + argv[k])
                  .c_str());
    } else if (a == "--saveat-step") {
      s.saveat_step = number(k);
      if (!(s.saveat_step > 0))
        usage((std::string("--saveat-step must be positive (leave it out to save t0 and tf only), got ") + argv[k])
                  .c_str());
    } else if (a == "--output") {
      s.output = value(k);
    } else if (a == "--help" || a == "-h") {
      usage("solves a Lorenz ensemble and prints a summary");
    } else if (a.rfind("--kokkos", 0) != 0) {
      usage(("unknown option " + a).c_str());
    }
  }
  if (s.trajectories < 1) usage("--trajectories must be at least 1");
  if (s.method == "rk4" && s.dt <= 0) usage("rk4 has no error estimate: give a fixed step with --dt");
  return s;
}

template <class T, class Alg>
int run(const Settings& s) {
  using Exec = Kokkos::DefaultExecutionSpace;
  Exec exec;
  const int n = int(s.trajectories);

  // Per-trajectory data: rows of u0 and p (this is where a parameter sweep is set up).
  Kokkos::View<T**> u0("u0", n, 3), p("p", n, 3);
  Kokkos::parallel_for(
      "lorenz_ensemble::fill", Kokkos::RangePolicy<Exec>(exec, 0, n), KOKKOS_LAMBDA(const int i) {
        u0(i, 0) = T(1), u0(i, 1) = T(0), u0(i, 2) = T(0);
        p(i, 0) = T(10), p(i, 1) = n > 1 ? T(21) * T(i) / T(n - 1) : T(0), p(i, 2) = T(8) / T(3);
      });
  kode::EnsembleProblem prob(Lorenz{}, u0, p, {T(0), T(1)});

  kode::SolverOptions<T> opts;
  opts.abstol = T(s.abstol);
  opts.reltol = T(s.reltol);
  if (s.dt > 0) {
    opts.adaptive = false;
    opts.dt       = T(s.dt);
  }
  if (s.saveat_step > 0) {
    const int nsave = int(1.0 / s.saveat_step + 1e-9) + 1;
    opts.saveat     = kode::linspace(exec, T(0), T((nsave - 1) * s.saveat_step), nsave);
  }

  exec.fence();
  Kokkos::Timer timer;
  auto sol = kode::solve(exec, prob, Alg{}, kode::EnsembleKernel{}, opts);
  exec.fence();
  const double seconds = timer.seconds();

  // Summary (host copies of the per-trajectory outcome and work).
  auto rc                             = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.retcode);
  auto st                             = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.stats);
  long counts[kode::num_return_codes] = {};
  long accepted = 0, rejected = 0, fevals = 0;
  int most_steps = 0;
  for (int i = 0; i < n; ++i) {
    ++counts[int(rc(i))];
    accepted += st(i).naccept;
    rejected += st(i).nreject;
    fevals += st(i).nf;
    most_steps = std::max(most_steps, st(i).naccept + st(i).nreject);
  }
  std::printf("kode Lorenz ensemble\n");
  std::printf("  backend          : %s\n", Exec::name());
  std::printf("  trajectories     : %d\n", n);
  std::printf("  precision        : %s\n", s.use_double ? "double" : "float");
  std::printf("  method           : %s, %s\n", Alg::name,
              opts.adaptive
                  ? ("adaptive, abstol " + std::to_string(s.abstol) + ", reltol " + std::to_string(s.reltol)).c_str()
                  : ("fixed dt " + std::to_string(s.dt)).c_str());
  std::printf("  save points      : %d\n", int(sol.num_saves()));
  std::printf("  solve wall time  : %.3f ms\n", seconds * 1e3);
  std::printf("  trajectories/s   : %.4g\n", n / seconds);
  std::printf("  steps            : %ld accepted, %ld rejected (%.1f per trajectory, at most %d)\n", accepted, rejected,
              double(accepted + rejected) / n, most_steps);
  std::printf("  f evaluations    : %ld\n", fevals);
  std::printf("  return codes     :");
  for (int c = 0; c < kode::num_return_codes; ++c)
    if (counts[c] > 0) std::printf(" %s %ld", kode::to_string(kode::ReturnCode(c)), counts[c]);
  std::printf("\n");

  auto uf = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.u_final);
  std::printf("  last trajectory  : rho = 21, u(1) = (%.6f, %.6f, %.6f)\n", double(uf(n - 1, 0)), double(uf(n - 1, 1)),
              double(uf(n - 1, 2)));

  if (!s.output.empty()) {
    auto t = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.t);
    auto u = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.u);
    std::ofstream f(s.output);
    if (!f) {
      std::fprintf(stderr, "lorenz_ensemble: cannot write %s\n", s.output.c_str());
      return 1;
    }
    f.precision(std::is_same<T, double>::value ? 17 : 9);
    f << "trajectory,t,u1,u2,u3\n";
    for (int i = 0; i < n; ++i)
      for (std::size_t k = 0; k < sol.num_saves(); ++k)
        f << i << ',' << t(k) << ',' << u(i, k, 0) << ',' << u(i, k, 1) << ',' << u(i, k, 2) << '\n';
    std::printf("  wrote            : %s (%zu rows)\n", s.output.c_str(), std::size_t(n) * sol.num_saves());
  }
  return counts[int(kode::ReturnCode::Success)] == n ? 0 : 1;
}

int main(int argc, char* argv[]) {
  const Settings s = parse(argc, argv);
  Kokkos::ScopeGuard guard(argc, argv);
  try {
    if (s.method == "vern7") return s.use_double ? run<double, kode::Vern7>(s) : run<float, kode::Vern7>(s);
    if (s.method == "vern9") return s.use_double ? run<double, kode::Vern9>(s) : run<float, kode::Vern9>(s);
    if (s.method == "dp5") return s.use_double ? run<double, kode::DP5>(s) : run<float, kode::DP5>(s);
    if (s.method == "rk4") return s.use_double ? run<double, kode::RK4>(s) : run<float, kode::RK4>(s);
    return s.use_double ? run<double, kode::Tsit5>(s) : run<float, kode::Tsit5>(s);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "lorenz_ensemble: %s\n", e.what());
    return 2;
  }
}
