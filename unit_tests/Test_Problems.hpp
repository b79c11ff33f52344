/// \file Test_Problems.hpp
/// \brief Test problems (equations, exact solutions) and reference data.
///
/// Reference solutions were computed in float64 with SciPy's solve_ivp at rtol 1e-13 (DOP853,
/// cross-checked with Radau; largest relative difference 1.7e-12) and are copied here so that the
/// tests need nothing outside the repository.
#ifndef KODE_TEST_PROBLEMS_HPP
#define KODE_TEST_PROBLEMS_HPP

#include "Test_Utils.hpp"

#include <cmath>
#include <vector>

namespace kode_test {

/// Lorenz: u1' = σ(u2 − u1), u2' = u1(ρ − u3) − u2, u3' = u1 u2 − β u3; p = (σ, ρ, β).
struct Lorenz {
  static constexpr int dim = 3, num_params = 3;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>& du, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T) const {
    du[0] = p[0] * (u[1] - u[0]);
    du[1] = u[0] * (p[1] - u[2]) - u[1];
    du[2] = u[0] * u[1] - p[2] * u[2];
  }
};

/// y' = a y cos t, p = (a); exact y(t) = y(t0) exp(a (sin t − sin t0)). Non-autonomous.
struct ExpSin {
  static constexpr int dim = 1, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 1>& p, T t) const {
    du[0] = p[0] * u[0] * kode::cos(t);
  }
  static double exact(double y0, double a, double t0, double t) {
    return y0 * std::exp(a * (std::sin(t) - std::sin(t0)));
  }
};

/// Nonlinear oscillator with a limit cycle, no parameters:
///   x' = −y + x (1 − x² − y²),  y' = x + y (1 − x² − y²).
/// In polar coordinates r' = r (1 − r²), θ' = 1, so with r(0) = r0, θ(0) = θ0:
///   r(t) = 1 / sqrt(1 + (1/r0² − 1) e^{−2t}),  θ(t) = θ0 + t.
struct LimitCycle {
  static constexpr int dim = 2;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 0>&, T) const {
    const T s = T(1) - u[0] * u[0] - u[1] * u[1];
    du[0]     = -u[1] + u[0] * s;
    du[1]     = u[0] + u[1] * s;
  }
  static std::vector<double> exact(double r0, double th0, double t) {
    const double r = 1.0 / std::sqrt(1.0 + (1.0 / (r0 * r0) - 1.0) * std::exp(-2.0 * t));
    return {r * std::cos(th0 + t), r * std::sin(th0 + t)};
  }
};

/// Kepler two-body problem, q'' = −q/|q|³, state (q1, q2, v1, v2), p = (e): from pericentre
/// q0 = (1 − e, 0), v0 = (0, sqrt((1 + e)/(1 − e))) the orbit is an ellipse of eccentricity e and
/// period 2π, so the exact state at t = 2πk is the initial state.
struct Kepler {
  static constexpr int dim = 4, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 4>& du, const kode::Vec<T, 4>& u, const kode::Vec<T, 1>&, T) const {
    const T r2 = u[0] * u[0] + u[1] * u[1];
    const T r3 = r2 * kode::sqrt(r2);
    du[0]      = u[2];
    du[1]      = u[3];
    du[2]      = -u[0] / r3;
    du[3]      = -u[1] / r3;
  }
  static std::vector<double> initial(double e) { return {1.0 - e, 0.0, 0.0, std::sqrt((1.0 + e) / (1.0 - e))}; }
  /// Exact state at time t (semi-major axis 1, mean motion 1): Kepler's equation E − e sin E = t
  /// solved by Newton's method, then q = (cos E − e, √(1−e²) sin E), v = q'.
  static std::vector<double> exact(double e, double t) {
    double E = t;
    for (int it = 0; it < 50; ++it) E -= (E - e * std::sin(E) - t) / (1.0 - e * std::cos(E));
    const double s = std::sqrt(1.0 - e * e), d = 1.0 - e * std::cos(E);
    return {std::cos(E) - e, s * std::sin(E), -std::sin(E) / d, s * std::cos(E) / d};
  }
};

/// u' = u², exact u(t) = u0 / (1 − u0 t): blows up at t = 1/u0.
struct Blowup {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = u[0] * u[0];
  }
};

