/// \file Kode_Rodas.hpp
/// \brief `kode::Rodas4` and `kode::Rodas5P`: stiffly accurate Rosenbrock methods of order 4 and 5
/// with their stiff-aware dense output, in the transformed form that needs one LU per step.
///
/// Form (Hairer & Wanner, Solving ODEs II, IV.7, eq. (7.25); the arrangement of OrdinaryDiffEq.jl's
/// `rosenbrock_perform_step.jl`): with W = I/(γh) − J, J = ∂f/∂u and ∂f/∂t at (t, u),
///   U_i = u + Σ_{j<i} a_ij k_j,
///   W k_i = f(t + c_i h, U_i) + h d_i ∂f/∂t + Σ_{j<i} (C_ij / h) k_j,
///   u_new = u + Σ_j m_j k_j (the last stages have c = 1 and m = the last row of a plus one:
///   u_new = U_s + k_s), error estimate = k_s.
/// Dense output (OrdinaryDiffEq's `RosenbrockInterpolants`):
///   u(θ) = (1 − θ) u + θ (u_new + (1 − θ)(K_1 + θ (K_2 [+ θ K_3]))),  K_r = Σ_j H_rj k_j.
/// Sources of the coefficients:
/// - Rodas4: E. Hairer and G. Wanner, Solving ODEs II, 2nd ed., Springer 1996, IV.7, Table 7.3
///   (code RODAS, METHOD = 1) and its dense output; as in OrdinaryDiffEq.jl's `Rodas4Tableau`.
/// - Rodas5P: G. Steinebach, "Construction of Rosenbrock–Wanner method Rodas5P and numerical
///   benchmarks within the Julia Differential Equations package", BIT 63 (2023) 27; as in
///   OrdinaryDiffEq.jl's `Rodas5PTableau` (and DiffEqGPU.jl's `rodas_tableaus.jl`).
#ifndef KODE_RODAS_HPP
#define KODE_RODAS_HPP

#include "Kode_Implicit.hpp"
#include "Kode_RungeKutta.hpp"

