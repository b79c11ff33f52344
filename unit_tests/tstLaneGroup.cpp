/// \file tstLaneGroup.cpp
/// \brief Lane groups (core/Kode_LaneGroup.hpp) on the host: the loop that a GPU warp's lanes
/// run for one trajectory, with each lane a host thread and the lanes' gathers through a shared
/// board and a barrier. The kernels' exchange is a warp shuffle (`WarpExchange`, checked on the
/// GPU by tstLaneGroups.hpp); everything else — the component layout, the padding, the gathered
/// right-hand side, the norms summed in component order, events and callbacks on gathered
/// states, the outputs written by their owners — is this very code. Every answer must equal the
/// one-thread loop's bit for bit, and every lane must take the same path (a lane that left the
/// others would wait at the barrier for ever: the test would hang, not pass).
#include "Test_Problems.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using kode::Vec;
using kode_test::Chain;
using kode_test::chain_callbacks;
using kode_test::chain_initial;
using kode_test::Hires;
using kode_test::HiresRows;
using kode_test::Lorenz;
using kode_test::Pleiades;

// A reusable barrier for the lanes (C++17 has no std::barrier).
class Barrier {
 public:
  explicit Barrier(int n) : n_(n) {}
  void wait() {
    std::unique_lock<std::mutex> lock(m_);
    const long gen = generation_;
    if (++count_ == n_) {
      count_ = 0;
      ++generation_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return generation_ != gen; });
    }
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int n_, count_ = 0;
  long generation_ = 0;
};

struct Board {
  explicit Board(int lanes) : barrier(lanes) {}
  Barrier barrier;
  double cells[512];  // one 8-byte cell per slot of every lane
};

// The exchange of a group whose lanes are host threads.
template <int L>
struct ThreadExchange {
  int me;
  Board* board;
  int lane() const { return me; }
  template <class S, int M>
  Vec<S, L * M> gather(const Vec<S, M>& v) const {
    static_assert(sizeof(S) <= sizeof(double) && L * M <= 512, "the board's cells");
    for (int j = 0; j < M; ++j) std::memcpy(&board->cells[me * M + j], &v[j], sizeof(S));
    board->barrier.wait();
    Vec<S, L * M> r;
    for (int k = 0; k < L * M; ++k) std::memcpy(&r[k], &board->cells[k], sizeof(S));
    board->barrier.wait();  // nobody writes the board again before everyone has read it
    return r;
  }
  template <class S>
  S broadcast(const S v, const int src) const {
    static_assert(sizeof(S) <= sizeof(double), "the board's cells");
    std::memcpy(&board->cells[me], &v, sizeof(S));
    board->barrier.wait();
    S r;
    std::memcpy(&r, &board->cells[src], sizeof(S));
    board->barrier.wait();
    return r;
  }
};

// Runs `lane(exchange)` on L host threads, thread l with lane l's exchange, and waits for all.
template <int L, class Lane>
void on_lanes(const Lane& lane) {
  Board board(L);
  std::vector<std::thread> lanes;
  for (int l = 0; l < L; ++l) lanes.emplace_back([&, l] { lane(ThreadExchange<L>{l, &board}); });
  for (auto& t : lanes) t.join();
}

// What one trajectory produced.
struct Result {
  std::vector<double> saves, u_final;
  kode::ReturnCode rc = kode::ReturnCode::Success;
  double t_final      = 0;
  kode::Stats stats;
  std::vector<std::pair<double, int>> events;
};

template <class T, class Group>
struct HostOutput {
  static constexpr int N = Group::dim, M = Group::local_dim;
  Group group;
  Result* r;
  void record_event(const T t, const int which) {
    if (group.leader()) r->events.push_back({double(t), which});
  }
  void save(const int s, const Vec<T, M>& u) {
    for (int j = 0; j < M; ++j)
      if (group.component(j) < N) r->saves[std::size_t(s) * N + group.component(j)] = double(u[j]);
  }
  void finish(const kode::ReturnCode rc, const T t, const Vec<T, M>& u, const kode::Stats& st) {
    for (int j = 0; j < M; ++j)
      if (group.component(j) < N) r->u_final[group.component(j)] = double(u[j]);
    if (!group.leader()) return;
    r->rc      = rc;
    r->t_final = double(t);
    r->stats   = st;
  }
};

