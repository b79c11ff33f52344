/// \file Kode_RungeKutta.hpp
/// \brief The explicit Runge–Kutta methods as data: the tableau contract, the one register
/// stepper every explicit tableau drives (`ExplicitRKStepper`), the method tag template
/// (`kode::ExplicitRK`), and the host views of a tableau that the order-condition tests check
/// (`explicit_butcher`, `explicit_dense_weights`). The contract every stepper follows is in
/// Kode_Stepper.hpp.
///
/// ## An explicit tableau
/// A struct with (stages 0-based; the paper's stage I is index I − 1):
/// - `name`, `order` (of the propagated solution), `has_error_est`;
/// - `stages` S: the stages of one step, counting the first-same-as-last stage and the stages
///   that only the error estimate needs; `fsal`: the last stage is f(t + h, u_new), the next
///   step's first (its row of `a` is `b`, its node 1); `error_stages`: how many trailing stages
///   feed only the error estimate (evaluated after u_new, and only when estimating);
///   `extra_stages` E: the interpolant's own stages S … S + E − 1, evaluated by `interpolate`;
/// - `a(i, j)` for j < i < S + E, `c(i)`, `b(j)` and `btilde(j)` = b_j − b̂_j for j < S, as
///   `KOKKOS_INLINE_FUNCTION static constexpr` functions (readable in device code and in
///   `if constexpr`, so that zero entries cost nothing);
/// - the dense output `dense` (a `DenseOutput`); for `DenseOutput::Polynomial` the weights
///   b_i(θ) = Σ_{p=1..dense_degree} r(i, p) θ^p over the S + E stages and the Horner form they
///   are evaluated in (`horner`); for `DenseOutput::Contd5` the coefficients `d(j)`.
/// Which stages outlive a step (the first, the FSAL one, and those the interpolant reads) follows
/// from the data (`ExplicitRKLayout::kept`), so the stepper keeps nothing else in registers.
#ifndef KODE_RUNGEKUTTA_HPP
#define KODE_RUNGEKUTTA_HPP

#include "Kode_ReturnCode.hpp"
#include "Kode_Stepper.hpp"
#include "Kode_Vec.hpp"

#include <type_traits>
#include <vector>

namespace kode {
namespace Impl {

/// Calls `f(std::integral_constant<int, I>{})` for I = Begin … End−1: loops over stages whose
/// index must be a compile-time constant (so that stage vectors stay in registers and zero
/// tableau entries are skipped by `if constexpr`).
template <int Begin, int End, class F>
KOKKOS_FORCEINLINE_FUNCTION void static_for(const F& f) {
  if constexpr (Begin < End) {
    f(std::integral_constant<int, Begin>{});
    static_for<Begin + 1, End>(f);
  }
}

/// How an explicit method's dense output is formed from the stages of the accepted step.
enum class DenseOutput {
  /// u(θ) = u + h Σ_i b_i(θ) k_i with polynomial weights (Tsit5, Vern7, Vern9).
  Polynomial,
  /// Hairer's `contd5` (DP5): u(θ) = u + θ (Δ + (1 − θ)(h k_1 − Δ + θ (Δ − h k_S − (h k_1 − Δ)
  /// + (1 − θ) h Σ d_j k_j))), Δ = u_new − u, k_S the FSAL stage.
  Contd5,
  /// The cubic Hermite interpolant of u, u_new, f(u) = k_1 and f(u_new) = k_S (RK4).
  Hermite,
};

/// The Horner form of polynomial dense weights b_i(θ) = r_1 θ + θ² P_i(θ), P_i(θ) = r_2 + θ (r_3 +
/// … + θ r_D). The forms round differently; each method keeps the one its stepper was written and
/// measured with, so that its answers are unchanged bit for bit.
enum class DenseHorner {
  /// θ (r_1 + θ P) when r_1 ≠ 0, (θ θ) P when r_1 = 0 (Tsit5).
  NestedSquare,
  /// θ r_1 + (θ θ) P when r_1 ≠ 0, (θ θ) P when r_1 = 0 (Vern7).
  SplitSquare,
  /// θ (r_1 + θ P) when r_1 ≠ 0, θ (θ P) when r_1 = 0 (Vern9).
  Nested,
};

/// What follows from an explicit tableau's data: where each stage lives and what each
/// combination of stages reads.
template <class Tab>
struct ExplicitRKLayout {
  static constexpr int S = Tab::stages;
  static constexpr int E = Tab::extra_stages;
  /// The stages before u_new (the FSAL stage and the error-only stages come after it).
  static constexpr int solution_stages = S - (Tab::fsal ? 1 : 0) - Tab::error_stages;

