/// \file Checksums.cpp
/// \brief `kode_checksums`: a 64-bit hash of everything a solve returns (final states and times,
/// return codes, statistics, saved states, event records), for every method on the two benchmark
/// problems, so that a change meant to alter no answer can be shown to alter none, bit for bit.
///
/// Public API only, so the same source builds against an older kode: build it at the commit
/// before a change and after it, run both, and diff the two outputs (one line per configuration:
/// name, hash, total step attempts, failed trajectories).
/// \code
/// kode_checksums > after.txt && diff before.txt after.txt
/// \endcode
/// The problems are those of PerfTest_Lorenz.cpp and PerfTest_Stiff.cpp (Lorenz with ρ swept over
/// [0, 21]; Robertson with log-uniform rate constants), at smaller N: the hash covers every bit of
/// every trajectory, and the kernels are the benchmark's kernels.
#include <Kode.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

// kode::solve compiled for the one loop variant each configuration runs (kode::Variants), or for
// all four with a kode from before them: the same kernels either way, so the hashes compare.
#ifdef KODE_HAS_VARIANTS
#define KODE_CHECKSUM_SOLVE(variant) kode::solve<kode::Variants::variant>
#else
#define KODE_CHECKSUM_SOLVE(variant) kode::solve
#endif

namespace {

struct Lorenz {
  static constexpr int dim = 3, num_params = 3;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>& du, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T) const {
    du[0] = p[0] * (u[1] - u[0]);
    du[1] = u[0] * (p[1] - u[2]) - u[1];
    du[2] = u[0] * u[1] - p[2] * u[2];
  }
};

struct Robertson {
  static constexpr int dim = 3, num_params = 3;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>& du, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T) const {
    du[0] = -p[0] * u[0] + p[2] * u[1] * u[2];
    du[1] = p[0] * u[0] - p[1] * u[1] * u[1] - p[2] * u[1] * u[2];
    du[2] = p[1] * u[1] * u[1];
  }
};

// A continuous callback on Lorenz that fires (x crosses 0 downwards) and changes nothing but is
// recorded, plus one that never fires: the event machinery's answers enter the hash too.
struct XCross {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 3>& u, const kode::Vec<T, 3>&, T) const {
    return u[0];
  }
};
struct ZBelow {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 3>& u, const kode::Vec<T, 3>&, T) const {
    return u[2] + T(1000);
  }
};
struct Keep {
  template <class T>
  KOKKOS_FUNCTION kode::EventAction operator()(kode::Vec<T, 3>&, kode::Vec<T, 3>&, T) const {
    return kode::EventAction::Continue;
  }
};

// FNV-1a over the bytes of a host View.
template <class View>
std::uint64_t fnv(std::uint64_t h, const View& v) {
  const auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), v);
  const auto* b   = reinterpret_cast<const unsigned char*>(host.data());
  for (std::size_t k = 0; k < host.span() * sizeof(typename View::value_type); ++k) {
    h ^= b[k];
    h *= 1099511628211ULL;
  }
  return h;
}

template <class Sol>
void report(const std::string& name, const Sol& sol) {
  Kokkos::fence();
  std::uint64_t h = 14695981039346656037ULL;
  h               = fnv(h, sol.t);
  h               = fnv(h, sol.u);
  h               = fnv(h, sol.retcode);
  h               = fnv(h, sol.stats);
  h               = fnv(h, sol.t_final);
  h               = fnv(h, sol.u_final);
  h               = fnv(h, sol.event_count);
  h               = fnv(h, sol.event_t);
  h               = fnv(h, sol.event_index);
  const auto st   = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.stats);
  const auto rc   = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sol.retcode);
  long long steps = 0;
  int failed      = 0;
  for (std::size_t i = 0; i < st.extent(0); ++i) {
    steps += st(i).naccept + st(i).nreject;
    failed += rc(i) != kode::ReturnCode::Success;
  }
  std::printf("%-44s %016llx steps %10lld failed %d\n", name.c_str(), static_cast<unsigned long long>(h), steps,
              failed);
}

template <class T>
auto lorenz_problem(const int n) {
  Kokkos::View<T**> u0("u0", n, 3), p("p", n, 3);
  auto u0h = Kokkos::create_mirror_view(u0);
  auto ph  = Kokkos::create_mirror_view(p);
  for (int i = 0; i < n; ++i) {
    u0h(i, 0) = T(1), u0h(i, 1) = T(0), u0h(i, 2) = T(0);
    ph(i, 0) = T(10), ph(i, 1) = T(21) * T(i) / T(n - 1), ph(i, 2) = T(8) / T(3);
  }
  Kokkos::deep_copy(u0, u0h);
  Kokkos::deep_copy(p, ph);
  return kode::EnsembleProblem(Lorenz{}, u0, p, {T(0), T(1)});
}