struct RunSetup {
  double t0 = 0, tf = 1;
  kode::Impl::LoopOptions<double> o{1e-8, 1e-8, 0.0, 0.0, 1e30, 100000, true};
  std::vector<double> saveat, tstops;
  // the loop's options as kode::solve derives them (dtmax clipped to the span)
  kode::Impl::LoopOptions<double> loop() const {
    auto l  = o;
    l.dtmax = std::fabs(tf - t0);
    return l;
  }
};

Result blank(const RunSetup& s, int n) {
  Result r;
  r.saves.assign(std::max<std::size_t>(s.saveat.size(), 1) * n, -1.0);
  r.u_final.assign(n, -1.0);
  return r;
}

// One trajectory by one thread.
template <class Alg, bool Adaptive, bool Dense, class System, int N, int NP, class Callbacks>
Result solo(const System& sys, const Vec<double, N>& u0, Vec<double, NP> p, const RunSetup& s, const Callbacks& cb) {
  Result r = blank(s, N);
  const kode::Impl::TimeList<double> save{s.saveat.data(), int(s.saveat.size())};
  const kode::Impl::TimeList<double> stops{s.tstops.data(), int(s.tstops.size())};
  using Solo = kode::Impl::SoloLane<double, N>;
  HostOutput<double, Solo> out{Solo{}, &r};
  const kode::Impl::BoundRhs<System, Vec<double, NP>> rhs{sys, p};
  kode::Impl::integrate<Alg, Adaptive, Dense>(rhs, u0, s.t0, s.tf, s.loop(), save, stops, out, cb);
  return r;
}

// The same trajectory by L lanes, each a thread.
template <class Alg, bool Adaptive, bool Dense, int L, class System, int N, int NP, class Callbacks>
Result group(const System& sys, const Vec<double, N>& u0, const Vec<double, NP>& p0, const RunSetup& s,
             const Callbacks& cb) {
  using Group = kode::Impl::LaneGroup<double, N, L, ThreadExchange<L>>;
  Result r    = blank(s, N);
  const kode::Impl::TimeList<double> save{s.saveat.data(), int(s.saveat.size())};
  const kode::Impl::TimeList<double> stops{s.tstops.data(), int(s.tstops.size())};
  const auto o = s.loop();
  on_lanes<L>([&](const ThreadExchange<L> exchange) {
    const Group g{exchange};
    Vec<double, Group::local_dim> u;
    for (int j = 0; j < Group::local_dim; ++j) u[j] = g.component(j) < N ? u0[g.component(j)] : 0.0;
    Vec<double, NP> p = p0;  // every lane's own copy, as in the kernel
    HostOutput<double, Group> out{g, &r};
    const kode::Impl::GroupRhs<Group, System, Vec<double, NP>> rhs{g, sys, p};
    kode::Impl::integrate<Alg, Adaptive, Dense>(rhs, u, s.t0, s.tf, o, save, stops, out, cb, g);
  });
  return r;
}

// Bit for bit (NaN equal to NaN: unreached save slots).
void expect_same(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t k = 0; k < a.size(); ++k)
    EXPECT_EQ(0, std::memcmp(&a[k], &b[k], sizeof(double))) << what << "[" << k << "]: " << a[k] << " vs " << b[k];
}
void expect_same(const Result& a, const Result& b) {
  EXPECT_EQ(a.rc, b.rc);
  EXPECT_EQ(0, std::memcmp(&a.t_final, &b.t_final, sizeof(double))) << a.t_final << " vs " << b.t_final;
  EXPECT_EQ(a.stats.naccept, b.stats.naccept);
  EXPECT_EQ(a.stats.nreject, b.stats.nreject);
  EXPECT_EQ(a.stats.nf, b.stats.nf);
  expect_same(a.saves, b.saves, "saves");
  expect_same(a.u_final, b.u_final, "u_final");
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t k = 0; k < a.events.size(); ++k) {
    EXPECT_EQ(a.events[k].first, b.events[k].first);
    EXPECT_EQ(a.events[k].second, b.events[k].second);
  }
}