/// u' = |t − p0|: f is continuous but has a kink at t = p0. On each side the solution is a
/// quadratic in t, which every Runge–Kutta method of order ≥ 2 (and its dense output) reproduces
/// exactly, so only a step that straddles the kink makes an error: with a tstop at p0 the
/// solution is exact to round-off. From u(0) = 0 with p0 = 1/2: u = t/2 − t²/2 up to 1/2, then
/// 1/8 + (t − 1/2)²/2.
struct Kink {
  static constexpr int dim = 1, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>&, const kode::Vec<T, 1>& p, T t) const {
    du[0] = kode::fabs(t - p[0]);
  }
  static double exact(double t) { return t <= 0.5 ? 0.5 * t - 0.5 * t * t : 0.125 + 0.5 * (t - 0.5) * (t - 0.5); }
};

/// Lorenz σ = 10, ρ = 28, β = 8/3, u0 = (1, 0, 0), saved at t = 0, 0.1, ..., 1.
inline const std::vector<std::vector<double>>& lorenz_saveat_reference() {
  static const std::vector<std::vector<double>> ref = {{1.0, 0.0, 0.0},
                                                       {1.271459653718319, 2.550243695199984, 0.11413846072858214},
                                                       {3.9131859657915653, 8.433170574875579, 1.268360168741396},
                                                       {11.69668098201438, 22.992336774166503, 11.770552043159633},
                                                       {19.69337379581892, 16.70972953804048, 45.82979737313115},
                                                       {6.5031599718703745, -8.487016008427744, 38.073477787371985},
                                                       {-3.319328025073533, -8.681608143360487, 28.714823162893282},
                                                       {-6.52502295122884, -8.422509784322283, 25.876519831802888},
                                                       {-8.039374542833748, -9.343992666296284, 25.55683707837162},
                                                       {-9.14131182230371, -9.93713144467512, 26.985906910780816},
                                                       {-9.408450567056235, -9.09619907118688, 28.581627624392343}};
  return ref;
}

/// Lorenz ρ-sweep: σ = 10, β = 8/3, ρ_k = 21 k / 15 (k = 0..15), u0 = (1, 0, 0), state at t = 1.
inline const std::vector<std::vector<double>>& lorenz_sweep_reference() {
  static const std::vector<std::vector<double>> ref = {{4.539992976249696e-05, 0.0, 0.0},
                                                       {0.1634782481991022, 0.1691155781212286, 0.008343525775829672},
                                                       {0.7312956779326708, 0.8321464914526671, 0.1115904598150495},
                                                       {2.1458133942787074, 2.571156483658856, 0.8047910333834465},
                                                       {4.526896692036608, 5.214547023459806, 3.5252323208191565},
                                                       {6.229895258993422, 5.82391140569567, 8.348593700213394},
                                                       {5.488255906047468, 3.6255731805965947, 11.205697120727187},
                                                       {3.6560840637236525, 1.7941766909617811, 11.390201021502792},
                                                       {2.142264829326477, 0.9370517114372795, 10.771459304032408},
                                                       {1.085823689527026, 0.4282527444961347, 10.141788491289747},
                                                       {0.2399842044104715, -0.1535833647806054, 9.67985038724454},
                                                       {-0.6296310829418426, -1.0463284957592567, 9.46037584890377},
                                                       {-1.692380046374748, -2.4114352961220415, 9.607754960246416},
                                                       {-3.046676377064283, -4.31699621182923, 10.34593999358095},
                                                       {-4.685758169683815, -6.626285026128516, 11.96658168906353},
                                                       {-6.450579147318591, -8.895211478667754, 14.649145866604131}};
  return ref;
}

/// A continuous callback on a 3-component state: x crosses 0 (condition) and is recorded with
/// nothing changed (affect), for tests that need an event record without changing the solution.
struct XCrossing {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 3>& u, const kode::Vec<T, 3>&, T) const {
    return u[0];
  }
};
/// See `XCrossing`.
struct RecordOnly {
  template <class T>
  KOKKOS_FUNCTION kode::EventAction operator()(kode::Vec<T, 3>&, kode::Vec<T, 3>&, T) const {
    return kode::EventAction::Continue;
  }
};

/// Lorenz ensemble of `n` trajectories: u0 = (1, 0, 0), p_i = (10, 21 i / (n − 1), 8/3).
template <class T, class MemSpace>
auto lorenz_sweep(int n, T t0 = T(0), T tf = T(1)) {
  auto u0 = make_rows<T, MemSpace>("u0", n, 3, [](int, T* r) { r[0] = T(1), r[1] = T(0), r[2] = T(0); });
  auto p  = make_rows<T, MemSpace>(
      "p", n, 3, [n](int i, T* r) { r[0] = T(10), r[1] = n > 1 ? T(21.0 * i / (n - 1)) : T(0), r[2] = T(8.0 / 3.0); });
  return kode::EnsembleProblem(Lorenz{}, u0, p, {t0, tf});
}

