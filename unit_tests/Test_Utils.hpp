/// \file Test_Utils.hpp
/// \brief Helpers shared by the unit tests: building ensembles from host data, copying solutions
/// back, relative errors, and checking that bad input is rejected with the right message.
#ifndef KODE_TEST_UTILS_HPP
#define KODE_TEST_UTILS_HPP

#include <Kode.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace kode {
/// Return codes by name in test failure messages (gtest finds this by argument-dependent lookup).
inline std::ostream& operator<<(std::ostream& os, const ReturnCode rc) {
  return os << to_string(rc);
}
}  // namespace kode

namespace kode_test {

/// The loop variant (kode::Variants) of a test that steps adaptively where the method can and
/// takes fixed steps otherwise, without a saveat: a test compiles only the kernels it runs.
template <class Alg>
inline constexpr kode::Variants own_steps = Alg::has_error_est ? kode::Variants::adaptive : kode::Variants::fixed;
/// `own_steps` with a saveat.
template <class Alg>
inline constexpr kode::Variants own_steps_saveat =
    Alg::has_error_est ? kode::Variants::adaptive_saveat : kode::Variants::fixed_saveat;

/// Host matrix, one row per trajectory.
template <class T>
using HostMat = Kokkos::View<T**, Kokkos::LayoutRight, Kokkos::HostSpace>;

/// Rows filled by `fill(i, row)` copied to `MemSpace` (in that space's default layout).
template <class T, class MemSpace>
Kokkos::View<T**, MemSpace> make_rows(const std::string& label, int n, int m,
                                      const std::function<void(int, T*)>& fill) {
  HostMat<T> h("host_" + label, n, m);
  std::vector<T> row(m > 0 ? m : 1);
  for (int i = 0; i < n; ++i) {
    fill(i, row.data());
    for (int c = 0; c < m; ++c) h(i, c) = row[c];
  }
  Kokkos::View<T**, MemSpace> d(label, n, m);
  auto mirror = Kokkos::create_mirror_view(d);
  Kokkos::deep_copy(mirror, h);
  Kokkos::deep_copy(d, mirror);
  return d;
}

/// A one-trajectory ensemble of `System` over (t0, tf): initial state `u0v`, parameters `pv`.
template <class T, class MemSpace, class System>
auto one_trajectory(const System& sys, const std::vector<double>& u0v, const std::vector<double>& pv, T t0, T tf) {
  auto u0 = make_rows<T, MemSpace>("u0", 1, System::dim, [&](int, T* r) {
    for (int c = 0; c < System::dim; ++c) r[c] = T(u0v[c]);
  });
  auto p  = make_rows<T, MemSpace>("p", 1, int(pv.size()), [&](int, T* r) {
    for (std::size_t c = 0; c < pv.size(); ++c) r[c] = T(pv[c]);
  });
  return kode::EnsembleProblem(sys, u0, p, {t0, tf});
}

/// A device View of times.
template <class T, class MemSpace>
Kokkos::View<T*, MemSpace> make_times(const std::vector<T>& v) {
  Kokkos::View<T*, MemSpace> d("times", v.size());
  auto h = Kokkos::create_mirror_view(d);
  for (std::size_t k = 0; k < v.size(); ++k) h(k) = v[k];
  Kokkos::deep_copy(d, h);
  return d;
}

/// Host copy of a solution.
template <class Solution>
struct HostSolution {
  using T = typename Solution::value_type;
  decltype(Kokkos::create_mirror_view(Solution().t)) t;
  decltype(Kokkos::create_mirror_view(Solution().u)) u;
  decltype(Kokkos::create_mirror_view(Solution().retcode)) retcode;
  decltype(Kokkos::create_mirror_view(Solution().stats)) stats;
  decltype(Kokkos::create_mirror_view(Solution().t_final)) t_final;
  decltype(Kokkos::create_mirror_view(Solution().u_final)) u_final;
  decltype(Kokkos::create_mirror_view(Solution().event_count)) event_count;
  decltype(Kokkos::create_mirror_view(Solution().event_t)) event_t;
  decltype(Kokkos::create_mirror_view(Solution().event_index)) event_index;
  explicit HostSolution(const Solution& s)
      : t(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.t)),
        u(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.u)),
        retcode(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.retcode)),
        stats(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.stats)),
        t_final(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.t_final)),
        u_final(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.u_final)),
        event_count(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.event_count)),
        event_t(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.event_t)),
        event_index(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), s.event_index)) {}
  int size() const { return int(u.extent(0)); }
  int num_saves() const { return int(t.extent(0)); }
  int dim() const { return int(u.extent(2)); }
};

template <class Solution>
HostSolution<Solution> to_host(const Solution& s) {
  return HostSolution<Solution>(s);
}

