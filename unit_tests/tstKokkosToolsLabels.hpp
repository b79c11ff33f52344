/// \file tstKokkosToolsLabels.hpp
/// \brief Every Kokkos label kode makes (allocations, kernels, profiling regions) starts with
/// `kode::`, so that a Kokkos Tools profile attributes kode's time and memory to kode (ArborX's
/// tstKokkosToolsAnnotations.cpp is the model). Recorded through Kokkos Tools callbacks, which
/// Kokkos 3.4 and 4.x both provide under Kokkos::Tools::Experimental.
#include "Test_Methods.hpp"
#include "Test_Problems.hpp"
#include "Test_Utils.hpp"

#include <string>
#include <vector>

namespace {

using namespace kode_test;

// What the callbacks saw, "<kind>: <label>" (plain function pointers: no captures).
std::vector<std::string>& recorded() {
  static std::vector<std::string> r;
  return r;
}
void record_kernel(const char* label, uint32_t, uint64_t* id) {
  *id = 0;
  recorded().push_back(std::string("kernel: ") + label);
}
void record_allocation(const Kokkos::Profiling::SpaceHandle, const char* label, const void*, uint64_t) {
  recorded().push_back(std::string("allocation: ") + label);
}
void record_region(const char* label) {
  recorded().push_back(std::string("region: ") + label);
}

// Records every label between construction and destruction.
struct Recording {
  Recording() {
    recorded().clear();
    namespace KTE = Kokkos::Tools::Experimental;
    KTE::set_begin_parallel_for_callback(record_kernel);
    KTE::set_begin_parallel_reduce_callback(record_kernel);
    KTE::set_begin_parallel_scan_callback(record_kernel);
    KTE::set_allocate_data_callback(record_allocation);
    KTE::set_push_region_callback(record_region);
  }
  ~Recording() {
    namespace KTE = Kokkos::Tools::Experimental;
    KTE::set_begin_parallel_for_callback(nullptr);
    KTE::set_begin_parallel_reduce_callback(nullptr);
    KTE::set_begin_parallel_scan_callback(nullptr);
    KTE::set_allocate_data_callback(nullptr);
    KTE::set_push_region_callback(nullptr);
  }
  Recording(const Recording&)            = delete;
  Recording& operator=(const Recording&) = delete;
};

// kode's own labels start with `kode::`. Two kinds of label are Kokkos's, not kode's to choose:
// - the kernels Kokkos runs for a View, "Kokkos::View::initialization [<the View's label>]"
//   (Kokkos 4 adds " via memset" when it zero-fills), which must name a kode View;
// - the execution space's team-scratch pools (`is_kokkos_scratch_pool`, Test_Utils.hpp:
//   "Kokkos::Serial::scratch_mem", "Kokkos::CudaSpace::TeamScratchMemory", ...), which Kokkos
//   allocates for team kernels (kode's ensemble kernel may keep the save times there).
// Anything else (the test's own Views, an unlabelled kernel) fails.
// (Plain string matching: GCC 12's std::regex trips -Wmaybe-uninitialized inside libstdc++ in
// the sanitizer build at -O1, an error under -Werror.)
bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}
bool is_kodes(const std::string& entry) {
  for (const char* kind : {"allocation: kode::", "kernel: kode::", "region: kode::"})
    if (starts_with(entry, kind)) return true;
  const std::string view_init = "kernel: Kokkos::View::initialization [kode::";
  if (starts_with(entry, view_init)) {  // "... [kode::<label>]", optionally " via memset"
    const std::size_t close = entry.find(']', view_init.size());
    return close != std::string::npos &&
           (close + 1 == entry.size() || entry.compare(close + 1, std::string::npos, " via memset") == 0);
  }
  const std::string allocation = "allocation: ";
  return starts_with(entry, allocation) && is_kokkos_scratch_pool(entry.substr(allocation.size()));
}

