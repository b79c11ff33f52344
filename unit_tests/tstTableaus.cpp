/// \file tstTableaus.cpp
/// \brief Host tests: every tableau satisfies its order conditions (and not the next order's),
/// its dense output has its stated order, and the tree enumeration itself is right.
#include <Kode.hpp>

#include <gtest/gtest.h>

#include "Test_OrderConditions.hpp"

namespace {

using kode_test::observed_tableau_order;
using kode_test::order_residual;

TEST(tableau, rooted_tree_counts) {
  // OEIS A000081: 1, 1, 2, 4, 9, 20, 48, 115, 286 rooted trees with 1..9 vertices.
  const kode_test::RootedTrees trees(9);
  const int expected[] = {1, 1, 2, 4, 9, 20, 48, 115, 286};
  for (int n = 1; n <= 9; ++n) EXPECT_EQ(trees.count_of_order(n), expected[n - 1]) << n;
  // classical RK4 has order exactly 4
  struct {
    int stages = 4;
    std::vector<double> c{0, 0.5, 0.5, 1};
    double a(int i, int j) const {
      static const double A[4][4] = {{0, 0, 0, 0}, {0.5, 0, 0, 0}, {0, 0.5, 0, 0}, {0, 0, 1, 0}};
      return A[i][j];
    }
  } rk4;
  EXPECT_EQ(observed_tableau_order(rk4, {1. / 6, 1. / 3, 1. / 3, 1. / 6}, 9, 1e-14), 4);
}

// The coefficients are doubles of size up to ~90, so the conditions hold to a few 1e-14.
constexpr double tol = 1e-13;

TEST(tableau, tsit5_order_conditions) {
  const auto B = kode::Impl::Tsit5Tableau::butcher();
  EXPECT_LT(kode_test::row_sum_residual(B), 1e-14);
  EXPECT_LT(order_residual(B, B.b, 5), tol);
  EXPECT_EQ(observed_tableau_order(B, B.b, 9, 1e-12), 5);
  EXPECT_LT(order_residual(B, B.bhat, 4), tol);
  EXPECT_EQ(observed_tableau_order(B, B.bhat, 9, 1e-12), 4);
  EXPECT_EQ(kode::Tsit5::order, 5);
}

TEST(tableau, tsit5_dense_output_order_4) {
  const auto B = kode::Impl::Tsit5Tableau::butcher();
  for (double th : {0.1, 0.3, 0.5, 0.77}) {
    const auto bth = kode::Impl::Tsit5Tableau::dense_weights(th);
    EXPECT_LT(order_residual(B, bth, 4, th), tol) << "theta " << th;
    EXPECT_GT(order_residual(B, bth, 5, th), 1e-8) << "theta " << th;  // exactly 4 inside the step
  }
  // b(1) = b: the interpolant ends at the step's solution
  const auto b1 = kode::Impl::Tsit5Tableau::dense_weights(1.0);
  for (int i = 0; i < 7; ++i) EXPECT_NEAR(b1[i], B.b[i], tol);
}

}  // namespace