/// Equal values, NaN equal to NaN (the unreached save slots of a failed trajectory).
template <class T>
::testing::AssertionResult same_value(const T a, const T b) {
  if (a == b || (a != a && b != b)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " != " << b;
}

/// Equal values as `same_value`, or within `rel` of each other relative to the larger.
template <class T>
::testing::AssertionResult close_value(const T a, const T b, const double rel) {
  if (same_value(a, b) || std::abs(double(a) - double(b)) <= rel * std::max(std::abs(double(a)), std::abs(double(b))))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " vs " << b << " (relative tolerance " << rel << ")";
}

/// Two host solutions (`to_host`) are equal bit for bit: times, states, return codes, statistics,
/// events. With `rel` > 0 the states may differ by that much relative to the larger (the rest
/// stays exact).
template <class A, class B>
void expect_same_solution(const A& a, const B& b, const double rel = 0) {
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(a.num_saves(), b.num_saves());
  for (int s = 0; s < a.num_saves(); ++s) EXPECT_EQ(a.t(s), b.t(s));
  for (int i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.retcode(i), b.retcode(i)) << "trajectory " << i;
    EXPECT_EQ(a.stats(i).naccept, b.stats(i).naccept);
    EXPECT_EQ(a.stats(i).nreject, b.stats(i).nreject);
    EXPECT_EQ(a.stats(i).nf, b.stats(i).nf);
    EXPECT_EQ(a.t_final(i), b.t_final(i)) << "trajectory " << i;
    for (int c = 0; c < a.dim(); ++c) {
      EXPECT_TRUE(close_value(a.u_final(i, c), b.u_final(i, c), rel)) << "trajectory " << i;
      for (int s = 0; s < a.num_saves(); ++s)
        EXPECT_TRUE(close_value(a.u(i, s, c), b.u(i, s, c), rel)) << "trajectory " << i << ", save " << s;
    }
    if (a.event_count.extent(0) > 0) {
      EXPECT_EQ(a.event_count(i), b.event_count(i));
      for (int k = 0; k < int(a.event_t.extent(1)); ++k) {
        EXPECT_EQ(a.event_index(i, k), b.event_index(i, k));
        if (a.event_index(i, k) >= 0) {
          EXPECT_EQ(a.event_t(i, k), b.event_t(i, k));
        }
      }
    }
  }
}

/// Whether an allocation label is one of Kokkos's own team-scratch pools, which Kokkos allocates
/// for team kernels and which kode does not choose: "Kokkos::Serial::scratch_mem" (host backends,
/// for the first team kernel that asks for scratch) and "Kokkos::CudaSpace::TeamScratchMemory" /
/// "Kokkos::HIPSpace::TeamScratchMemory" (Kokkos 4.x GPU backends: every TeamPolicy launch takes a
/// slot of a pool of ten and records an allocation of its level-1 scratch, 0 bytes for kode's
/// kernels, whenever that slot is still empty — `CudaInternal::resize_team_scratch_space` — so it
/// shows on every launch; measured on the H200, issue 19).
inline bool is_kokkos_scratch_pool(const std::string& label) {
  const std::string kokkos = "Kokkos::";
  if (label.compare(0, kokkos.size(), kokkos) != 0) return false;
  for (const std::string pool : {"::scratch_mem", "Space::TeamScratchMemory"}) {
    if (label.size() <= kokkos.size() + pool.size() ||
        label.compare(label.size() - pool.size(), pool.size(), pool) != 0)
      continue;
    const std::string name = label.substr(kokkos.size(), label.size() - kokkos.size() - pool.size());
    bool alpha             = !name.empty();
    for (const char c : name) alpha = alpha && std::isalpha(static_cast<unsigned char>(c));
    if (alpha) return true;
  }
  return false;
}

/// The labels of the kernels launched while `f` ran that start with "kode::solve[" and contain
/// `tag` (a Kokkos Tools callback; the label says which path a solve took: ",simd8]" the host
/// lanes, ",lanes8]" a lane group).
inline std::vector<std::string>& launched_kernels() {
  static std::vector<std::string> k;
  return k;
}
inline void record_launched_kernel(const char* label, uint32_t, uint64_t* id) {
  *id = 0;
  launched_kernels().push_back(label);
}
template <class F>
bool ran_kernel_with(const char* tag, const F& f) {
  launched_kernels().clear();
  Kokkos::Tools::Experimental::set_begin_parallel_for_callback(record_launched_kernel);
  f();
  Kokkos::Tools::Experimental::set_begin_parallel_for_callback(nullptr);
  bool found = false;
  for (const auto& k : launched_kernels())
    found = found || (k.rfind("kode::solve[", 0) == 0 && k.find(tag) != std::string::npos);
  return found;
}

/// Relative error of a state vector against a reference: max_c |u_c - ref_c| / max_c |ref_c|.
template <class U>
double rel_error(const U& u, const std::vector<double>& ref) {
  double num = 0, den = 0;
  for (std::size_t c = 0; c < ref.size(); ++c) {
    num = std::fmax(num, std::fabs(double(u(c)) - ref[c]));
    den = std::fmax(den, std::fabs(ref[c]));
  }
  return num / den;
}

/// Expects `f()` to throw std::invalid_argument whose message starts with `prefix` and contains `needle`.
inline void expect_invalid(const std::function<void()>& f, const std::string& prefix, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "expected std::invalid_argument containing \"" << needle << "\"";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(prefix, 0), 0u) << "message does not start with \"" << prefix << "\": " << msg;
    EXPECT_NE(msg.find(needle), std::string::npos) << "message lacks \"" << needle << "\": " << msg;
  }
}

/// Least-squares slope of log(err) against log(dt): the observed order of convergence.
inline double observed_order(const std::vector<double>& dts, const std::vector<double>& errs) {
  const std::size_t n = dts.size();
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double x = std::log(dts[k]), y = std::log(errs[k]);
    sx += x, sy += y, sxx += x * x, sxy += x * y;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

}  // namespace kode_test

#endif  // KODE_TEST_UTILS_HPP
