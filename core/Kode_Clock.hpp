/// \file Kode_Clock.hpp
/// \brief The integration loop's clock: the current time in compensated precision, a (hi, lo) pair
/// of the state's scalar type.
///
/// Why: a float32 clock resolves time to one ulp of t (6e-5 at t = 800), while a stiff problem may
/// need steps of 1e-5 there; the state is fine in float, the clock is not. With t = hi + lo kept by
/// error-free transformations (Knuth's TwoSum, Dekker's FastTwoSum; Shewchuk, "Adaptive precision
/// floating-point arithmetic", Discrete Comput. Geom. 18 (1997) 305–363, Thms 6–7), the clock
/// resolves ~ε² |t| (float: 1.4e-14 |t|; double: 4.9e-32 |t|), so float32 state works over long
/// spans and a double run over (1e15, 1e15 + 1) advances. The right-hand side and the steppers still
/// see `hi`, t rounded to the scalar type (a forcing term reads time to one ulp, as it would with a
/// plain clock); only the loop's bookkeeping — landing on stops, save positions, the step floor —
/// uses the pair.
///
/// Cost (measured for this choice; docs/performance.md#time-resolution): a TwoSum is six additions
/// per accepted step and one subtraction more per distance to a stop, against a Tsit5 step's ~120
/// operations; the alternative for float state, a double clock, costs one double register pair and
/// double-precision adds, which GPUs other than the HPC parts run at 1/32–1/64 of the float rate.
/// Both operations below are exact in IEEE arithmetic with round-to-nearest and no reassociation
/// (never compile kode with -ffast-math or -fassociative-math).
#ifndef KODE_CLOCK_HPP
#define KODE_CLOCK_HPP

#include "Kode_Compat.hpp"

namespace kode {
namespace Impl {

/// \brief A time t = hi + lo with |lo| ≤ ulp(hi)/2: ~twice the precision of `T`.
template <class T>
struct Clock {
  T hi;  ///< t rounded to T: what the right-hand side and the steppers see
  T lo;  ///< the rounding error of hi

  Clock() = default;  // (no annotation: nvcc ignores it on a defaulted constructor, warning #20012)
  KOKKOS_FORCEINLINE_FUNCTION explicit Clock(const T t) : hi(t), lo(T(0)) {}

  /// t ← t + h (TwoSum of hi and h, the error folded into lo, then renormalised by FastTwoSum).
  KOKKOS_FORCEINLINE_FUNCTION void advance(const T h) {
    const T s  = hi + h;
    const T bb = s - hi;
    T e        = (hi - (s - bb)) + (h - bb);  // hi + h − s, exactly
    e += lo;
    hi = s + e;
    lo = e - (hi - s);
  }
  /// t ← t + a·b with the product's rounding error too (a fused multiply-add gives it exactly):
  /// the time after a block of equal steps, `a` = the number of steps, `b` = the step.
  KOKKOS_FORCEINLINE_FUNCTION void advance(const T a, const T b) {
    const T p = a * b;
    advance(p);
    advance(Impl::fma(a, b, -p));
  }
  /// x − t, accurate to ~ε |x − t| (exact subtraction when x is within a factor 2 of hi: Sterbenz).
  KOKKOS_FORCEINLINE_FUNCTION T until(const T x) const { return (x - hi) - lo; }
  /// t − s for another clock s.
  KOKKOS_FORCEINLINE_FUNCTION T since(const Clock& s) const { return (hi - s.hi) + (lo - s.lo); }
  /// t ← x exactly (landing on a stop).
  KOKKOS_FORCEINLINE_FUNCTION void set(const T x) {
    hi = x;
    lo = T(0);
  }
  /// True when t is exactly x.
  KOKKOS_FORCEINLINE_FUNCTION bool at(const T x) const { return hi == x && lo == T(0); }
};

}  // namespace Impl
}  // namespace kode

#endif  // KODE_CLOCK_HPP