template <class Alg, bool Adaptive, bool Dense, int L, class System, int N, int NP,
          class Callbacks = kode::CallbackSet<>>
Result check(const System& sys, const Vec<double, N>& u0, const Vec<double, NP>& p, const RunSetup& s,
             const Callbacks& cb = {}) {
  const Result a = solo<Alg, Adaptive, Dense>(sys, u0, p, s, cb);
  const Result b = group<Alg, Adaptive, Dense, L>(sys, u0, p, s, cb);
  expect_same(a, b);
  return a;
}

/// u' = u² in every component, u(0) = (1, 2, ...): component c blows up at t = 1/(c+1).
struct Blowup5 {
  static constexpr int dim = 5, num_params = 0;
  template <class T>
  KOKKOS_FUNCTION void operator()(Vec<T, 5>& du, const Vec<T, 5>& u, const Vec<T, 0>&, T) const {
    for (int i = 0; i < 5; ++i) du[i] = u[i] * u[i];
  }
};

}  // namespace

TEST(LaneGroup, layout_gathers_and_norms_match_the_whole_state) {
  // Lane l of a group of 3 holds components l, l + 3, ...; N = 7 leaves two padding slots on lane
  // 1 and 2 (components 7, 8). The norms and the finiteness test equal the plain ones bit for bit.
  constexpr int L = 3, N = 7;
  using Group = kode::Impl::LaneGroup<double, N, L, ThreadExchange<L>>;
  static_assert(Group::local_dim == 3, "ceil(7 / 3)");
  Vec<double, N> err, u0, u1;
  for (int c = 0; c < N; ++c) err[c] = 1e-7 * (c + 1) * (c % 2 ? -1 : 1), u0[c] = 0.5 + c, u1[c] = -1.0 / (c + 1);
  const double want_err = kode::error_norm(err, u0, u1, 1e-9, 1e-6);
  const double want_w   = kode::weighted_norm(err, u0, 1e-9, 1e-6);
  const double want_sum = kode::Impl::SoloLane<double, N>{}.sum_squares(err);
  std::vector<int> bad(L, 0);
  on_lanes<L>([&](const ThreadExchange<L> exchange) {
    const int l = exchange.me;
    const Group g{exchange};
    const auto e = g.local(err), a = g.local(u0), b = g.local(u1);
    for (int j = 0; j < Group::local_dim; ++j) {
      const int c = j * L + l;
      bad[l] += c < N ? e[j] != err[c] : e[j] != 0.0;  // own components, 0 in the padding
    }
    const auto back = g.full(e);
    for (int c = 0; c < N; ++c) bad[l] += back[c] != err[c];
    bad[l] += g.error_norm(e, a, b, 1e-9, 1e-6) != want_err;
    bad[l] += g.weighted_norm(e, a, 1e-9, 1e-6) != want_w;
    bad[l] += g.sum_squares(e) != want_sum;  // the Newton norms of the ESDIRK methods
    bad[l] += !g.all_finite(a);
    auto f = a;
    if (l == 2) f[0] = 1.0 / 0.0;  // one lane's component: every lane must see it
    bad[l] += g.all_finite(f);
    bad[l] += g.leader() != (l == 0);
  });
  for (int l = 0; l < L; ++l) EXPECT_EQ(bad[l], 0) << "lane " << l;
}

struct Pleiades8 : Pleiades {
  static constexpr int lanes = 8;
};

TEST(LaneGroup, lane_counts) {
  EXPECT_EQ((kode::Impl::group_lanes_v<kode::Vern9, Pleiades>), 1);     // nothing declared: one thread
  EXPECT_EQ((kode::Impl::group_lanes_v<kode::Vern9, Pleiades8>), 8);    // declared
  EXPECT_EQ((kode::Impl::group_lanes_v<kode::Rodas5P, Pleiades8>), 8);  // stiff methods too
  EXPECT_EQ((kode::Impl::group_lanes_v<kode::Tsit5, Lorenz>), 1);
}