  /// Whether stage `i` has a non-zero dense-output weight b_i(θ).
  KOKKOS_INLINE_FUNCTION static constexpr bool weighted(int i) {
    if constexpr (Tab::dense == DenseOutput::Polynomial) {
      for (int p = 1; p <= Tab::dense_degree; ++p)
        if (Tab::r(i, p) != 0.0) return true;
      return false;
    } else if constexpr (Tab::dense == DenseOutput::Contd5) {
      return i == 0 || i == S - 1 || Tab::d(i) != 0.0;
    } else {
      return i == 0 || i == S - 1;
    }
  }

  /// Whether stage `i` < S outlives the step: the first stage (the next step starts from it, or
  /// `accept` writes it), the FSAL stage (copied into the first), and the stages the interpolant
  /// reads, by weight or through an extra stage. The others live only inside `step`.
  KOKKOS_INLINE_FUNCTION static constexpr bool kept(int i) {
    if (i == 0 || (Tab::fsal && i == S - 1) || weighted(i)) return true;
    for (int e = S; e < S + E; ++e)
      if (Tab::a(e, i) != 0.0) return true;
    return false;
  }
  /// The register slot of a kept stage.
  KOKKOS_INLINE_FUNCTION static constexpr int slot(int i) {
    int s = 0;
    for (int j = 0; j < i; ++j) s += kept(j) ? 1 : 0;
    return s;
  }
  static constexpr int kept_stages = slot(S);

