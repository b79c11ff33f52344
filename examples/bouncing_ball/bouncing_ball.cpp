// Bouncing balls: an ensemble of balls dropped from 50 m, each with its own restitution, with a
// continuous callback for the impacts.
//
//   h' = v, v' = −g (g = 9.81); at h = 0 (downcrossing) v ← −e v.
//
// A ball's impacts come ever faster (a ball with e = 0.5 would bounce infinitely often before
// t ≈ 9.6 s): once the rebound speed is below 1 cm/s the affect puts the ball to rest, switching
// its right-hand side off through a per-trajectory parameter. Trajectory 0 has e = 0.9, the others
// e spread linearly over [0.5, 0.95].
//
// Usage: bouncing_ball [--method tsit5|vern7|vern9|dp5|rk4] [--trajectories N] [--double]
//                      [--abstol X] [--reltol X] [--events FILE.csv] [--output FILE.csv]
#include <Kode.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

// State (height, velocity); parameters (restitution, at rest: 0 or 1).
struct Ball {
  static constexpr int dim = 2, num_params = 2;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 2>& p, T) const {
    const T moving = T(1) - p[1];
    du[0]          = moving * u[1];
    du[1]          = moving * T(-9.81);
  }
};

// Condition: the height (events where it changes sign).
struct Height {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 2>& u, const kode::Vec<T, 2>&, T) const {
    return u[0];
  }
};

// Affect at impacts: reverse and damp the velocity; below 1 cm/s the ball comes to rest.
struct Bounce {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& u, kode::Vec<T, 2>& p, T) const {
    u[1] = -p[0] * u[1];
    if (kode::fabs(u[1]) < T(0.01)) {
      u[0] = T(0), u[1] = T(0);
      p[1] = T(1);
    }
  }
};

struct Settings {
  std::string method = "tsit5";
  int trajectories   = 1000;
  bool use_double    = false;
  double abstol = 1e-8, reltol = 1e-8;
  std::string events, output;
};

[[noreturn]] void usage(const std::string& msg) {
  std::fprintf(stderr,
               "bouncing_ball: %s\n"
               "usage: bouncing_ball [--method tsit5|vern7|vern9|dp5|rk4] [--trajectories N] [--double]\n"
               "                     [--abstol X] [--reltol X] [--events FILE.csv] [--output FILE.csv]\n",
               msg.c_str());
  std::exit(2);
}

