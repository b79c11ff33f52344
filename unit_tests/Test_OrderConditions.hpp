/// \file Test_OrderConditions.hpp
/// \brief Runge–Kutta order conditions from rooted trees (Butcher; Hairer, Nørsett & Wanner,
/// Solving ODEs I, II.2): a method with weights b has order p iff b·Φ(t) = 1/γ(t) for every rooted
/// tree t with at most p vertices, where Φ_i(•) = 1, Φ_i([t_1..t_m]) = Π_k (A Φ(t_k))_i and
/// γ([t_1..t_m]) = |t| Π_k γ(t_k). Host only.
#ifndef KODE_TEST_ORDERCONDITIONS_HPP
#define KODE_TEST_ORDERCONDITIONS_HPP

#include <cmath>
#include <functional>
#include <vector>

namespace kode_test {

/// Every rooted tree with at most `max_order` vertices; a tree is the multiset of its root's
/// subtrees, stored as non-decreasing indices of earlier trees.
struct RootedTrees {
  std::vector<std::vector<int>> children;
  std::vector<int> order;
  std::vector<double> gamma;

  explicit RootedTrees(int max_order) {
    add({});  // the single vertex
    for (int n = 2; n <= max_order; ++n) {
      const int known = int(order.size());
      std::vector<int> chosen;
      // choose subtrees (indices non-decreasing) whose orders sum to n - 1
      std::function<void(int, int)> extend = [&](int first, int remaining) {
        if (remaining == 0) {
          add(chosen);
          return;
        }
        for (int k = first; k < known; ++k) {
          if (order[k] > remaining) continue;
          chosen.push_back(k);
          extend(k, remaining - order[k]);
          chosen.pop_back();
        }
      };
      extend(0, n - 1);
    }
  }
  int size() const { return int(order.size()); }
  int count_of_order(int n) const {
    int c = 0;
    for (int o : order) c += o == n;
    return c;
  }