  /// The checks the stepper relies on.
  KOKKOS_INLINE_FUNCTION static constexpr bool consistent() {
    for (int j = solution_stages; j < S; ++j)
      if (Tab::b(j) != 0.0) return false;  // u_new reads only the stages before it
    if (Tab::fsal) {
      if (Tab::c(S - 1) != 1.0) return false;
      for (int j = 0; j < S - 1; ++j)
        if (Tab::a(S - 1, j) != Tab::b(j)) return false;
    }
    if (Tab::fsal && Tab::error_stages != 0) return false;  // the FSAL stage is the last
    for (int i = S - Tab::error_stages; i < S; ++i) {       // nothing but err reads them
      if (weighted(i)) return false;
      for (int e = S; e < S + E; ++e)
        if (Tab::a(e, i) != 0.0) return false;
    }
    return Tab::dense == DenseOutput::Polynomial || Tab::fsal;  // contd5, Hermite read f(u_new)
  }
};

/// Which coefficients of a tableau a `Row` reads.
enum class Coefficients {
  A,       ///< row `I` of `a`: the combination that forms stage `I`
  B,       ///< the weights `b` of u_new
  Btilde,  ///< the weights `btilde` of the error estimate
  D,       ///< the coefficients `d` of DP5's contd5
};

/// One row of a tableau's constant coefficients, for `rk_fold`: which entries are non-zero (known
/// at compile time) and their values as `T`.
template <class Tab, Coefficients Which, int I = 0>
struct Row {
  KOKKOS_INLINE_FUNCTION static constexpr double coefficient(int j) {
    if constexpr (Which == Coefficients::A) {
      return Tab::a(I, j);
    } else if constexpr (Which == Coefficients::B) {
      return Tab::b(j);
    } else if constexpr (Which == Coefficients::Btilde) {
      return Tab::btilde(j);
    } else {
      return Tab::d(j);
    }
  }
  KOKKOS_INLINE_FUNCTION static constexpr bool nonzero(int j) {
    return j < (Which == Coefficients::A ? I : Tab::stages) && coefficient(j) != 0.0;
  }
  template <int J, class T>
  KOKKOS_FORCEINLINE_FUNCTION T value() const {
    constexpr double v = coefficient(J);
    return T(v);
  }
};
/// Dense-output weights b_i(θ), computed for one θ, over the stages with a non-zero polynomial.
template <class Tab, class T>
struct RowWeights {
  const T* w;
  KOKKOS_INLINE_FUNCTION static constexpr bool nonzero(int j) { return ExplicitRKLayout<Tab>::weighted(j); }
  template <int J, class U>
  KOKKOS_FORCEINLINE_FUNCTION U value() const {
    return w[J];
  }
};

// Left fold row_j0 k_j0[n] + row_j1 k_j1[n] + ... over the row's NON-ZERO entries, in stage
// order, starting from the first product: adding 0*k is not an identity the compiler may drop in
// IEEE arithmetic, so a zero term would cost a real FMA per component (and 0 + x is not x for
// x = −0). `k(std::integral_constant<int, J>{})` is stage J.
template <int J, int End, class T, class Row, class K>
KOKKOS_FORCEINLINE_FUNCTION T rk_fold_rest(const int n, const T acc, const Row& row, const K& k) {
  if constexpr (J == End) {
    return acc;
  } else if constexpr (!Row::nonzero(J)) {
    return rk_fold_rest<J + 1, End>(n, acc, row, k);
  } else {
    return rk_fold_rest<J + 1, End>(n, acc + row.template value<J, T>() * k(std::integral_constant<int, J>{})[n], row,
                                    k);
  }
}
template <int J, int End, class T, class Row, class K>
KOKKOS_FORCEINLINE_FUNCTION T rk_fold(const int n, const Row& row, const K& k) {
  static_assert(J < End, "kode: a combination of stages without a non-zero coefficient");
  if constexpr (!Row::nonzero(J)) {
    return rk_fold<J + 1, End, T>(n, row, k);
  } else {
    return rk_fold_rest<J + 1, End>(n, row.template value<J, T>() * k(std::integral_constant<int, J>{})[n], row, k);
  }
}

/// `u + h (row_1 k_1 + row_2 k_2 + ...)` over the first `End` stages: a stage value or the new
/// state.
template <int End, class T, int N, class Row, class K>
KOKKOS_FORCEINLINE_FUNCTION Vec<T, N> rk_stage(const Vec<T, N>& u, const T h, const Row& row, const K& k) {
  Vec<T, N> y;
  for (int n = 0; n < N; ++n) y[n] = u[n] + h * rk_fold<0, End, T>(n, row, k);
  return y;
}

/// `h (row_1 k_1 + row_2 k_2 + ...)` over the first `End` stages: an error estimate.
template <int End, class T, int N, class Row, class K>
KOKKOS_FORCEINLINE_FUNCTION Vec<T, N> rk_combine(const T h, const Row& row, const K& k) {
  Vec<T, N> y;
  for (int n = 0; n < N; ++n) y[n] = h * rk_fold<0, End, T>(n, row, k);
  return y;
}

/// `t + c h` for the node `c` of stage `I` (`t + h` for c = 1).
template <class Tab, int I, class T>
KOKKOS_FORCEINLINE_FUNCTION T stage_time(const T t, const T h) {
  constexpr double c = Tab::c(I);
  if constexpr (c == 1.0) {
    return t + h;
  } else {
    return t + T(c) * h;
  }
}

// r(I, P) + θ (r(I, P + 1) + ... + θ r(I, D)), Horner form.
template <class Tab, int I, int P, class T>
KOKKOS_FORCEINLINE_FUNCTION T dense_horner(const T th) {
  constexpr double r = Tab::r(I, P);
  if constexpr (P == Tab::dense_degree) {
    return T(r);
  } else {
    return T(r) + th * dense_horner<Tab, I, P + 1>(th);
  }
}

/// The polynomial dense-output weight b_I(θ) of stage `I`, in the tableau's Horner form (the
/// stepper and the host tests evaluate this same function).
template <class Tab, int I, class T>
KOKKOS_FORCEINLINE_FUNCTION T dense_weight(const T th) {
  constexpr double r1 = Tab::r(I, 1);
  const T p           = dense_horner<Tab, I, 2>(th);
  if constexpr (r1 == 0.0) {
    if constexpr (Tab::horner == DenseHorner::Nested) {
      return th * (th * p);
    } else {
      return th * th * p;
    }
  } else if constexpr (Tab::horner == DenseHorner::SplitSquare) {
    return th * T(r1) + th * th * p;
  } else {
    return th * (T(r1) + th * p);
  }
}

/// The register stepper of every explicit Runge–Kutta tableau `Tab` (the contract of a tableau
/// is at the top of this file; that of a stepper in Kode_Stepper.hpp), for state `Vec<T, N>`.
/// Each stage is `u + h Σ_j a_ij k_j` over the non-zero a_ij, in stage order, at `t + c_i h`;
/// the stages that do not outlive the step are locals of `step`.
template <class Tab, class T, int N>
struct ExplicitRKStepper {
  using V                 = Vec<T, N>;
  using Layout            = ExplicitRKLayout<Tab>;
  static constexpr int S  = Tab::stages;
  static constexpr int E  = Tab::extra_stages;
  static constexpr int S0 = Layout::solution_stages;
  static_assert(Layout::consistent(),
                "kode: an explicit tableau whose u_new, FSAL stage, error-only stages or interpolant disagree");