auto robertson_problem(const int n) {
  using T = double;
  Kokkos::View<T**> u0("u0", n, 3), p("p", n, 3);
  auto ph                 = Kokkos::create_mirror_view(p);
  std::uint64_t s         = 42;
  const double nominal[3] = {0.04, 3e7, 1e4};
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 3; ++c) {
      s              = s * 6364136223846793005ULL + 1442695040888963407ULL;
      const double r = double(s >> 11) / double(1ULL << 53);
      ph(i, c)       = nominal[c] * std::exp(std::log(0.5) + r * std::log(3.0));
    }
  Kokkos::deep_copy(p, ph);
  auto u0h = Kokkos::create_mirror_view(u0);
  for (int i = 0; i < n; ++i) u0h(i, 0) = 1, u0h(i, 1) = 0, u0h(i, 2) = 0;
  Kokkos::deep_copy(u0, u0h);
  return kode::EnsembleProblem(Robertson{}, u0, p, {T(0), T(4e5)});
}

// The Lorenz benchmark's four settings for one method and scalar, and two more that reach the
// dense output and the events: saveat (11 points) and a recorded event.
template <class Alg, class T>
void lorenz(const std::string& alg, const int n) {
  Kokkos::DefaultExecutionSpace exec;
  const auto prob      = lorenz_problem<T>(n);
  const std::string ty = sizeof(T) == 4 ? "float" : "double";
  kode::SolverOptions<T> opts;
  opts.dt     = T(0.001);
  opts.abstol = opts.reltol = T(1e-8);
  const kode::EnsembleKernel ens;
  opts.adaptive = false;
  report("lorenz/" + alg + "/" + ty + "/fixed", KODE_CHECKSUM_SOLVE(fixed)(exec, prob, Alg{}, ens, opts));
  opts.saveat = kode::linspace(exec, T(0), T(1), 11);
  report("lorenz/" + alg + "/" + ty + "/fixed/saveat", KODE_CHECKSUM_SOLVE(fixed_saveat)(exec, prob, Alg{}, ens, opts));
  opts.saveat = {};
  if constexpr (Alg::has_error_est) {
    opts.adaptive = true;
    report("lorenz/" + alg + "/" + ty + "/adaptive", KODE_CHECKSUM_SOLVE(adaptive)(exec, prob, Alg{}, ens, opts));
    opts.saveat = kode::linspace(exec, T(0), T(1), 11);
    report("lorenz/" + alg + "/" + ty + "/adaptive/saveat",
           KODE_CHECKSUM_SOLVE(adaptive_saveat)(exec, prob, Alg{}, ens, opts));
    opts.saveat            = {};
    opts.max_event_records = 4;
    report("lorenz/" + alg + "/" + ty + "/adaptive/events",
           KODE_CHECKSUM_SOLVE(adaptive)(exec, prob, Alg{}, ens, opts,
                                         kode::CallbackSet{kode::ContinuousCallback{XCross{}, Keep{}},
                                                           kode::ContinuousCallback{ZBelow{}, Keep{}}}));
    opts.max_event_records = 0;
  }
  opts.adaptive          = false;
  opts.max_event_records = 4;
  report("lorenz/" + alg + "/" + ty + "/fixed/events",
         KODE_CHECKSUM_SOLVE(fixed)(exec, prob, Alg{}, ens, opts,
                                    kode::CallbackSet{kode::ContinuousCallback{XCross{}, Keep{}}}));
}

// The Robertson benchmark (adaptive, t0/tf), and with saveat (stiff dense output).
template <class Alg>
void robertson(const std::string& alg, const int n) {
  Kokkos::DefaultExecutionSpace exec;
  const auto prob = robertson_problem(n);
  kode::SolverOptions<double> opts;
  opts.reltol = 1e-6;
  opts.abstol = 1e-10;
  report("robertson/" + alg, KODE_CHECKSUM_SOLVE(adaptive)(exec, prob, Alg{}, kode::EnsembleKernel{}, opts));
  opts.saveat = kode::times(exec, {0.0, 1e-3, 0.4, 40.0, 4e3, 4e5});
  report("robertson/" + alg + "/saveat",
         KODE_CHECKSUM_SOLVE(adaptive_saveat)(exec, prob, Alg{}, kode::EnsembleKernel{}, opts));
}

template <class Alg>
void explicit_method(const char* name) {
  lorenz<Alg, float>(name, 1024);
  lorenz<Alg, double>(name, 1024);
}

template <class Alg>
void stiff_method(const char* name) {
  robertson<Alg>(name, 256);
  lorenz<Alg, double>(name, 64);  // the stiff kernels' fixed-step, saveat and event paths
}

}  // namespace

int main(int argc, char* argv[]) {
  Kokkos::ScopeGuard guard(argc, argv);
  explicit_method<kode::Tsit5>("tsit5");
  explicit_method<kode::DP5>("dp5");
  explicit_method<kode::Vern7>("vern7");
  explicit_method<kode::Vern9>("vern9");
  explicit_method<kode::RK4>("rk4");
  stiff_method<kode::Rosenbrock23>("rosenbrock23");
  stiff_method<kode::Rodas4>("rodas4");
  stiff_method<kode::Rodas5P>("rodas5p");
  stiff_method<kode::TRBDF2>("trbdf2");
  stiff_method<kode::Kvaerno3>("kvaerno3");
  stiff_method<kode::Kvaerno5>("kvaerno5");
  robertson<kode::Rodas5P::with<kode::AutoJacobian, kode::PartialPivoting>>("rodas5p_partial", 256);
  robertson<kode::Kvaerno5::with<kode::AutoJacobian, kode::PartialPivoting>>("kvaerno5_partial", 256);
  return 0;
}
