/// \file Kode_SDIRK.hpp
/// \brief `kode::TRBDF2`, `kode::Kvaerno3`, `kode::Kvaerno5`: stiffly accurate ESDIRK methods
/// (explicit first stage, one diagonal coefficient γ) with a simplified Newton iteration.
///
/// Each implicit stage solves z_i = h f(t + c_i h, u + Σ_{j<i} a_ij z_j + γ z_i) for z_i by the
/// simplified Newton iteration of Hairer & Wanner, Solving ODEs II, IV.8: the iteration matrix
/// I − γhJ (here W = I/(γh) − J, factored once per step attempt, J at the step's start) is frozen
/// for every stage and iteration of the step. Convergence is measured in the error norm with the
/// rate θ_k = ‖Δz_k‖/‖Δz_{k−1}‖: the stage is accepted once θ < 1 and θ/(1 − θ)‖Δz‖ ≤ κ (the
/// remaining error, HW (8.11)), or once ‖Δz‖ is below 1e-5 or the round-off floor (below). θ ≥ 2
/// (divergence) or 10 iterations without convergence make the step return `Retry`: the loop
/// rejects it and halves h. An iterate that is not finite (f is Inf/NaN there) makes it return
/// `NonFinite`: the loop also halves h, but a trajectory still non-finite at the step floor ends
/// `Unstable` (a blow-up, as for every method), not `DtLessThanMin`. Two deliberate departures
/// from HW IV.8, both measured on Robertson at 1e-8 (docs/architecture.md): at least two
/// iterations per stage (accepting the first iterate on the previous stage's rate, HW (8.12),
/// left TR-BDF2's undamped trapezoidal stage unconverged and its Robertson solution wrong by 250%),
/// and no early "too slow" rejection (HW (8.10) rejected 527 of Kvaerno5's steps where iterating
/// on converged; 27 rejections without it). Each stage starts from an extrapolation of the
/// earlier stages (the predictors of OrdinaryDiffEq.jl's `kvaerno_perform_step.jl` and
/// `sdirk_perform_step.jl`). The error estimate Σ b̃_i z_i is smoothed by (I − γhJ)⁻¹ (Shampine),
/// which keeps it bounded for stiff components.
///
/// Round-off floor of the Newton test. The stage value U = tmp + γz is resolved to about an ulp of
/// max(|tmp|, |U|), so an update Δz = ΔU/γ of at most `NewtonSettings::roundoff_ulps` = 2 such
/// ulps (divided by γ), measured in the same error norm, has converged: with abstol negligible
/// that is 2ε/(γ reltol) in the norm, which exceeds the 1e-5 of `tiny_update` for every useful
/// reltol in float (below 0.05 … 0.09, by γ) and in double only below 1e-10 … 1.7e-10. Without
/// the floor the test asked for less than float resolves at reltol 1e-6, abstol 1e-10 (for
/// Kvaerno5 one ulp of U is 0.46 in that norm): the updates stalled at 0.02 … 0.25 of the norm with rates θ ≈ 1 (and θ
/// ≥ 2, "divergence", from round-off alone), every such stage failed, and the loop halved h until an update fell below
/// 1e-5. Measured, float vs double attempts: Van der Pol μ = 1000 from (2, 0) over [0, 300],
/// Kvaerno5 100000 (46% rejected, MaxIters at t = 17.8) vs 40, now 62; Kvaerno3 2666 vs 216, now
/// 223; TRBDF2 701 vs 161, now 170; HIRES Kvaerno5 47653 vs 149, now 157 (Kvaerno3 17949 → 938,
/// TRBDF2 1115 → 675, double 932, 672). 0.5, 1 and 4 ulps give the same counts within 15%. This
/// clamps only what Newton asks for: the loop still judges the error estimate against reltol, and
/// a reltol at which the error estimate itself is round-off (float below ~1e-7) makes every
/// method's steps shrink (Kvaerno5, float, 1e-8: MaxIters at t = 48, no Newton failure).
///
/// Dense output: u(t + θh) ≈ u + Σ_j b_j(θ) z_j, a continuous extension (Hairer, Nørsett & Wanner,
/// Solving ODEs I, II.6) with polynomial weights derived for kode from three requirements:
/// (1) order q inside the step, Σ_j b_j(θ) Φ_j(t) = θ^|t|/γ(t) for every rooted tree with |t| ≤ q
///     (checked in tstTableaus.cpp with the other interpolants);
/// (2) bounded in the stiff limit: written in the implicit stages' values, the weight of
///     z_1 = h f(u_n) vanishes, b_1(θ) = Σ_{j≥2} b_j(θ) v_j with v = A₂₂⁻¹ (a_21 … a_s1)ᵀ, so
///     that the dense output is a combination of u_n and the stage values; on y' = λy,
///     |R_θ(hλ)| ≤ 1 for every hλ ≤ 0 (measured down to −1e8). The cubic Hermite interpolant
///     used before took f(u_n) with weight θ(1 − θ)², and f(u_n) is λ times the stiff part of
///     u_n's error: on u' = Au with eigenvalues −1 and −1e6 and steps h = 0.1 it was off by 1.25e4
///     inside the steps (now at most 0.96, the size of the unresolved transient);
/// (3) continuity, b(1) = b (and, for Kvaerno5, the slope f(u_new) at θ = 1).
/// TRBDF2 (q = 2): (1)–(3) leave one extension, the quadratic through u_n, the trapezoidal stage
/// Y_2 and u_new: BDF2's own interpolating polynomial, and the quadratic interpolation of MATLAB's
/// TR-BDF2 code ode23tb (`ntrp23tb`, Reichelt, Shampine & Ma). Kvaerno3 (q = 3): unique as well;
/// it is the C0 interpolant of the Kvaerno3 (`Kv3I`) of W. R. Kampinga's extensisq. Kvaerno5
/// (q = 4): two free parameters remain, chosen to minimize ∫₀¹ Σ_{|t|=5} (defect_t(θ)/σ(t))² dθ
/// (+1e-6 |β|², β the polynomial coefficients of b(θ)); the order-5 defect is
/// about 0.009 whatever they are. Order 5 needs more stages: with (2), the order-5 conditions
/// span 9 dimensions of which the 7 stages give 7, so it would take two extra implicit stages
/// (Newton solves) in every step that holds a save. Stored as in RodasStepper: K_r = Σ_j H_rj z_j
/// (TRBDF2 1 vector, Kvaerno3 2, Kvaerno5 3, formed once per step; no extra f evaluation) and
/// y(θ) = (1 − θ) u_n + θ (u_new + (1 − θ) Σ_r θ^r K_r). Measured, saveat values against the same
/// times reached as step ends (tstops), in units of the tolerance, 7 save times, 1e-6 / 1e-10:
/// Van der Pol μ = 1000 over [0, 300]: Kvaerno5 53.8 / 625 with the cubic Hermite, now 0.029 /
/// 8.8; TRBDF2 6.2 / 5.2 → 0.60 / 5.2; Kvaerno3 0.75 / 0.0074 → 0.14 / 0.0073. μ = 1 over [0, 20]:
/// Kvaerno5 25 / 67 → 4.1 / 1.4; TRBDF2 3.9 / 3.2 → 4.1 / 3.4 and Kvaerno3 0.03 / 0.001 (both
/// unchanged). TRBDF2's 3–5 are the two runs' different global errors (an order-2 method at
/// tight tolerances): against the exact local solution of each step its interpolant is within
/// 0.9 of the tolerance, as its steps are. Kvaerno5's 8.8 at 1e-10 is the order-4 interpolant
/// (steps of ~30 on the slow phase; the steps' local errors are 0.03 there).
///
/// Sources of the coefficients:
/// - TRBDF2: R. E. Bank et al., "Transient simulation of silicon devices and circuits", IEEE
///   Trans. CAD 4 (1985) 436–451; in ESDIRK form with its order-3 embedded estimate from
///   M. E. Hosea and L. F. Shampine, "Analysis and implementation of TR-BDF2", Appl. Numer. Math.
///   20 (1996) 21–37 (as in OrdinaryDiffEq.jl's `TRBDF2Tableau`).
/// - Kvaerno3, Kvaerno5: A. Kværnø, "Singly diagonally implicit Runge–Kutta methods with an
///   explicit first stage", BIT 44 (2004) 489–502 (as in OrdinaryDiffEq.jl's `Kvaerno3Tableau`,
///   `Kvaerno5Tableau`).
#ifndef KODE_SDIRK_HPP
#define KODE_SDIRK_HPP

