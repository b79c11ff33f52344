// expect: kode: the stepper has no `void accept\(const F& f, const State& unew, T tnew, kode::Stats& st\)`
// A method whose stepper lacks `accept`: kode::solve names the missing member of the stepper
// contract (solvers/Kode_Stepper.hpp) in one sentence, and nothing follows it.
#include <Kode.hpp>

namespace {
template <class T, int N>
struct NoAcceptStepper {
  template <class F>
  KOKKOS_FUNCTION void initialize(const F&, const kode::Vec<T, N>&, T, kode::Stats&) {}
  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION kode::StepStatus step(const F& f, const kode::Vec<T, N>& u, T t, T h, kode::Vec<T, N>& unew,
                                        kode::Vec<T, N>&, kode::Stats&) {
    kode::Vec<T, N> du;
    f(du, u, t);
    for (int i = 0; i < N; ++i) unew[i] = u[i] + h * du[i];
    return kode::StepStatus::Ok;
  }
  template <class F>
  KOKKOS_FUNCTION kode::Vec<T, N> interpolate(const F&, T, const kode::Vec<T, N>& u, const kode::Vec<T, N>&, T, T,
                                              kode::Stats&) const {
    return u;
  }
  KOKKOS_FUNCTION kode::ReturnCode failure() const { return kode::ReturnCode::Success; }
};
struct Euler {
  static constexpr int order          = 1;
  static constexpr bool has_error_est = false;
  static constexpr const char* name   = "Euler";
  template <class T, int N>
  using stepper = NoAcceptStepper<T, N>;
};
struct Decay {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = -u[0];
  }
};
}  // namespace

void solve_with_a_stepper_without_accept() {
  Kokkos::View<double**> u0("u0", 1, 1), p("p", 1, 0);
  kode::EnsembleProblem prob(Decay{}, u0, p, {0.0, 1.0});
  kode::SolverOptions<double> opts;
  opts.adaptive = false;
  opts.dt       = 0.1;
  kode::solve(Kokkos::DefaultExecutionSpace(), prob, Euler{}, kode::EnsembleKernel{}, opts);
}