namespace kode {
namespace Impl {

/// Rodas4's transformed coefficients (stages 0-based; row i of `a` and `C` lists j < i).
struct Rodas4Tableau {
  static constexpr const char* name = "Rodas4";
  static constexpr int order        = 4;
  static constexpr int stages = 6, dense_terms = 2;
  static constexpr double gamma = 0.25;
  KOKKOS_INLINE_FUNCTION static constexpr double a(int i, int j) {
    constexpr double A[6][5] = {{0, 0, 0, 0, 0},
                                {1.544, 0, 0, 0, 0},
                                {0.9466785280815826, 0.2557011698983284, 0, 0, 0},
                                {3.314825187068521, 2.896124015972201, 0.9986419139977817, 0, 0},
                                {1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895, 0},
                                {1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895, 1}};
    return j < 5 ? A[i][j] : 0.0;
  }
  KOKKOS_INLINE_FUNCTION static constexpr double C(int i, int j) {
    constexpr double Cm[6][5] = {
        {0, 0, 0, 0, 0},
        {-5.6688, 0, 0, 0, 0},
        {-2.430093356833875, -0.2063599157091915, 0, 0, 0},
        {-0.1073529058151375, -9.594562251023355, -20.47028614809616, 0, 0},
        {7.496443313967647, -10.24680431464352, -33.99990352819905, 11.7089089320616, 0},
        {8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054}};
    return j < 5 ? Cm[i][j] : 0.0;
  }
  KOKKOS_INLINE_FUNCTION static constexpr double c(int i) {
    constexpr double cv[6] = {0, 0.386, 0.21, 0.63, 1, 1};
    return cv[i];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double d(int i) {
    constexpr double dv[6] = {0.25, -0.1043, 0.1035, -0.03620000000000023, 0, 0};
    return dv[i];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double H(int r, int j) {
    constexpr double Hm[2][6] = {
        {10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823, 1.025137723295662, 0},
        {-0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386, -6.594389125716872, 0}};
    return Hm[r][j];
  }
};

/// Rodas5P's transformed coefficients.
struct Rodas5PTableau {
  static constexpr const char* name = "Rodas5P";
  static constexpr int order        = 5;
  static constexpr int stages = 8, dense_terms = 3;
  static constexpr double gamma = 0.21193756319429014;
  KOKKOS_INLINE_FUNCTION static constexpr double a(int i, int j) {
    constexpr double r5[5]   = {-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256,
                                0.030198172008377946};
    constexpr double A[5][4] = {{0, 0, 0, 0},
                                {3.0, 0, 0, 0},
                                {2.849394379747939, 0.45842242204463923, 0, 0},
                                {-6.954028509809101, 2.489845061869568, -10.358996098473584, 0},
                                {2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641}};
    // stages 5, 6, 7 (c = 1): U_5 = u + Σ a_6j k_j, then U_6 = U_5 + k_5, U_7 = U_6 + k_6
    return i < 5 ? (j < 4 ? A[i][j] : 0.0) : (j < 5 ? r5[j] : (j < i ? 1.0 : 0.0));
  }
  KOKKOS_INLINE_FUNCTION static constexpr double C(int i, int j) {
    constexpr double Cm[8][7] = {
        {0, 0, 0, 0, 0, 0, 0},
        {-14.155112264123755, 0, 0, 0, 0, 0, 0},
        {-17.97296035885952, -2.859693295451294, 0, 0, 0, 0, 0},
        {147.12150275711716, -1.41221402718213, 71.68940251302358, 0, 0, 0, 0},
        {165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306, 0, 0, 0},
        {24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471, 0, 0},
        {30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623,
         -28.087943162872662, 0},
        {37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002,
         -54.66780262877968, -9.48861652309627}};
    return j < 7 ? Cm[i][j] : 0.0;
  }
  KOKKOS_INLINE_FUNCTION static constexpr double c(int i) {
    constexpr double cv[8] = {0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664, 1, 1,
                              1};
    return cv[i];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double d(int i) {
    constexpr double dv[8] = {
        0.21193756319429014, -0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069, 0, 0, 0};
    return dv[i];
  }
  KOKKOS_INLINE_FUNCTION static constexpr double H(int r, int j) {
    constexpr double Hm[3][8] = {{25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204,
                                  0.524948541321073, 1.1241088310450404, 0.4272876194431874, -0.17202221070155493},
                                 {-9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796,
                                  20.176138334709044, 15.98066361424651, -6.789040303419874, -6.710236069923372},
                                 {11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643,
                                  -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722}};
    return Hm[r][j];
  }
};

/// The transformed tableau `Tab` on the host, as arrays (for the order-condition tests).
struct RosenbrockTableau {
  int stages   = 0;
  double gamma = 0;
  std::vector<double> a, C, c, d, m, mhat;  // a, C: stages × stages row-major
};
template <class Tab>
RosenbrockTableau rosenbrock_tableau() {
  constexpr int S = Tab::stages;
  RosenbrockTableau r;
  r.stages = S;
  r.gamma  = Tab::gamma;
  r.a.assign(S * S, 0.0);
  r.C.assign(S * S, 0.0);
  for (int i = 0; i < S; ++i) {
    for (int j = 0; j < i; ++j) r.a[i * S + j] = Tab::a(i, j), r.C[i * S + j] = Tab::C(i, j);
    r.c.push_back(Tab::c(i));
    r.d.push_back(Tab::d(i));
  }
  for (int j = 0; j < S; ++j) r.m.push_back(j < S - 1 ? Tab::a(S - 1, j) : 1.0);
  r.mhat        = r.m;  // the embedded solution is U_s: u_new − k_s
  r.mhat[S - 1] = 0.0;
  return r;
}

/// Stepper of a stiffly accurate Rosenbrock method in transformed form (Rodas4, Rodas5P).
template <class Tab, class JacPolicy, class Pivoting, class T, int N, class Lin>
struct RodasStepper {
  using V                = Vec<T, N>;
  static constexpr int S = Tab::stages;
  Lin lin;                            // Linearization, or GroupLinearization on a lane group (N: the lane's part)
  StageDenseOutput<Tab, T, N> dense;  // the dense output of the last accepted step

  template <class F>
  KOKKOS_FUNCTION void initialize(const F&, const V&, const T, Stats&) {
    lin.invalidate();
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V& err, Stats& st) {
    const StepStatus prepared = lin.prepare(f, u, t, h * T(Tab::gamma), st);
    if (prepared != StepStatus::Ok) return prepared;
    const T ih = T(1) / h;
    V k[S];
    static_for<0, S>([&](auto I) {
      constexpr int i = decltype(I)::value;
      V r;
      if constexpr (i == 0) {
        r = lin.f0;
      } else {
        V U = u;
        static_for<0, i>([&](auto J) {
          constexpr int j = decltype(J)::value;
          if constexpr (Tab::a(i, j) != 0.0)
            for (int n = 0; n < N; ++n) U[n] += T(Tab::a(i, j)) * k[j][n];
        });
        f(r, U, t + T(Tab::c(i)) * h);
        ++st.nf;
      }
      if constexpr (Tab::d(i) != 0.0)
        for (int n = 0; n < N; ++n) r[n] += h * T(Tab::d(i)) * lin.dT[n];
      static_for<0, i>([&](auto J) {
        constexpr int j = decltype(J)::value;
        for (int n = 0; n < N; ++n) r[n] += (T(Tab::C(i, j)) * ih) * k[j][n];
      });
      lin.solve(r, st);
      k[i] = r;
    });
    unew = u;
    static_for<0, S>([&](auto J) {
      constexpr int j    = decltype(J)::value;
      constexpr double m = j < S - 1 ? Tab::a(S - 1, j) : 1.0;
      if constexpr (m != 0.0)
        for (int n = 0; n < N; ++n) unew[n] += T(m) * k[j][n];
    });
    if constexpr (ErrorEstimate) {
      // A step far too long for a stiff transient can overflow (in float, Robertson's first
      // guessed step does): a rejection, not yet a blow-up of the solution (the loop decides).
      if (!lin.all_finite(k[S - 1]) || !lin.all_finite(unew)) return StepStatus::NonFinite;
      err = k[S - 1];
    }
    dense.form(k);
    return StepStatus::Ok;
  }

  template <class F>
  KOKKOS_FUNCTION void accept(const F&, const V&, const T, Stats&) {
    lin.invalidate();
  }

  template <class F>
  KOKKOS_FUNCTION V interpolate(const F&, const T, const V& uprev, const V& unew, const T, const T th, Stats&) const {
    return dense(uprev, unew, th);
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::SingularJacobian; }
};

}  // namespace Impl

/// \brief Rodas4 (Hairer–Wanner): stiffly accurate, L-stable Rosenbrock method of order 4 with an
/// order-3 embedded estimate and an order-3 stiff-aware dense output; 6 stages, one LU per step.
/// Automatic Jacobians, no pivoting; `kode::Rodas4::with<...>` chooses otherwise.
using Rodas4 = StiffMethod<Impl::RodasStepper, Impl::Rodas4Tableau, AutoJacobian, DefaultPivoting>;

/// \brief Rodas5P (Steinebach 2023): stiffly accurate, L-stable Rosenbrock method of order 5 with
/// an order-4 embedded estimate and an order-4 dense output; 8 stages, one LU per step. The
/// default stiff method (tolerances about 1e-5 … 1e-10). Automatic Jacobians, no pivoting;
/// `kode::Rodas5P::with<...>` chooses otherwise.
using Rodas5P = StiffMethod<Impl::RodasStepper, Impl::Rodas5PTableau, AutoJacobian, DefaultPivoting>;

}  // namespace kode

#endif  // KODE_RODAS_HPP