 private:
  void add(const std::vector<int>& ch) {
    int o    = 1;
    double g = 1;
    for (int k : ch) o += order[k], g *= gamma[k];
    children.push_back(ch);
    order.push_back(o);
    gamma.push_back(g * o);
  }
};

/// Φ(t) for every tree: `phi[tree][stage]`, for a tableau with stage matrix `a(i, j)`.
template <class Tableau>
std::vector<std::vector<double>> elementary_weights(const RootedTrees& trees, const Tableau& tab) {
  const int s = tab.stages;
  std::vector<std::vector<double>> phi(trees.size(), std::vector<double>(s, 1.0));
  for (int t = 0; t < trees.size(); ++t) {
    for (int k : trees.children[t]) {
      for (int i = 0; i < s; ++i) {
        double ai = 0;
        for (int j = 0; j < s; ++j) ai += tab.a(i, j) * phi[k][j];
        phi[t][i] *= ai;
      }
    }
  }
  return phi;
}

/// max over trees with |t| ≤ p of |b·Φ(t) − θ^{|t|}/γ(t)| (θ = 1: the order conditions; θ in
/// (0, 1) with dense-output weights b(θ): the conditions of a continuous extension of order p).
template <class Tableau>
double order_residual(const Tableau& tab, const std::vector<double>& b, int p, double theta = 1.0) {
  const RootedTrees trees(p);
  const auto phi = elementary_weights(trees, tab);
  double worst   = 0;
  for (int t = 0; t < trees.size(); ++t) {
    double bphi = 0;
    for (int i = 0; i < tab.stages; ++i) bphi += b[i] * phi[t][i];
    worst = std::fmax(worst, std::fabs(bphi - std::pow(theta, trees.order[t]) / trees.gamma[t]));
  }
  return worst;
}

/// The largest p ≤ max_p with order_residual(tab, b, p) ≤ tol.
template <class Tableau>
int observed_tableau_order(const Tableau& tab, const std::vector<double>& b, int max_p, double tol) {
  int p = 0;
  while (p < max_p && order_residual(tab, b, p + 1) <= tol) ++p;
  return p;
}

/// max_i |Σ_j a_ij − c_i|: the row-sum condition that lets c be read as stage times.
template <class Tableau>
double row_sum_residual(const Tableau& tab) {
  double worst = 0;
  for (int i = 0; i < tab.stages; ++i) {
    double s = 0;
    for (int j = 0; j < tab.stages; ++j) s += tab.a(i, j);
    worst = std::fmax(worst, std::fabs(s - tab.c[i]));
  }
  return worst;
}

/// A Rosenbrock method in the standard form of Hairer & Wanner II, IV.7 (7.4):
/// (I − hγ_ii J) k_i = h f(y0 + Σ_{j<i} α_ij k_j) + hJ Σ_{j<i} γ_ij k_j, y1 = y0 + Σ b_j k_j.
struct RosenbrockStandard {
  int stages = 0;
  std::vector<double> alpha, Gamma;  // stages × stages, row-major; Gamma with its diagonal γ_ii
  std::vector<double> b, bhat;
  double al(int i, int j) const { return alpha[i * stages + j]; }
  double ga(int i, int j) const { return Gamma[i * stages + j]; }
};

/// From the transformed coefficients (a, C, γ, m) of HW IV.7 (7.25): Γ⁻¹ = diag(1/γ) − C,
/// α = a Γ, b = m Γ.
template <class Transformed>
RosenbrockStandard rosenbrock_standard_form(const Transformed& tr) {
  const int s = tr.stages;
  RosenbrockStandard r;
  r.stages = s;
  // Γ⁻¹ is lower triangular: invert by forward substitution, column by column
  std::vector<double> Ginv(s * s, 0.0), G(s * s, 0.0);
  for (int i = 0; i < s; ++i)
    for (int j = 0; j <= i; ++j) Ginv[i * s + j] = (i == j ? 1.0 / tr.gamma : 0.0) - tr.C[i * s + j];
  for (int col = 0; col < s; ++col)
    for (int i = 0; i < s; ++i) {
      double v = i == col ? 1.0 : 0.0;
      for (int k = 0; k < i; ++k) v -= Ginv[i * s + k] * G[k * s + col];
      G[i * s + col] = v / Ginv[i * s + i];
    }
  r.Gamma = G;
  r.alpha.assign(s * s, 0.0);
  for (int i = 0; i < s; ++i)
    for (int j = 0; j < s; ++j)
      for (int k = 0; k < s; ++k) r.alpha[i * s + j] += tr.a[i * s + k] * G[k * s + j];
  r.b.assign(s, 0.0);
  r.bhat.assign(s, 0.0);
  for (int j = 0; j < s; ++j)
    for (int k = 0; k < s; ++k) r.b[j] += tr.m[k] * G[k * s + j], r.bhat[j] += tr.mhat[k] * G[k * s + j];
  return r;
}

/// Order conditions of a Rosenbrock method (HW IV.7, Table 7.1): the Runge–Kutta trees, where a
/// vertex with one child is weighted by α + Γ (the Jacobian terms) and a vertex with several
/// children by α alone. max over |t| ≤ p of |b·Φ(t) − 1/γ(t)|.
inline double rosenbrock_order_residual(const RosenbrockStandard& r, const std::vector<double>& b, int p) {
  const RootedTrees trees(p);
  const int s = r.stages;
  std::vector<std::vector<double>> phi(trees.size(), std::vector<double>(s, 1.0));
  double worst = 0;
  for (int t = 0; t < trees.size(); ++t) {
    const bool single = trees.children[t].size() == 1;
    for (int k : trees.children[t])
      for (int i = 0; i < s; ++i) {
        double v = 0;
        for (int j = 0; j < s; ++j) v += (r.al(i, j) + (single ? r.ga(i, j) : 0.0)) * phi[k][j];
        phi[t][i] *= v;
      }
    double bphi = 0;
    for (int i = 0; i < s; ++i) bphi += b[i] * phi[t][i];
    worst = std::fmax(worst, std::fabs(bphi - 1.0 / trees.gamma[t]));
  }
  return worst;
}

}  // namespace kode_test

#endif  // KODE_TEST_ORDERCONDITIONS_HPP
