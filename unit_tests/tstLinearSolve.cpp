/// \file tstLinearSolve.cpp
/// \brief Host tests of `Impl::LUFactors`, the W = I/(γh) − J solver of the implicit methods:
/// kode's unrolled register LU (N ≤ `register_lu_max`) against Kokkos Kernels' batched LU and
/// against a textbook Gaussian elimination, residuals, pivot choices, singular and non-finite W.
#include <Kode.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace {

struct Rng {
  std::uint64_t s;
  double operator()() {  // uniform in [-1, 1)
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return 2.0 * (double(s >> 11) / double(1ULL << 53)) - 1.0;
  }
};

template <int N>
kode::Mat<double, N> random_matrix(Rng& rng, double diagonal) {
  kode::Mat<double, N> a;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) a(i, j) = rng() + (i == j ? diagonal : 0.0);
  return a;
}

// Gaussian elimination with partial pivoting as in Golub & Van Loan, Algorithm 3.4.1 (first
// largest |entry| on ties, as LAPACK's idamax): the pivot rows the register LU must choose.
template <int N>
void reference_pivots(kode::Mat<double, N> a, int (&piv)[N]) {
  for (int k = 0; k < N; ++k) {
    int r = k;
    for (int i = k + 1; i < N; ++i)
      if (std::fabs(a(i, k)) > std::fabs(a(r, k))) r = i;
    piv[k] = r;
    for (int j = 0; j < N; ++j) std::swap(a(k, j), a(r, j));
    for (int i = k + 1; i < N; ++i) {
      a(i, k) /= a(k, k);
      for (int j = k + 1; j < N; ++j) a(i, j) -= a(i, k) * a(k, j);
    }
  }
}

// max_i |(A x − b)_i| / (‖A‖∞ ‖x‖∞ + ‖b‖∞): backward-stable solves keep it at a few ε.
template <int N>
double relative_residual(const kode::Mat<double, N>& a, const kode::Vec<double, N>& x, const kode::Vec<double, N>& b) {
  double r = 0, anorm = 0, xnorm = 0, bnorm = 0;
  for (int i = 0; i < N; ++i) {
    double s = -b[i], row = 0;
    for (int j = 0; j < N; ++j) s += a(i, j) * x[j], row += std::fabs(a(i, j));
    r     = std::fmax(r, std::fabs(s));
    anorm = std::fmax(anorm, row);
    xnorm = std::fmax(xnorm, std::fabs(x[i]));
    bnorm = std::fmax(bnorm, std::fabs(b[i]));
  }
  return r / (anorm * xnorm + bnorm);
}

// With FMA in the target ISA g++ may contract a − b·c differently in the two paths.
#if defined(__FMA__)
constexpr bool fma_contraction = true;
#else
constexpr bool fma_contraction = false;
#endif

template <int N, class Pivoting>
void check_size(double diagonal) {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  Rng rng{std::uint64_t(1000 + N)};
  for (int trial = 0; trial < 20; ++trial) {
    const auto a = random_matrix<N>(rng, diagonal);
    kode::Vec<double, N> b;
    for (int i = 0; i < N; ++i) b[i] = rng();
    kode::Impl::LUFactors<double, N, Pivoting> lu;
    ASSERT_TRUE(lu.factor(a)) << "N = " << N << ", trial " << trial;
    auto x = b;
    lu.solve(x);
    EXPECT_LT(relative_residual(a, x, b), 64 * N * eps) << "N = " << N << ", trial " << trial;

    // The other path on the same matrix (for N ≤ 16: Kokkos Kernels' batched LU; above: the same).
    kode::Impl::LUFactors<double, N, Pivoting> kk;
    kk.lu = a;
    kk.factor_batched();
    auto y = b;
    kk.solve_batched(y);
    for (int i = 0; i < N; ++i) {
      if (std::is_same<Pivoting, kode::NoPivoting>::value && !fma_contraction) {
        // The same operations in the same order.
        EXPECT_EQ(x[i], y[i]) << "N = " << N << ", entry " << i;
      } else {
        EXPECT_NEAR(x[i], y[i], 64 * N * eps * (1 + std::fabs(y[i]))) << "N = " << N << ", entry " << i;
      }
    }
    if (std::is_same<Pivoting, kode::PartialPivoting>::value) {
      int piv[N];
      reference_pivots(a, piv);
      for (int k = 0; k < N; ++k) EXPECT_EQ(lu.piv[k], piv[k]) << "N = " << N << ", column " << k;
    }
  }
}

template <class Pivoting>
void check_sizes(double diagonal) {
  check_size<1, Pivoting>(diagonal);
  check_size<2, Pivoting>(diagonal);
  check_size<3, Pivoting>(diagonal);
  check_size<5, Pivoting>(diagonal);
  check_size<8, Pivoting>(diagonal);
  check_size<13, Pivoting>(diagonal);
  check_size<16, Pivoting>(diagonal);  // the largest unrolled size
  check_size<17, Pivoting>(diagonal);  // the smallest on Kokkos Kernels' path
  check_size<28, Pivoting>(diagonal);
}

TEST(linear_solve, unpivoted_on_diagonally_dominant_matrices) {
  check_sizes<kode::NoPivoting>(double(40));
}

TEST(linear_solve, pivoted_on_general_matrices) {
  check_sizes<kode::PartialPivoting>(0.0);
}

TEST(linear_solve, the_unrolled_path_ends_at_register_lu_max) {
  static_assert(kode::Impl::LUFactors<double, kode::Impl::register_lu_max, kode::NoPivoting>::unrolled, "");
  static_assert(!kode::Impl::LUFactors<double, kode::Impl::register_lu_max + 1, kode::NoPivoting>::unrolled, "");
  SUCCEED();
}

// A zero leading entry: only pivoting gets through (an 8×8 cyclic permutation plus a small diagonal).
TEST(linear_solve, pivoting_gets_past_a_zero_pivot) {
  kode::Mat<double, 8> a = kode::Mat<double, 8>::zero();
  for (int i = 0; i < 8; ++i) a(i, (i + 1) % 8) = 1.0 + i;
  kode::Impl::LUFactors<double, 8, kode::NoPivoting> plain;
  EXPECT_FALSE(plain.factor(a));
  kode::Impl::LUFactors<double, 8, kode::PartialPivoting> pivoted;
  ASSERT_TRUE(pivoted.factor(a));
  kode::Vec<double, 8> b;
  for (int i = 0; i < 8; ++i) b[i] = i - 3.5;
  auto x = b;
  pivoted.solve(x);
  for (int i = 0; i < 8; ++i) EXPECT_DOUBLE_EQ(x[(i + 1) % 8], b[i] / (1.0 + i));
}

TEST(linear_solve, singular_and_non_finite_matrices_are_refused) {
  Rng rng{7};
  auto a = random_matrix<8>(rng, 0.0);
  // Rows 2 and 5 equal (rank 7): the elimination turns one of them into an exact zero row.
  for (int j = 0; j < 8; ++j) a(5, j) = a(2, j);
  kode::Impl::LUFactors<double, 8, kode::PartialPivoting> lu;
  EXPECT_FALSE(lu.factor(a));
  kode::Impl::LUFactors<double, 8, kode::NoPivoting> plain;
  EXPECT_FALSE(plain.factor(a));
  auto c  = random_matrix<8>(rng, 40.0);
  c(3, 6) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(lu.factor(c));
  EXPECT_FALSE(plain.factor(c));
  c(3, 6) = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(lu.factor(c));
}

}  // namespace