/// Robertson's chemical kinetics (Hairer & Wanner II, IV.1): p = (k1, k2, k3). With `jac`, so that
/// analytic, automatic and finite-difference Jacobians can be compared.
struct Robertson {
  static constexpr int dim = 3, num_params = 3;
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

/// Robertson without `jac`: `AutoJacobian` takes dual numbers.
struct RobertsonNoJac {
  static constexpr int dim = 3, num_params = 3;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 3>& du, const kode::Vec<T, 3>& u, const kode::Vec<T, 3>& p, T t) const {
    Robertson{}(du, u, p, t);
  }
};

/// Robertson reference (float64, 1e-13; ../shared/reference/robertson.csv): k = (0.04, 3e7, 1e4),
/// y0 = (1, 0, 0), at t = 0.4, 4, …, 4e5.
inline const std::vector<double>& robertson_times() {
  static const std::vector<double> t{0.4, 4.0, 40.0, 400.0, 4000.0, 40000.0, 400000.0};
  return t;
}
inline const std::vector<std::vector<double>>& robertson_reference() {
  static const std::vector<std::vector<double>> ref{{0.98517211386099, 3.386395378974909e-05, 0.01479402218522023},
                                                    {0.9055186785842559, 2.2404756875602134e-05, 0.09445891665886856},
                                                    {0.7158270687194541, 9.185534764558848e-06, 0.28416374574578107},
                                                    {0.45051866847113253, 3.2229014416750604e-06, 0.549478108627425},
                                                    {0.18320225777672755, 8.942371252776969e-07, 0.8167968479861469},
                                                    {0.03898337708549811, 1.6217683159103466e-07, 0.9610164607376673},
                                                    {0.004938274520982434, 1.9849940879554406e-08, 0.9950617056290729}};
  return ref;
}

/// Van der Pol, u1'' = μ(1 − u1²)u1' − u1 as a first-order system; p = (μ).
struct VanDerPol {
  static constexpr int dim = 2, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = u[1];
    du[1] = p[0] * (T(1) - u[0] * u[0]) * u[1] - u[0];
  }
};

/// Van der Pol μ = 10, u0 = (2, 0) reference (float64, 1e-13; ../shared/reference/vanderpol_mu10.csv)
/// at t = 2, 4, …, 20.
inline const std::vector<std::vector<double>>& vanderpol_reference() {
  static const std::vector<std::vector<double>> ref{
      {1.8610687248524218, -0.0753216319177483},  {1.697367794831859, -0.08972523102817097},
      {1.4925182335863663, -0.1196364724659011},  {1.1611685857162526, -0.26537825653336095},
      {-1.9712069568291637, 0.06817323245310478}, {-1.8257575880725145, 0.07798303539671006},
      {-1.6549461098086455, 0.09452379735901587}, {-1.4345809950127637, 0.13249708596195434},
      {-0.99887990191552, 0.49320816808969997},   {1.9393585327826395, -0.07008150573580796}};
  return ref;
}

/// A stiff linear system u' = A u, A = [[−1, 1], [0, −λ]], p = (λ). Eigenvalues −1 and −λ;
/// u1 = (u1(0) − a) e^{−t} + a e^{−λt}, u2 = u2(0) e^{−λt}, a = −u2(0)/(λ − 1).
struct StiffLinear {
  static constexpr int dim = 2, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>& du, const kode::Vec<T, 2>& u, const kode::Vec<T, 1>& p, T) const {
    du[0] = -u[0] + u[1];
    du[1] = -p[0] * u[1];
  }
  static std::vector<double> exact(double t, double lam, double u10, double u20) {
    const double a = -u20 / (lam - 1);
    return {(u10 - a) * std::exp(-t) + a * std::exp(-lam * t), u20 * std::exp(-lam * t)};
  }
};

/// Prothero–Robinson u' = λ(u − sin t) + cos t, p = (λ); u = sin t from u(0) = 0 (non-autonomous:
/// exercises ∂f/∂t).
struct ProtheroRobinson {
  static constexpr int dim = 1, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 1>& p, T t) const {
    du[0] = p[0] * (u[0] - kode::sin(t)) + kode::cos(t);
  }
};

/// u' = −√u: from u(0) = 0 the Jacobian −1/(2√u) is infinite (SingularJacobian); from u(0) = 1,
/// u = (1 − t/2)² on [0, 1].
struct SqrtDecay {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = -kode::sqrt(u[0]);
  }
};