TEST(LaneGroup, pleiades_adaptive_equals_one_thread) {
  RunSetup s;
  s.tf     = 0.6;
  s.saveat = {0.0, 0.1, 0.25, 0.6};
  const Vec<double, 0> none{};
  const Result a = check<kode::Tsit5, true, true, 4>(Pleiades{}, Pleiades::initial(), none, s);
  EXPECT_EQ(a.rc, kode::ReturnCode::Success);
  EXPECT_GT(a.stats.naccept, 10);
  check<kode::Vern9, true, true, 8>(Pleiades{}, Pleiades::initial(), none, s);  // 4 padding slots
  check<kode::DP5, true, false, 16>(Pleiades{}, Pleiades::initial(), none, s);
}

TEST(LaneGroup, a_right_hand_side_by_rows_is_shared_by_the_lanes) {
  // PleiadesRows gives each lane its own components (`row`); its call operator is the same rows,
  // so the group must still give the one-thread answers bit for bit.
  static_assert(kode::Impl::has_row<kode_test::PleiadesRows, double>::value, "the row form is detected");
  static_assert(!kode::Impl::has_row<Pleiades, double>::value, "no row form");
  RunSetup s;
  s.tf     = 0.6;
  s.saveat = {0.0, 0.2, 0.6};
  const Vec<double, 0> none{};
  check<kode::Tsit5, true, true, 8>(kode_test::PleiadesRows{}, Pleiades::initial(), none, s);
  check<kode::Vern7, true, false, 4>(kode_test::PleiadesRows{}, Pleiades::initial(), none, s);
}

TEST(LaneGroup, lorenz_fixed_and_adaptive_with_padding) {
  RunSetup s;
  s.tf     = 2;
  s.saveat = {0.0, 0.3333, 1.0, 1.9};
  s.tstops = {0.5, 1.25};
  const Vec<double, 3> p{{10.0, 28.0, 8.0 / 3.0}};
  const Vec<double, 3> u0{{1.0, 0.0, 0.0}};
  check<kode::Vern7, true, true, 2>(Lorenz{}, u0, p, s);
  s.o.dt = 0.01;
  check<kode::RK4, false, true, 4>(Lorenz{}, u0, p, s);
  check<kode::Tsit5, false, false, 2>(Lorenz{}, u0, p, s);
}

TEST(LaneGroup, events_and_callbacks_see_the_whole_state) {
  RunSetup s;
  s.tf     = 6;
  s.saveat = {0.0, 1.0, 2.5, 4.0, 6.0};
  const Vec<double, 1> p{{2.0}};
  const auto cb  = chain_callbacks();
  const Result a = check<kode::Tsit5, true, true, 4>(Chain{}, chain_initial(), p, s, cb);
  EXPECT_GE(a.events.size(), 2u);  // the crossings happen, and are the same on the group
  check<kode::Vern9, true, true, 2>(Chain{}, chain_initial(), p, s, cb);
  // a stiff method too: the affect changes the state, so the group's Jacobian rows are renewed
  const Result b = check<kode::Rodas5P, true, true, 4>(Chain{}, chain_initial(), p, s, cb);
  EXPECT_GE(b.events.size(), 2u);
  check<kode::Kvaerno5, true, false, 2>(Chain{}, chain_initial(), p, s, cb);
  s.o.dt = 0.02;
  check<kode::Tsit5, false, true, 4>(Chain{}, chain_initial(), p, s, cb);
}

TEST(LaneGroup, a_failure_is_reported_as_by_one_thread) {
  RunSetup s;
  s.tf     = 2;
  s.saveat = {0.0, 0.1, 0.5, 1.5};
  Vec<double, 5> u0;
  for (int i = 0; i < 5; ++i) u0[i] = 0.1 * (i + 1);  // component 4 blows up at t = 2
  const Vec<double, 0> none{};
  s.tf     = 2.5;
  Result a = check<kode::Tsit5, true, true, 2>(Blowup5{}, u0, none, s);
  EXPECT_NE(a.rc, kode::ReturnCode::Success);
  s.o.dt = 0.01;
  a      = check<kode::RK4, false, true, 4>(Blowup5{}, u0, none, s);
  EXPECT_EQ(a.rc, kode::ReturnCode::Unstable);
  s.o.maxiters = 20;
  a            = check<kode::RK4, false, false, 2>(Blowup5{}, u0, none, s);
  EXPECT_EQ(a.rc, kode::ReturnCode::MaxIters);
}