#include "Kode_Implicit.hpp"
#include "Kode_RungeKutta.hpp"

#include <vector>

namespace kode {
namespace Impl {

/// TRBDF2: γ_TR = 2 − √2 is the trapezoidal stage's end; the diagonal is d = γ_TR / 2.
struct TRBDF2Tableau {
  static constexpr const char* name = "TRBDF2";
  static constexpr int stages       = 3;
  static constexpr double gamma     = 0.29289321881345247559915563789515;  // 1 − √2/2
  static constexpr double omega     = 0.35355339059327376220042218105242;  // √2/4
  static constexpr int order        = 2;
  KOKKOS_INLINE_FUNCTION static constexpr double a(int i, int j) {
    return i == 1 ? (j == 0 ? gamma : 0.0) : (i == 2 && j < 2 ? omega : 0.0);
  }
  KOKKOS_INLINE_FUNCTION static constexpr double c(int i) { return i == 0 ? 0.0 : (i == 1 ? 2 * gamma : 1.0); }
  // error estimate Σ b̃_i z_i with b̃ = b̂ − b
  KOKKOS_INLINE_FUNCTION static constexpr double btilde(int i) {
    constexpr double bt[3] = {-0.13807118745769828, 0.33333333333333333, -0.19526214587563505};
    return bt[i];
  }
  // predictors: z_2 ← z_1, z_3 ← −√2/2 z_1 + (1 + √2/2) z_2
  KOKKOS_INLINE_FUNCTION static constexpr double alpha(int i, int j) {
    return i == 1 ? (j == 0 ? 1.0 : 0.0) : (j == 0 ? -0.70710678118654752 : (j == 1 ? 1.70710678118654752 : 0.0));
  }
  // Dense output of order 2: the quadratic through u, the trapezoidal stage Y_2 (at c_2 = 2γ) and
  // u_new, BDF2's own interpolating polynomial (its slope at θ = 1 is f(u_new)); MATLAB's ode23tb
  // interpolates so too (`ntrp23tb`). The only order-2 extension with b(1) = b that is bounded
  // in the stiff limit (file comment).
  static constexpr int dense_order = 2;
  static constexpr int dense_terms = 1;
  KOKKOS_INLINE_FUNCTION static constexpr double H(int, int j) { return j < 2 ? omega : -2 * omega; }
};

struct Kvaerno3Tableau {
  static constexpr const char* name = "Kvaerno3";
  static constexpr int stages       = 4;
  static constexpr double gamma     = 0.4358665215;
  static constexpr int order        = 3;
  KOKKOS_INLINE_FUNCTION static constexpr double a(int i, int j) {
    constexpr double A[4][3] = {{0, 0, 0},
                                {gamma, 0, 0},
                                {0.490563388419108, 0.073570090080892, 0},
                                {0.308809969973036, 1.490563388254106, -1.235239879727145}};
    return j < 3 ? A[i][j] : 0.0;
  }
  KOKKOS_INLINE_FUNCTION static constexpr double c(int i) {
    constexpr double cv[4] = {0, 2 * gamma, 1, 1};
    return cv[i];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double btilde(int i) {
    constexpr double bt[4] = {0.181753418446072, -1.416993298173214, 1.671106401227145, -gamma};
    return bt[i];
  }
  // z_3 from the Hermite extrapolation of z_1, z_2 (θ = c_3 / c_2); z_4 ← the embedded solution's z.
  static constexpr double th = 1.0 / (2 * gamma);
  KOKKOS_INLINE_FUNCTION static constexpr double alpha(int i, int j) {
    return i == 1   ? (j == 0 ? 1.0 : 0.0)
           : i == 2 ? (j == 0   ? 1 - 4 * th + 3 * th * th + 6 * th * (1 - th) / (2 * gamma) * gamma
                       : j == 1 ? -2 * th + 3 * th * th + 6 * th * (1 - th) / (2 * gamma) * gamma
                                : 0.0)
                    : (j < 2 ? a(2, j) : (j == 2 ? gamma : 0.0));
  }
  // Dense output of order 3 (file comment): the unique continuous extension of order 3 that is
  // continuous and bounded in the stiff limit; the same as extensisq's C0 interpolant of Kv3I.
  static constexpr int dense_order = 3;
  static constexpr int dense_terms = 2;
  KOKKOS_INLINE_FUNCTION static constexpr double H(int r, int j) {
    constexpr double Hc[2][4] = {{0.69119003002696262, -1.4905633882540702, 2.2805001350156725, -1.4811267767885651},
                                 {-0.38238006005392687, 2.9811267765081824, -3.5157400148010421, 0.91699329834678652}};
    return Hc[r][j];
  }
};

struct Kvaerno5Tableau {
  static constexpr const char* name = "Kvaerno5";
  static constexpr int stages       = 7;
  static constexpr double gamma     = 0.26;
  static constexpr int order        = 5;
  KOKKOS_INLINE_FUNCTION static constexpr double a(int i, int j) {
    constexpr double A[7][6] = {
        {0, 0, 0, 0, 0, 0},
        {gamma, 0, 0, 0, 0, 0},
        {0.13, 0.84033320996790809, 0, 0, 0, 0},
        {0.22371961478320505, 0.47675532319799699, -0.06470895363112615, 0, 0, 0},
        {0.16648564323248321, 0.1045001884159172, 0.03631482272098715, -0.13090704451073998, 0, 0},
        {0.13855640231268224, 0, -0.04245337201752043, 0.02446657898003141, 0.61943039072480676, 0},
        {0.13659751177640291, 0, -0.05496908796538376, -0.04118626728321046, 0.62993304899016403, 0.06962479448202728}};
    return j < 6 ? A[i][j] : 0.0;
  }
  KOKKOS_INLINE_FUNCTION static constexpr double c(int i) {
    constexpr double cv[7] = {0, 2 * gamma, 1.230333209967908, 0.895765984350076, 0.436393609858648, 1, 1};
    return cv[i];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double btilde(int i) {
    constexpr double bt[7] = {
        0.00195889053627933, 0,     0.01251571594786333, 0.06565284626324187, -0.01050265826535727,
        0.19037520551797272, -gamma};
    return bt[i];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double alpha(int i, int j) {
    constexpr double Al[6][3] = {{0, 0, 0},
                                 {1, 0, 0},
                                 {-1.366025403784441, 2.3660254037844357, 0},
                                 {-0.19650552613122207, 0.8113579546496623, 0.38514757148155954},
                                 {0.10375304369958693, 0.937994698066431, -0.04174774176601781},
                                 {-0.17281112873898072, 0.6235784481025847, 0.5492326806363959}};
    // z_7 ← the embedded solution's z (row 6 of a, and γ z_6)
    return i < 6 ? (j < 3 ? Al[i][j] : 0.0) : (j < 5 ? a(5, j) : (j == 5 ? gamma : 0.0));
  }
  // Dense output of order 4 (file comment): continuous, C1 at θ = 1 (slope f(u_new)) and bounded
  // in the stiff limit; the two remaining free parameters minimize the order-5 defect. Stage 2
  // has weight 0 (as in b).
  static constexpr int dense_order = 4;
  static constexpr int dense_terms = 3;
  KOKKOS_INLINE_FUNCTION static constexpr double H(int r, int j) {
    constexpr double Hc[3][7] = {{0.85307211780271935, 0, -0.011033569880668757, -0.30503941941208492,
                                  -0.57454641646749698, 0.26278165290814073, -0.22523436495060954},
                                 {-1.2225960101904939, 0, 0.80849455904563428, -1.0933038217680157, 2.7018476573756372,
                                  -0.33063743454533607, -0.8638049499174257},
                                 {0.50612140416417743, 0, -0.8524300771303493, 1.3571569738968902, -1.4973681919179762,
                                  0.13748057611922263, 0.34903931486803525}};
    return Hc[r][j];
  }
};

/// The ESDIRK tableau as a Butcher tableau (diagonal γ from the second stage on; b the last row,
/// b̂ = b + b̃), for the order-condition tests.
template <class Tab>
ButcherTableau esdirk_butcher() {
  constexpr int S = Tab::stages;
  ButcherTableau B(S);
  for (int i = 0; i < S; ++i) {
    for (int j = 0; j < i; ++j) B.a(i, j) = Tab::a(i, j);
    if (i > 0) B.a(i, i) = Tab::gamma;
    B.c[i] = Tab::c(i);
  }
  B.bhat.resize(S);
  for (int j = 0; j < S; ++j) {
    B.b[j]    = B.a(S - 1, j);
    B.bhat[j] = B.b[j] + Tab::btilde(j);
  }
  return B;
}

/// The dense-output weights b_j(θ) = θ b_j + θ(1 − θ) Σ_r θ^r H_rj of an ESDIRK tableau (u(t + θh)
/// ≈ u + h Σ_j b_j(θ) k_j), for the order-condition tests (host).
template <class Tab>
std::vector<double> esdirk_dense_weights(double th) {
  constexpr int S = Tab::stages;
  std::vector<double> w(S);
  for (int j = 0; j < S; ++j) {
    double inner = 0;
    for (int r = Tab::dense_terms - 1; r >= 0; --r) inner = Tab::H(r, j) + th * inner;
    const double b = j < S - 1 ? Tab::a(S - 1, j) : Tab::gamma;  // stiffly accurate: b is the last row
    w[j]           = th * b + th * (1 - th) * inner;
  }
  return w;
}

/// Newton settings. κ and the iteration limit are OrdinaryDiffEq.jl's `NLNewton` defaults; the
/// others are discussed in the file comment.
struct NewtonSettings {
  static constexpr int max_iters      = 10;    ///< iterations before the step is retried smaller
  static constexpr double kappa       = 0.01;  ///< stop when the estimated remaining error ≤ κ (error norm)
  static constexpr double divergence  = 2.0;   ///< a rate θ this large means divergence
  static constexpr double tiny_update = 1e-5;  ///< an update this small (error norm) has converged
  /// An update that moves the stage value U by at most this many ulps of max(|tmp|, |U|) (an
  /// update of z = (U − tmp)/γ: divided by γ), measured in the error norm, has converged: the
  /// scalar type resolves no more (see the file comment).
  static constexpr double roundoff_ulps = 2.0;
};

/// Stepper of a stiffly accurate ESDIRK method with a simplified Newton iteration.
template <class Tab, class JacPolicy, class Pivoting, class T, int N, class Lin>
struct ESDIRKStepper {
  using V                  = Vec<T, N>;
  static constexpr int S   = Tab::stages;
  static constexpr int Dim = Lin::dim;  // the whole state's size (N is this lane's part on a group)
  Lin lin;                              // Linearization, or GroupLinearization on a lane group (N: the lane's part)
  StageDenseOutput<Tab, T, N> dense;    // the dense output of the last accepted step
  T abstol, reltol;                     // Newton convergence is measured in the error norm

  KOKKOS_FUNCTION void configure(const T atol, const T rtol) {
    abstol = atol;
    reltol = rtol;
  }

  template <class F>
  KOKKOS_FUNCTION void initialize(const F&, const V&, const T, Stats&) {
    lin.invalidate();
  }

  // Solves z = h f(t_i, tmp + γ z) from the guess in z. `Ok` once converged; `NonFinite` when an
  // iterate is not finite (f or the update is Inf/NaN there: the loop retries smaller and, at the
  // step floor, ends the trajectory `Unstable`); `Retry` when the iteration diverges or has not
  // converged within NewtonSettings::max_iters iterations.
  template <class F>
  KOKKOS_FUNCTION StepStatus newton(const F& f, const V& tmp, const T ti, const T h, V& z, Stats& st) const {
    const T ih    = T(1) / h;
    const T ig    = T(1) / T(Tab::gamma);
    const T kappa = T(NewtonSettings::kappa);
    // Round-off of an update of z relative to the stage value U = tmp + γz, per unit of U's size.
    const T ulps = T(NewtonSettings::roundoff_ulps) * FloatTraits<T>::epsilon() * ig;
    T ndz_prev   = T(0);
    for (int iter = 1; iter <= NewtonSettings::max_iters; ++iter) {
      V U, dz;
      for (int n = 0; n < N; ++n) U[n] = tmp[n] + T(Tab::gamma) * z[n];
      f(dz, U, ti);
      ++st.nf;
      ++st.nnewton;
      // Δz = (I − γhJ)⁻¹ (h f − z) = W⁻¹ (f − z/h) / γ
      for (int n = 0; n < N; ++n) dz[n] = (dz[n] - z[n] * ih) * ig;
      lin.solve(dz, st);
      for (int n = 0; n < N; ++n) {
        z[n] += dz[n];
        U[n] = tmp[n] + T(Tab::gamma) * z[n];
      }
      if (!lin.all_finite(U)) return StepStatus::NonFinite;
      // ‖Δz‖ and the round-off floor ‖ulps · max(|tmp|, |U|)‖ in the error norm's weights (the
      // sums over the whole state: a lane group's `lin` sums every lane's components in order).
      V a, b;
      for (int n = 0; n < N; ++n) {
        const T m = kode::fmax(kode::fabs(tmp[n]), kode::fabs(U[n]));
        const T w = T(1) / (abstol + reltol * m);
        a[n]      = dz[n] * w;
        b[n]      = m * w;
      }
      const T ndz      = kode::sqrt(lin.sum_squares(a) / T(Dim));
      const T roundoff = ulps * kode::sqrt(lin.sum_squares(b) / T(Dim));
      // converged in any case: tiny, or within round-off of U (the scalar type resolves no more)
      if (ndz <= kode::fmax(T(NewtonSettings::tiny_update), roundoff)) return StepStatus::Ok;
      if (iter > 1) {
        const T theta = ndz / ndz_prev;
        if (!(theta < T(NewtonSettings::divergence))) return StepStatus::Retry;
        // η = θ/(1 − θ) bounds the remaining error by η‖Δz‖ (HW (8.11)); a rate ≥ 1 may still
        // settle, so it iterates on until max_iters.
        if (theta < T(1) && theta / (T(1) - theta) * ndz <= kappa) return StepStatus::Ok;
      }
      ndz_prev = ndz;
    }
    return StepStatus::Retry;
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V& err, Stats& st) {
    const StepStatus prepared = lin.prepare(f, u, t, h * T(Tab::gamma), st);
    if (prepared != StepStatus::Ok) return prepared;
    V z[S];
    z[0]              = h * lin.f0;
    StepStatus status = StepStatus::Ok;
    static_for<1, S>([&](auto I) {
      constexpr int i = decltype(I)::value;
      if (status != StepStatus::Ok) return;
      V tmp = u, zi = V::zero();
      static_for<0, i>([&](auto J) {
        constexpr int j = decltype(J)::value;
        if constexpr (Tab::a(i, j) != 0.0)
          for (int n = 0; n < N; ++n) tmp[n] += T(Tab::a(i, j)) * z[j][n];
        if constexpr (Tab::alpha(i, j) != 0.0)
          for (int n = 0; n < N; ++n) zi[n] += T(Tab::alpha(i, j)) * z[j][n];
      });
      status = newton(f, tmp, t + T(Tab::c(i)) * h, h, zi, st);
      z[i]   = zi;
      if (i == S - 1)
        for (int n = 0; n < N; ++n) unew[n] = tmp[n] + T(Tab::gamma) * zi[n];
    });
    if (status != StepStatus::Ok) {
      ++st.nnewtonf;
      return status;
    }
    dense.form(z);
    if constexpr (ErrorEstimate) {
      err = V::zero();
      static_for<0, S>([&](auto J) {
        constexpr int j = decltype(J)::value;
        if constexpr (Tab::btilde(j) != 0.0)
          for (int n = 0; n < N; ++n) err[n] += T(Tab::btilde(j)) * z[j][n];
      });
      // (I − γhJ)⁻¹ err = W⁻¹ err / (γh)
      lin.solve(err, st);
      err *= T(1) / (h * T(Tab::gamma));
    }
    return StepStatus::Ok;
  }

  template <class F>
  KOKKOS_FUNCTION void accept(const F&, const V&, const T, Stats&) {
    lin.invalidate();
  }

  // The stage-based dense output (see the tableaus): u + Σ_j b_j(θ) z_j in the form
  // (1 − θ) u + θ (u_new + (1 − θ) Σ_r θ^r K_r), as RodasStepper's.
  template <class F>
  KOKKOS_FUNCTION V interpolate(const F&, const T, const V& uprev, const V& unew, const T, const T th, Stats&) const {
    return dense(uprev, unew, th);
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::SingularJacobian; }
};

}  // namespace Impl

/// \brief TR-BDF2: L-stable ESDIRK of order 2 (a trapezoidal stage, then BDF2) with an order-3
/// estimate; 2 implicit stages. Robust at loose tolerances. Automatic Jacobians, no
/// pivoting; `kode::TRBDF2::with<...>` chooses otherwise.
using TRBDF2 = StiffMethod<Impl::ESDIRKStepper, Impl::TRBDF2Tableau, AutoJacobian, DefaultPivoting>;
/// \brief Kvaerno3: L-stable ESDIRK of order 3 with an order-2 estimate; 3 implicit stages.
using Kvaerno3 = StiffMethod<Impl::ESDIRKStepper, Impl::Kvaerno3Tableau, AutoJacobian, DefaultPivoting>;
/// \brief Kvaerno5: L-stable ESDIRK of order 5 with an order-4 estimate; 6 implicit stages (the
/// method of diffrax's stiff benchmark).
using Kvaerno5 = StiffMethod<Impl::ESDIRKStepper, Impl::Kvaerno5Tableau, AutoJacobian, DefaultPivoting>;

}  // namespace kode

#endif  // KODE_SDIRK_HPP
