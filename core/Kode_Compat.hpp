/// \file Kode_Compat.hpp
/// \brief The one place where kode deals with differences between Kokkos versions.
///
/// kode builds against Debian bookworm's Trilinos-packaged Kokkos 3.4.1 (Serial) and against
/// Kokkos 4.x (OpenMP, CUDA, HIP). Everything that differs between those versions is wrapped
/// here, so that no other header needs a `KOKKOS_VERSION` test:
/// - the mathematical functions live in `Kokkos::Experimental::` in 3.x and in `Kokkos::` in 4.x;
/// - `Kokkos::Profiling::ScopedRegion` appeared in 4.1;
/// - `Kokkos::Experimental::quiet_NaN` appeared in 3.6; 3.4 has no `fma`;
/// - Kokkos Kernels 3.4's batched `Impl` headers do not include what they use, and it has no
///   pivoted batched LU (`SerialGetrf`/`SerialGetrs` appeared in Kokkos Kernels 4.x).
///
/// It also holds the one backend difference that kode's kernels need: their launch bounds on HIP
/// (`EnsembleLaunchBounds`).
#ifndef KODE_COMPAT_HPP
#define KODE_COMPAT_HPP

#include <Kokkos_Core.hpp>

// Kokkos Kernels' batched dense LU and triangular solves. 3.4's Impl headers use the Decl
// headers, KokkosBatched_Util.hpp and Kokkos::ArithTraits without including them: include those
// first, in this order.
#include <KokkosKernels_config.h>
#include <KokkosBatched_Util.hpp>
#include <KokkosBatched_LU_Decl.hpp>
#include <KokkosBatched_LU_Serial_Impl.hpp>
#include <KokkosBatched_Trsv_Decl.hpp>
#include <KokkosBatched_Trsv_Serial_Impl.hpp>
#if defined(KOKKOSKERNELS_VERSION) && KOKKOSKERNELS_VERSION >= 40000
#include <KokkosBatched_Getrf.hpp>
#include <KokkosBatched_Getrs.hpp>
/// Kokkos Kernels provides the pivoted batched LU (`SerialGetrf`, `SerialGetrs`).
#define KODE_HAVE_BATCHED_GETRF 1
#else
#define KODE_HAVE_BATCHED_GETRF 0
#endif

#include <cmath>
#include <string>

#if !defined(KOKKOS_VERSION) || KOKKOS_VERSION < 30400
#error "kode needs Kokkos 3.4 or newer"
#endif

/// `KODE_IMPL_DEVICE_PASS` is 1 in the device pass of a GPU compilation (CUDA, HIP, SYCL), where
/// a few host-side choices (inlined selects, the controller's own log₂/2^x) give way to the
/// backend's native functions; 0 in host code.
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__) || defined(__SYCL_DEVICE_ONLY__)
#define KODE_IMPL_DEVICE_PASS 1
#else
#define KODE_IMPL_DEVICE_PASS 0
#endif

/// `KODE_IMPL_UNROLL` before a loop with a compile-time trip count asks the device compiler to
/// unroll it fully, so that indices into register arrays (`Vec`, `Mat`) become constants; on the
/// host the compiler's own choice stands (g++ would warn about an unknown pragma).
#if KODE_IMPL_DEVICE_PASS
#define KODE_IMPL_UNROLL _Pragma("unroll")
#else
#define KODE_IMPL_UNROLL
#endif

namespace kode {
namespace Impl {

#if KOKKOS_VERSION >= 40000
namespace kmath = ::Kokkos;
#else
namespace kmath = ::Kokkos::Experimental;
#endif

/// RAII profiling region (`Kokkos::Profiling::ScopedRegion` where the Kokkos version has it).
class ScopedRegion {
 public:
  explicit ScopedRegion(const std::string& name) { Kokkos::Profiling::pushRegion(name); }
  ~ScopedRegion() { Kokkos::Profiling::popRegion(); }
  ScopedRegion(const ScopedRegion&)            = delete;
  ScopedRegion& operator=(const ScopedRegion&) = delete;
};

/// a·b + c with one rounding (the clock's exact products, Kode_Clock.hpp).
template <class T>
KOKKOS_INLINE_FUNCTION T fma(const T a, const T b, const T c) {
#if KOKKOS_VERSION >= 40000
  return kmath::fma(a, b, c);
#else
  return std::fma(a, b, c);  // Kokkos 3.4 as Debian packages it: Serial, host code only
#endif
}

/// \brief `fmax`/`fmin` with C's semantics (a NaN argument is ignored), inlined.
///
/// In a host compilation GCC calls libm's `fmax` and `fmin` through the PLT (the NaN rule keeps
/// it from using `maxsd`): 2.7% of a Tsit5 Lorenz step in Serial, measured with `perf record`
/// (docs/performance.md, issue 19). The select below is glibc's own definition, so the results
/// are the same bits, signed zeros included. In a device compilation the backend's function is
/// one instruction and is kept.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION T fmax(const T x, const T y) {
#if KODE_IMPL_DEVICE_PASS
  return kmath::fmax(x, y);
#else
  return (x >= y || y != y) ? x : y;
#endif
}
/// See `fmax`.
template <class T>
KOKKOS_FORCEINLINE_FUNCTION T fmin(const T x, const T y) {
#if KODE_IMPL_DEVICE_PASS
  return kmath::fmin(x, y);
#else
  return (x <= y || y != y) ? x : y;
#endif
}

/// Floating-point constants usable in device code on every supported Kokkos version.
template <class T>
struct FloatTraits {
  static_assert(std::is_floating_point<T>::value, "kode: the scalar type must be float or double");
  /// Machine epsilon.
  KOKKOS_INLINE_FUNCTION static constexpr T epsilon() { return Kokkos::Experimental::epsilon<T>::value; }
  /// Smallest positive normal value.
  KOKKOS_INLINE_FUNCTION static constexpr T norm_min() { return Kokkos::Experimental::norm_min<T>::value; }
  /// Largest finite value.
  KOKKOS_INLINE_FUNCTION static constexpr T max() { return Kokkos::Experimental::finite_max<T>::value; }
  /// Positive infinity.
  KOKKOS_INLINE_FUNCTION static constexpr T infinity() { return Kokkos::Experimental::infinity<T>::value; }
  /// A quiet NaN (the sentinel written into save slots that a trajectory never reached).
  KOKKOS_INLINE_FUNCTION static constexpr T nan() { return static_cast<T>(__builtin_nan("")); }
};

/// \brief Launch bounds of the ensemble kernel's `TeamPolicy` on `ExecutionSpace`.
///
/// Kokkos' HIP backend gives a kernel without launch bounds `__launch_bounds__(1024)`, and for
/// 1024-thread blocks the AMD compiler caps a kernel at 128 VGPRs (gfx90a): the double-precision
/// and stiff kernels then spill to scratch (global) memory. kode's teams have 128 threads unless the
/// user asks for more, so on HIP the bound is 256 threads, which lets the kernels keep their state
/// and stages in registers (no spills for Tsit5 on Lorenz, float or double). Everywhere else:
/// Kokkos' default, `LaunchBounds<>`.
template <class ExecutionSpace>
struct EnsembleLaunchBounds {
  using type = Kokkos::LaunchBounds<>;
};
#if defined(KOKKOS_ENABLE_HIP)
template <>
struct EnsembleLaunchBounds<Kokkos::HIP> {
  using type = Kokkos::LaunchBounds<256, 1>;
};
#endif

}  // namespace Impl
}  // namespace kode

#endif  // KODE_COMPAT_HPP