  V k[Layout::kept_stages];  // the stages of the last step that the next step or the interpolant reads

  // initialize, step and accept are forced inline: GCC kept `step` out of line for every explicit
  // method (its size is over GCC's inlining limits), so the stage vectors went through memory at
  // the call and the loop's state could not stay in registers. With this and the inlined
  // fmin/fmax (Kode_Compat.hpp) the Serial fixed-step Tsit5 Lorenz step went from 96 to 60 ns
  // (N = 8192, medians of 5 alternated runs on a loaded machine; issue 19). nvcc and hipcc
  // inlined it already.
  template <class F>
  KOKKOS_FORCEINLINE_FUNCTION void initialize(const F& f, const V& u, const T t, Stats& st) {
    f(k[0], u, t);
    ++st.nf;
  }

  template <bool ErrorEstimate, class F>
  KOKKOS_FORCEINLINE_FUNCTION StepStatus step(const F& f, const V& u, const T t, const T h, V& unew, V& err,
                                              Stats& st) {
    static_assert(!ErrorEstimate || Tab::has_error_est,
                  "kode: this method has no error estimate: solve it with adaptive = false");
    V local[S];  // the stages that die with the step (only their entries are used)
    auto ks = [&](auto J) -> V& {
      constexpr int j = decltype(J)::value;
      if constexpr (Layout::kept(j)) {
        return k[Layout::slot(j)];
      } else {
        return local[j];
      }
    };
    static_for<1, S0>([&](auto I) {
      constexpr int i = decltype(I)::value;
      f(ks(I), rk_stage<i>(u, h, Row<Tab, Coefficients::A, i>{}, ks), stage_time<Tab, i>(t, h));
    });
    unew = rk_stage<S0>(u, h, Row<Tab, Coefficients::B>{}, ks);
    if constexpr (Tab::fsal) f(ks(std::integral_constant<int, S - 1>{}), unew, t + h);
    if constexpr (ErrorEstimate) {
      static_for<S - Tab::error_stages, S>([&](auto I) {  // stages that feed only the error estimate
        constexpr int i = decltype(I)::value;
        f(ks(I), rk_stage<i>(u, h, Row<Tab, Coefficients::A, i>{}, ks), stage_time<Tab, i>(t, h));
      });
      err = rk_combine<S, T, N>(h, Row<Tab, Coefficients::Btilde>{}, ks);
      st.nf += S - 1;
    } else {
      st.nf += S - 1 - Tab::error_stages;
    }
    return StepStatus::Ok;
  }