// The LU of a matrix whose rows are spread over the lanes (GroupLUFactors) against the one-thread
// LU (LUFactors), bit for bit: factors, pivots and solutions; N = 7 on 3 lanes leaves padding.
template <class Pivoting>
void group_lu_equals_one_thread() {
  constexpr int L = 3, N = 7;
  using Group     = kode::Impl::LaneGroup<double, N, L, ThreadExchange<L>>;
  constexpr int M = Group::local_dim;
  kode::Mat<double, N> a;
  // small diagonal, large off-diagonal entries: partial pivoting interchanges rows at most steps
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) a(i, j) = i == j ? 0.01 * (i + 1) : std::sin(1.0 + 3 * i + 7 * j) * (1 + (i * j) % 5);
  Vec<double, N> b;
  for (int i = 0; i < N; ++i) b[i] = std::cos(0.3 * i) - 0.5;
  kode::Impl::LUFactors<double, N, Pivoting> one;
  ASSERT_TRUE(one.factor(a));
  Vec<double, N> x = b;
  one.solve(x);
  if constexpr (std::is_same<Pivoting, kode::PartialPivoting>::value) {
    int swaps = 0;
    for (int k = 0; k < N; ++k) swaps += one.piv[k] != k;
    EXPECT_GE(swaps, 3);  // the matrix makes the pivoted code interchange rows
  }
  std::vector<int> bad(L, 0);
  on_lanes<L>([&](const ThreadExchange<L> exchange) {
    const int l = exchange.me;
    const Group g{exchange};
    Vec<double, N> rows[M];
    for (int j = 0; j < M; ++j)
      for (int c = 0; c < N; ++c) rows[j][c] = g.component(j) < N ? a(g.component(j), c) : 0.0;
    kode::Impl::GroupLUFactors<double, Group, Pivoting> lu;
    bad[l] += !lu.factor(g, rows);
    for (int j = 0; j < M; ++j) {
      const int i = g.component(j);
      if (i >= N) continue;
      for (int c = 0; c < N; ++c) bad[l] += std::memcmp(&lu.lu[j][c], &one.lu(i, c), sizeof(double)) != 0;
    }
    if constexpr (std::is_same<Pivoting, kode::PartialPivoting>::value)
      for (int k = 0; k < N; ++k) bad[l] += lu.piv[k] != one.piv[k];
    auto y = g.local(b);
    lu.solve(g, y);
    const auto yf = g.full(y);
    for (int c = 0; c < N; ++c) bad[l] += std::memcmp(&yf[c], &x[c], sizeof(double)) != 0;
    // a singular matrix (two equal rows) is refused on every lane
    Vec<double, N> sing[M];
    for (int j = 0; j < M; ++j)
      for (int c = 0; c < N; ++c)
        sing[j][c] = g.component(j) < N ? a(g.component(j) == 4 ? 2 : g.component(j), c) : 0.0;
    bad[l] += lu.factor(g, sing);
  });
  for (int l = 0; l < L; ++l) EXPECT_EQ(bad[l], 0) << "lane " << l;
}

TEST(LaneGroup, the_lu_of_rows_on_lanes_equals_one_thread) {
  group_lu_equals_one_thread<kode::NoPivoting>();
  group_lu_equals_one_thread<kode::PartialPivoting>();
}