template <class T, class Alg>
int run(const Settings& s) {
  using Exec = Kokkos::DefaultExecutionSpace;
  Exec exec;
  const int n = s.trajectories;
  Kokkos::View<T**> u0("u0", n, 2), p("p", n, 2);
  Kokkos::parallel_for(
      "bouncing_ball::fill", Kokkos::RangePolicy<Exec>(exec, 0, n), KOKKOS_LAMBDA(const int i) {
        u0(i, 0) = T(50), u0(i, 1) = T(0);
        p(i, 0) = i == 0 ? T(0.9) : (n > 2 ? T(0.5) + T(0.45) * T(i - 1) / T(n - 2) : T(0.5));
        p(i, 1) = T(0);
      });
  kode::EnsembleProblem prob(Ball{}, u0, p, {T(0), T(15)});
  kode::SolverOptions<T> opts;
  opts.abstol            = T(s.abstol);
  opts.reltol            = T(s.reltol);
  opts.max_event_records = 32;
  if (!Alg::has_error_est) {  // RK4: fixed step
    opts.adaptive = false;
    opts.dt       = T(0.001);
  }
  if (!s.output.empty()) opts.saveat = kode::linspace(exec, T(0), T(15), 1501);
  const kode::CallbackSet callbacks{kode::ContinuousCallback{Height{}, kode::NoAffect{}, Bounce{}}};

  exec.fence();
  Kokkos::Timer timer;
  // The loop variants this method can be run with here (adaptive, or RK4's fixed step), each with
  // or without --output's saves: only those are compiled (kode::Variants).
  constexpr kode::Variants variants = Alg::has_error_est ? kode::Variants::adaptive | kode::Variants::adaptive_saveat
                                                         : kode::Variants::fixed | kode::Variants::fixed_saveat;
  auto sol                          = kode::solve<variants>(exec, prob, Alg{}, kode::EnsembleKernel{}, opts, callbacks);
  exec.fence();
  const double seconds = timer.seconds();

  auto rc                             = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.retcode);
  auto st                             = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.stats);
  auto nev                            = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.event_count);
  auto te                             = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.event_t);
  long counts[kode::num_return_codes] = {}, accepted = 0, rejected = 0, impacts = 0;
  for (int i = 0; i < n; ++i) {
    ++counts[int(rc(i))];
    accepted += st(i).naccept;
    rejected += st(i).nreject;
    impacts += nev(i);
  }
  std::printf("kode bouncing balls\n");
  std::printf("  backend          : %s\n", Exec::name());
  std::printf("  balls            : %d (precision %s, method %s)\n", n, s.use_double ? "double" : "float", Alg::name);
  std::printf("  solve wall time  : %.3f ms\n", seconds * 1e3);
  std::printf("  steps            : %ld accepted, %ld rejected\n", accepted, rejected);
  std::printf("  impacts          : %ld (%.2f per ball)\n", impacts, double(impacts) / n);
  std::printf("  ball 0 (e = 0.9) : impacts at");
  for (int k = 0; k < nev(0) && k < 8; ++k) std::printf(" %.6f", double(te(0, k)));
  std::printf(" s\n  return codes     :");
  for (int c = 0; c < kode::num_return_codes; ++c)
    if (counts[c] > 0) std::printf(" %s %ld", kode::to_string(kode::ReturnCode(c)), counts[c]);
  std::printf("\n");

  if (!s.events.empty()) {
    std::ofstream f(s.events);
    if (!f) usage("cannot write " + s.events);
    f.precision(std::is_same<T, double>::value ? 17 : 9);
    f << "trajectory,event,t\n";
    long written = 0;
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < nev(i) && k < int(te.extent(1)); ++k, ++written)
        f << i << ',' << k << ',' << te(i, k) << '\n';
    std::printf("  wrote            : %s (%ld impacts)\n", s.events.c_str(), written);
  }
  if (!s.output.empty()) {
    auto t = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.t);
    auto u = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.u);
    std::ofstream f(s.output);
    if (!f) usage("cannot write " + s.output);
    f << "trajectory,t,h,v\n";
    for (int i = 0; i < n; ++i)
      for (std::size_t k = 0; k < sol.num_saves(); ++k)
        f << i << ',' << t(k) << ',' << u(i, k, 0) << ',' << u(i, k, 1) << '\n';
    std::printf("  wrote            : %s\n", s.output.c_str());
  }
  return counts[int(kode::ReturnCode::Success)] == n ? 0 : 1;
}

template <class T>
int dispatch(const Settings& s) {
  if (s.method == "vern7") return run<T, kode::Vern7>(s);
  if (s.method == "vern9") return run<T, kode::Vern9>(s);
  if (s.method == "dp5") return run<T, kode::DP5>(s);
  if (s.method == "rk4") return run<T, kode::RK4>(s);
  return run<T, kode::Tsit5>(s);
}

int main(int argc, char* argv[]) {
  Settings s;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    auto value          = [&]() -> std::string {
      if (k + 1 >= argc) usage(a + " needs a value");
      return argv[++k];
    };
    if (a == "--method") {
      s.method = value();
      if (s.method != "tsit5" && s.method != "vern7" && s.method != "vern9" && s.method != "dp5" && s.method != "rk4")
        usage("unknown method " + s.method);
    } else if (a == "--trajectories") {
      s.trajectories = std::atoi(value().c_str());
    } else if (a == "--double") {
      s.use_double = true;
    } else if (a == "--abstol") {
      s.abstol = std::atof(value().c_str());
    } else if (a == "--reltol") {
      s.reltol = std::atof(value().c_str());
    } else if (a == "--events") {
      s.events = value();
    } else if (a == "--output") {
      s.output = value();
    } else if (a == "--help" || a == "-h") {
      usage("balls bouncing with a continuous callback");
    } else if (a.rfind("--kokkos", 0) != 0) {
      usage("unknown option " + a);
    }
  }
  if (s.trajectories < 1) usage("--trajectories must be at least 1");
  Kokkos::ScopeGuard guard(argc, argv);
  try {
    return s.use_double ? dispatch<double>(s) : dispatch<float>(s);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "bouncing_ball: %s\n", e.what());
    return 2;
  }
}