  /// f(t, u) and, first same as last, f(t + h, u_new) of the step just taken (before `accept`).
  static constexpr bool endpoint_slopes = Tab::fsal;
  KOKKOS_FORCEINLINE_FUNCTION const V& slope_start() const { return k[0]; }
  KOKKOS_FORCEINLINE_FUNCTION const V& slope_end() const {
    static_assert(Tab::fsal, "kode: slope_end() needs a first-same-as-last tableau");
    return k[Layout::slot(S - 1)];
  }

  template <class F>
  KOKKOS_FORCEINLINE_FUNCTION void accept(const F& f, const V& unew, const T tnew, Stats& st) {
    if constexpr (Tab::fsal) {
      k[0] = k[Layout::slot(S - 1)];  // first same as last
    } else {
      f(k[0], unew, tnew);  // the next step's first stage
      ++st.nf;
    }
  }

  template <class F>
  KOKKOS_FUNCTION V interpolate(const F& f, const T t, const V& uprev, const V& unew, const T h, const T th,
                                Stats& st) const {
    if constexpr (Tab::dense == DenseOutput::Polynomial) {
      V extra[E > 0 ? E : 1];  // the interpolant's own stages, evaluated only for a point inside a step
      auto ks = [&](auto J) -> const V& {
        constexpr int j = decltype(J)::value;
        if constexpr (j < S) {
          static_assert(Layout::kept(j), "kode: the interpolant reads a stage the stepper does not keep");
          return k[Layout::slot(j)];
        } else {
          return extra[j - S];
        }
      };
      static_for<S, S + E>([&](auto I) {
        constexpr int i = decltype(I)::value;
        f(extra[i - S], rk_stage<i>(uprev, h, Row<Tab, Coefficients::A, i>{}, ks), stage_time<Tab, i>(t, h));
      });
      if constexpr (E > 0) st.nf += E;
      T w[S + E];
      static_for<0, S + E>([&](auto I) {
        constexpr int i = decltype(I)::value;
        if constexpr (Layout::weighted(i)) w[i] = dense_weight<Tab, i>(th);
      });
      return rk_stage<S + E>(uprev, h, RowWeights<Tab, T>{w}, ks);
    } else {
      const V& k1   = k[0];
      const V& klst = k[Layout::slot(S - 1)];  // f(u_new)
      V y;
      if constexpr (Tab::dense == DenseOutput::Contd5) {
        // Hairer's contd5 in nested form (fewer operations and exact at θ = 0 and 1).
        auto ks     = [&](auto J) -> const V& { return k[Layout::slot(decltype(J)::value)]; };
        const T th1 = T(1) - th;
        for (int n = 0; n < N; ++n) {
          const T delta = unew[n] - uprev[n];
          const T bspl  = h * k1[n] - delta;
          const T r4    = delta - h * klst[n] - bspl;
          const T r5    = h * rk_fold<0, S, T>(n, Row<Tab, Coefficients::D>{}, ks);
          y[n]          = uprev[n] + th * (delta + th1 * (bspl + th * (r4 + th1 * r5)));
        }
      } else {
        // (1−θ) y0 + θ y1 + θ(θ−1)((1−2θ)(y1−y0) + (θ−1) h f0 + θ h f1)
        for (int n = 0; n < N; ++n) {
          const T d = unew[n] - uprev[n];
          y[n]      = uprev[n] + th * d +
                 th * (th - T(1)) * ((T(1) - T(2) * th) * d + (th - T(1)) * h * k1[n] + th * h * klst[n]);
        }
      }
      (void)f, (void)t, (void)st;
      return y;
    }
  }

  KOKKOS_FUNCTION ReturnCode failure() const { return ReturnCode::Success; }  // never fails
};

/// \brief A Butcher tableau as plain host arrays, so that tests can check order conditions.
struct ButcherTableau {
  int stages = 0;
  std::vector<double> A;     ///< stages × stages, row-major, strictly lower triangular
  std::vector<double> b;     ///< weights of the propagated solution
  std::vector<double> bhat;  ///< weights of the embedded solution (empty if none)
  std::vector<double> c;     ///< nodes