TEST(LaneGroup, stiff_methods_spread_the_jacobian_and_the_lu_over_the_lanes) {
  // HIRES over its fast transient: every stiff stepper kind, one row per lane (8 lanes), several
  // (2, 4) and with padding (3 lanes: ceil(8/3) = 3 slots, one unused).
  RunSetup s;
  s.tf          = 5;
  s.o           = {1e-6, 1e-10, 0.0, 0.0, 1e30, 100000, true};
  s.saveat      = {0.0, 0.5, 2.0, 5.0};
  const auto y0 = Hires::initial();
  Vec<double, 8> u0;
  for (int c = 0; c < 8; ++c) u0[c] = y0[c];
  const Vec<double, 0> none{};
  const Result a = check<kode::Rodas5P, true, true, 8>(Hires{}, u0, none, s);
  EXPECT_EQ(a.rc, kode::ReturnCode::Success);
  EXPECT_GT(a.stats.naccept, 10);
  check<kode::Rodas5P, true, false, 3>(Hires{}, u0, none, s);
  check<kode::Rosenbrock23, true, true, 2>(Hires{}, u0, none, s);
  check<kode::Kvaerno5, true, true, 4>(Hires{}, u0, none, s);
  check<kode::Rodas4::with<kode::FiniteDiffJacobian>, true, false, 4>(Hires{}, u0, none, s);
  check<kode::Rodas5P::with<kode::AutoJacobian, kode::PartialPivoting>, true, true, 4>(Hires{}, u0, none, s);
  // by rows: each lane differentiates its own rows (dual numbers through `row`)
  static_assert(kode::Impl::has_row<HiresRows, kode::Dual<double, 9>>::value, "the row form takes dual numbers");
  check<kode::Rodas5P, true, true, 8>(HiresRows{}, u0, none, s);
  check<kode::TRBDF2, true, false, 4>(HiresRows{}, u0, none, s);
  s.o.dt = 0.05;
  check<kode::Rodas5P, false, true, 4>(HiresRows{}, u0, none, s);
}

/// Robertson with `jac` (no `tgrad`) and a row form whose arithmetic is the call operator's.
struct RobertsonRows : kode_test::Robertson {
  template <class T>
  KOKKOS_FUNCTION T row(const int c, const Vec<T, 3>& u, const Vec<T, 3>& p, T t) const {
    Vec<T, 3> du;
    kode_test::Robertson::operator()(du, u, p, t);
    return du[c];
  }
};

TEST(LaneGroup, stiff_robertson_with_its_jacobian_and_padding) {
  // 3 unknowns on 2 lanes (one padding slot) and on 4 (a lane with padding only); the analytic
  // Jacobian (`jac`) is evaluated whole on every lane and split into rows.
  RunSetup s;
  s.tf     = 40;
  s.o      = {1e-6, 1e-8, 0.0, 0.0, 1e30, 100000, true};
  s.saveat = {0.0, 0.4, 4.0, 40.0};
  const Vec<double, 3> p{{0.04, 3e7, 1e4}};
  const Vec<double, 3> u0{{1.0, 0.0, 0.0}};
  const Result a = check<kode::Rodas5P, true, true, 2>(kode_test::Robertson{}, u0, p, s);
  EXPECT_EQ(a.rc, kode::ReturnCode::Success);
  check<kode::Kvaerno3, true, true, 4>(kode_test::Robertson{}, u0, p, s);
  check<kode::Rodas4, true, false, 4>(kode_test::RobertsonNoJac{}, u0, p, s);
  // with a row form too: `jac` still gives J (as on one thread), the rows only f
  check<kode::Rodas5P, true, true, 2>(RobertsonRows{}, u0, p, s);
}

TEST(LaneGroup, a_stiff_failure_is_reported_as_by_one_thread) {
  // f becomes NaN at t = 0.5: the stiff steppers' finiteness tests go through the group.
  RunSetup s;
  s.tf     = 2;
  s.saveat = {0.0, 0.25, 1.0};
  const Vec<double, 1> p{{0.5}};
  const Vec<double, 1> u0{{1.0}};
  Result a = check<kode::Rodas5P, true, true, 2>(kode_test::NaNAfter{}, u0, p, s);
  EXPECT_EQ(a.rc, kode::ReturnCode::Unstable);
  a = check<kode::Kvaerno5, true, false, 2>(kode_test::NaNAfter{}, u0, p, s);
  EXPECT_EQ(a.rc, kode::ReturnCode::Unstable);
}