/// u' = −u until t = p0, then NaN: 0·log(p0 − t) is 0 before p0 and NaN from p0 on, with finite
/// dual-number derivatives before p0 (automatic Jacobians stay finite; no step can end on p0,
/// where f is already NaN). From u(0) = 1, u = e^{−t} while t < p0.
struct NaNAfter {
  static constexpr int dim = 1, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 1>& p, T t) const {
    du[0] = -u[0] + T(0) * kode::log(p[0] - t);
  }
};

/// HIRES (Hairer & Wanner, Solving ODEs II, IV.10; Schäfer 1975): 8 species of a light-induced
/// plant-growth reaction, stiff; integrated over [0, 321.8122] from
/// y0 = (1, 0, 0, 0, 0, 0, 0, 0.0057).
///   y1' = −1.71 y1 + 0.43 y2 + 8.32 y3 + 0.0007
///   y2' = 1.71 y1 − 8.75 y2
///   y3' = −10.03 y3 + 0.43 y4 + 0.035 y5
///   y4' = 8.32 y2 + 1.71 y3 − 1.12 y4
///   y5' = −1.745 y5 + 0.43 y6 + 0.43 y7
///   y6' = −280 y6 y8 + 0.69 y4 + 1.71 y5 − 0.43 y6 + 0.69 y7
///   y7' = 280 y6 y8 − 1.81 y7
///   y8' = −280 y6 y8 + 1.81 y7
struct Hires {
  static constexpr int dim = 8;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 8>& dy, const kode::Vec<T, 8>& y, const kode::Vec<T, 0>&, T) const {
    const T r = T(280) * y[5] * y[7];
    dy[0]     = T(-1.71) * y[0] + T(0.43) * y[1] + T(8.32) * y[2] + T(0.0007);
    dy[1]     = T(1.71) * y[0] - T(8.75) * y[1];
    dy[2]     = T(-10.03) * y[2] + T(0.43) * y[3] + T(0.035) * y[4];
    dy[3]     = T(8.32) * y[1] + T(1.71) * y[2] - T(1.12) * y[3];
    dy[4]     = T(-1.745) * y[4] + T(0.43) * y[5] + T(0.43) * y[6];
    dy[5]     = -r + T(0.69) * y[3] + T(1.71) * y[4] - T(0.43) * y[5] + T(0.69) * y[6];
    dy[6]     = r - T(1.81) * y[6];
    dy[7]     = -r + T(1.81) * y[6];
  }
  static std::vector<double> initial() { return {1, 0, 0, 0, 0, 0, 0, 0.0057}; }
};

/// HIRES with its right-hand side also given per component (`row`, templated on the scalar type:
/// on a lane group each lane computes its own components, and its own rows of the Jacobian by
/// dual numbers); the call operator is the rows in order, so both forms give the same bits.
struct HiresRows {
  static constexpr int dim = 8;
  template <class T>
  KOKKOS_FUNCTION T row(const int c, const kode::Vec<T, 8>& y, const kode::Vec<T, 0>&, T) const {
    switch (c) {
      case 0:
        return T(-1.71) * y[0] + T(0.43) * y[1] + T(8.32) * y[2] + T(0.0007);
      case 1:
        return T(1.71) * y[0] - T(8.75) * y[1];
      case 2:
        return T(-10.03) * y[2] + T(0.43) * y[3] + T(0.035) * y[4];
      case 3:
        return T(8.32) * y[1] + T(1.71) * y[2] - T(1.12) * y[3];
      case 4:
        return T(-1.745) * y[4] + T(0.43) * y[5] + T(0.43) * y[6];
      case 5:
        return -(T(280) * y[5] * y[7]) + T(0.69) * y[3] + T(1.71) * y[4] - T(0.43) * y[5] + T(0.69) * y[6];
      case 6:
        return T(280) * y[5] * y[7] - T(1.81) * y[6];
      default:
        return -(T(280) * y[5] * y[7]) + T(1.81) * y[6];
    }
  }
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 8>& dy, const kode::Vec<T, 8>& y, const kode::Vec<T, 0>& p, T t) const {
    for (int c = 0; c < 8; ++c) dy[c] = row(c, y, p, t);
  }
};