struct Stop {  // a continuous callback that never fires before tf
  template <class T>
  KOKKOS_FUNCTION T operator()(const kode::Vec<T, 2>& u, const kode::Vec<T, 1>&, T) const {
    return u[0] - T(100);
  }
};
struct EveryStep {  // a discrete callback that never changes anything
  template <class T>
  KOKKOS_FUNCTION bool operator()(const kode::Vec<T, 2>&, const kode::Vec<T, 1>&, T) const {
    return false;
  }
};
struct Nothing {
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 2>&, kode::Vec<T, 1>&, T) const {}
};

template <class Alg>
std::vector<std::string> labels_of_a_solve() {
  using Exec = TEST_EXECSPACE;
  // The test's own Views, made before the recording starts.
  auto prob = one_trajectory<double, TEST_MEMSPACE>(VanDerPol{}, {2.0, 0.0}, {1.0}, 0.0, 1.0);
  std::vector<std::string> seen;
  {
    const Recording rec;
    Exec exec;
    kode::SolverOptions<double, TEST_MEMSPACE> ends;  // saves at t0 and tf only
    ends.adaptive          = Alg::has_error_est;
    ends.dt                = Alg::has_error_est ? 0.0 : 0.01;
    auto opts              = ends;
    opts.saveat            = kode::linspace(exec, 0.0, 1.0, 5);
    opts.tstops            = kode::times(exec, {0.3, 0.6});
    opts.max_event_records = 2;
    const auto cbs =
        kode::CallbackSet{kode::ContinuousCallback{Stop{}, Nothing{}}, kode::DiscreteCallback{EveryStep{}, Nothing{}}};
    auto sol      = kode::solve<kode_test::own_steps_saveat<Alg>>(exec, prob, Alg{}, kode::EnsembleKernel{}, opts, cbs);
    auto sol_ends = kode::solve<kode_test::own_steps<Alg>>(exec, prob, Alg{}, kode::EnsembleKernel{}, ends);
    exec.fence();
    seen = recorded();
  }
  return seen;
}

template <class Alg>
void expect_kode_labels() {
  const auto seen = labels_of_a_solve<Alg>();
  // Nothing recorded would mean the callbacks were not called: the test would check nothing.
  bool kernel = false, allocation = false, region = false;
  for (const auto& s : seen) {
    kernel |= s.rfind("kernel: kode::", 0) == 0;
    allocation |= s.rfind("allocation: kode::", 0) == 0;
    region |= s.rfind("region: kode::solve", 0) == 0;
    EXPECT_TRUE(is_kodes(s)) << Alg::name << ": \"" << s << "\" is not labelled kode::";
  }
  EXPECT_TRUE(kernel && allocation && region) << Alg::name << ": the Kokkos Tools callbacks saw too little";
}

TEST(TEST_CATEGORY_FIXTURE(kokkos_tools), every_label_starts_with_kode_explicit) {
  expect_kode_labels<kode::Tsit5>();
}
TEST(TEST_CATEGORY_FIXTURE(kokkos_tools), every_label_starts_with_kode_stiff) {
  expect_kode_labels<kode::Rodas5P>();
}
TEST(TEST_CATEGORY_FIXTURE(kokkos_tools), every_label_starts_with_kode_fixed_step) {
  expect_kode_labels<kode::RK4>();
}

TEST(TEST_CATEGORY_FIXTURE(kokkos_tools), the_label_filter_refuses_others) {
  // The filter itself: a test that cannot fail checks nothing.
  EXPECT_TRUE(is_kodes("allocation: kode::solution::u"));
  EXPECT_TRUE(is_kodes("kernel: Kokkos::View::initialization [kode::linspace]"));
  EXPECT_FALSE(is_kodes("allocation: u0"));
  EXPECT_TRUE(is_kodes("kernel: Kokkos::View::initialization [kode::times] via memset"));
  EXPECT_FALSE(is_kodes("kernel: Kokkos::View::initialization [u0]"));
  EXPECT_FALSE(is_kodes("kernel: Kokkos::View::initialization [u0] via memset [kode::x]"));
  EXPECT_FALSE(is_kodes("kernel: "));
  EXPECT_FALSE(is_kodes("region: kodex"));
  EXPECT_TRUE(is_kodes("allocation: Kokkos::Serial::scratch_mem"));
  EXPECT_FALSE(is_kodes("allocation: Kokkos::Serial::scratch_mem [u0]"));
}

}  // namespace
