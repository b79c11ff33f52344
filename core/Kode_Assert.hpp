/// \file Kode_Assert.hpp
/// \brief Host-side precondition checks that throw `std::invalid_argument`.
#ifndef KODE_ASSERT_HPP
#define KODE_ASSERT_HPP

#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace kode {
namespace Impl {

/// Throws `std::invalid_argument("<function>: <message>")`.
[[noreturn]] inline void throw_invalid_argument(const char* function, const std::string& message) {
  throw std::invalid_argument(std::string(function) + ": " + message);
}

}  // namespace Impl
}  // namespace kode

/// \brief Host precondition: throws `std::invalid_argument` whose message starts with `FUNC: `
/// when `COND` is false. `MSG` is anything that can be streamed into a `std::ostringstream`;
/// numbers are printed with `max_digits10` digits (of double), so that two different values never
/// print alike: `saveat[3] = 0.30000000000000004 is outside [0, 0.29999999999999999]`, not
/// `0.3 is outside [0, 0.3]`.
#define KODE_EXPECTS(COND, FUNC, MSG)                                        \
  do {                                                                       \
    if (!(COND)) {                                                           \
      std::ostringstream kode_expects_os_;                                   \
      kode_expects_os_.precision(std::numeric_limits<double>::max_digits10); \
      kode_expects_os_ << MSG;                                               \
      ::kode::Impl::throw_invalid_argument(FUNC, kode_expects_os_.str());    \
    }                                                                        \
  } while (false)

#endif  // KODE_ASSERT_HPP