/// Pleiades (Hairer, Nørsett & Wanner, Solving ODEs I, II.10): 7 bodies, mass j + 1, 28 unknowns.
struct Pleiades {
  static constexpr int dim = 28, num_params = 0;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 28>& du, const kode::Vec<T, 28>& u, const kode::Vec<T, 0>&, T) const {
    for (int i = 0; i < 14; ++i) du[i] = u[14 + i];
    for (int i = 0; i < 7; ++i) {
      T ax = T(0), ay = T(0);
      for (int j = 0; j < 7; ++j) {
        if (j == i) continue;
        const T dx = u[j] - u[i], dy = u[7 + j] - u[7 + i];
        const T r2 = dx * dx + dy * dy;
        const T w  = T(j + 1) / (r2 * kode::sqrt(r2));
        ax += w * dx;
        ay += w * dy;
      }
      du[14 + i] = ax;
      du[21 + i] = ay;
    }
  }
  static kode::Vec<double, 28> initial() {
    const double x[7] = {3, 3, -1, -3, 2, -2, 2}, y[7] = {3, -3, 2, 0, 0, -4, 4};
    const double vx[7] = {0, 0, 0, 0, 0, 1.75, -1.5}, vy[7] = {0, 0, 0, -1.25, 1, 0, 0};
    kode::Vec<double, 28> u;
    for (int b = 0; b < 7; ++b) u[b] = x[b], u[7 + b] = y[b], u[14 + b] = vx[b], u[21 + b] = vy[b];
    return u;
  }
};

/// Pleiades with its right-hand side also given per component (`row`, for lane groups: each lane
/// computes its own components); the call operator is the rows in order, so both forms give the
/// same bits.
struct PleiadesRows {
  static constexpr int dim = 28, num_params = 0;
  template <class T>
  KOKKOS_FUNCTION T row(const int c, const kode::Vec<T, 28>& u, const kode::Vec<T, 0>&, T) const {
    if (c < 14) return u[14 + c];
    const int i = (c - 14) % 7, axis = (c - 14) / 7;  // body i, x (0) or y (1)
    T a = T(0);
    for (int j = 0; j < 7; ++j) {
      if (j == i) continue;
      const T dx = u[j] - u[i], dy = u[7 + j] - u[7 + i];
      const T r2 = dx * dx + dy * dy;
      a += T(j + 1) / (r2 * kode::sqrt(r2)) * (axis == 0 ? dx : dy);
    }
    return a;
  }
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 28>& du, const kode::Vec<T, 28>& u, const kode::Vec<T, 0>& p,
                                  T t) const {
    for (int c = 0; c < 28; ++c) du[c] = row(c, u, p, t);
  }
};

/// Five coupled oscillators driven in time (reads t): u'' = −k u + coupling + cos t, as 10
/// unknowns; p = (k).
struct Chain {
  static constexpr int dim = 10, num_params = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 10>& du, const kode::Vec<T, 10>& u, const kode::Vec<T, 1>& p,
                                  T t) const {
    for (int i = 0; i < 5; ++i) {
      const T left = i > 0 ? u[i - 1] : T(0), right = i < 4 ? u[i + 1] : T(0);
      du[i]     = u[5 + i];
      du[5 + i] = -p[0] * u[i] + T(0.5) * (left + right - T(2) * u[i]) + T(0.1) * kode::cos(t * T(i + 1));
    }
  }
};

// Events on Chain: oscillator 2 crossing zero downwards reverses oscillator 4's velocity; a
// discrete callback scales the parameter after every accepted step past t = 3.
struct Crossing2 {
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 10>& u, const kode::Vec<T, 1>&, T) const {
    return u[2];
  }
};
struct Reverse4 {
  template <class T>
  KOKKOS_FUNCTION kode::EventAction operator()(kode::Vec<T, 10>& u, kode::Vec<T, 1>&, T) const {
    u[9] = -u[9];
    return kode::EventAction::Continue;
  }
};
struct Late {
  template <class T>
  KOKKOS_FUNCTION bool operator()(const kode::Vec<T, 10>&, const kode::Vec<T, 1>&, T t) const {
    return t > T(3);
  }
};
struct Stiffen {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 10>&, kode::Vec<T, 1>& p, T) const {
    p[0] = p[0] * T(1.001);
  }
};

/// Chain's initial state.
inline kode::Vec<double, 10> chain_initial() {
  kode::Vec<double, 10> u;
  for (int i = 0; i < 10; ++i) u[i] = i < 5 ? 0.3 * (i + 1) - 0.8 : 0.1 * (i - 7);
  return u;
}
/// Chain's callbacks: `Crossing2` with `Reverse4` on downcrossings, and `Late` with `Stiffen`.
inline auto chain_callbacks() {
  return kode::CallbackSet{kode::ContinuousCallback{Crossing2{}, kode::NoAffect{}, Reverse4{}},
                           kode::DiscreteCallback{Late{}, Stiffen{}}};
}

}  // namespace kode_test

#endif  // KODE_TEST_PROBLEMS_HPP