  explicit ButcherTableau(int s) : stages(s), A(s * s, 0.0), b(s, 0.0), c(s, 0.0) {}
  double& a(int i, int j) { return A[i * stages + j]; }
  double a(int i, int j) const { return A[i * stages + j]; }
};

/// The explicit tableau `Tab` as host arrays, from the data the stepper reads: the S + E stages
/// (the interpolant's extra stages after the step's), b and b̂ = b − btilde over the first S (zero
/// beyond).
template <class Tab>
ButcherTableau explicit_butcher() {
  constexpr int S = Tab::stages, SE = Tab::stages + Tab::extra_stages;
  ButcherTableau B(SE);
  for (int i = 0; i < SE; ++i) {
    B.c[i] = Tab::c(i);
    for (int j = 0; j < i; ++j) B.a(i, j) = Tab::a(i, j);
  }
  for (int j = 0; j < S; ++j) B.b[j] = Tab::b(j);
  if (Tab::has_error_est) {
    B.bhat.assign(SE, 0.0);
    for (int j = 0; j < S; ++j) B.bhat[j] = Tab::b(j) - Tab::btilde(j);
  }
  return B;
}

/// The dense-output weights b_i(θ) of `Tab` over the stages of `explicit_butcher<Tab>()`, such
/// that u(θ) = u + h Σ_i b_i(θ) k_i (host, for the interpolant-order tests): for polynomial
/// weights the very function the stepper evaluates; contd5 and the Hermite interpolant, which the
/// stepper forms from Δ = u_new − u = h Σ b_j k_j, written out as weights.
template <class Tab>
std::vector<double> explicit_dense_weights(const double th) {
  constexpr int S = Tab::stages, SE = Tab::stages + Tab::extra_stages;
  std::vector<double> w(SE, 0.0);
  if constexpr (Tab::dense == DenseOutput::Polynomial) {
    static_for<0, SE>([&](auto I) {
      constexpr int i = decltype(I)::value;
      if constexpr (ExplicitRKLayout<Tab>::weighted(i)) w[i] = dense_weight<Tab, i>(th);
    });
  } else {
    const double s = th * (1 - th), t2 = th * th;
    for (int i = 0; i < S; ++i) {
      const double bi = Tab::b(i), e1 = i == 0 ? 1.0 : 0.0, es = i == S - 1 ? 1.0 : 0.0;
      if constexpr (Tab::dense == DenseOutput::Contd5) {
        // θΔ + θ(1−θ)(hk1 − Δ) + θ²(1−θ)(2Δ − hk1 − hkS) + θ²(1−θ)² h Σ d k
        w[i] = th * bi + s * (e1 - bi) + t2 * (1 - th) * (2 * bi - e1 - es) + t2 * (1 - th) * (1 - th) * Tab::d(i);
      } else {
        // θΔ + θ(θ−1)(1−2θ)Δ + θ(θ−1)² hk1 + θ²(θ−1) hkS
        w[i] = th * bi + th * (th - 1) * (1 - 2 * th) * bi + e1 * th * (th - 1) * (th - 1) + es * t2 * (th - 1);
      }
    }
  }
  return w;
}

}  // namespace Impl

/// \brief The tag of an explicit Runge–Kutta method: the one register stepper
/// (`Impl::ExplicitRKStepper`) over the method's tableau `Tab`, which names the method, its order
/// and whether it has an error estimate. A new explicit method is a tableau and a line
/// `struct Name : ExplicitRK<Impl::NameTableau> {};`.
template <class Tab>
struct ExplicitRK {
  static constexpr int order          = Tab::order;  ///< order of the propagated solution
  static constexpr bool has_error_est = Tab::has_error_est;
  static constexpr const char* name   = Tab::name;
  /// The stepper for states `Vec<T, N>`.
  template <class T, int N>
  using stepper = Impl::ExplicitRKStepper<Tab, T, N>;
};

}  // namespace kode

#endif  // KODE_RUNGEKUTTA_HPP
