/// \file Test_Methods.hpp
/// \brief The method tags the typed tests run over. A new method joins every applicable test by
/// being added here.
#ifndef KODE_TEST_METHODS_HPP
#define KODE_TEST_METHODS_HPP

#include <Kode.hpp>

#include <gtest/gtest.h>

// One level of indirection, so that a fixture name built by TEST_CATEGORY_FIXTURE(x) is expanded
// before gtest pastes it into class names.
#define KODE_TYPED_TEST_SUITE(fixture, types) TYPED_TEST_SUITE(fixture, types)
#define KODE_TYPED_TEST(fixture, name) TYPED_TEST(fixture, name)

namespace kode_test {

/// Explicit methods with an embedded error estimate (adaptive-capable).
using AdaptiveExplicitMethods = ::testing::Types<kode::Tsit5>;
/// Every explicit method (fixed-step tests).
using ExplicitMethods = ::testing::Types<kode::Tsit5>;

}  // namespace kode_test

#endif  // KODE_TEST_METHODS_HPP
