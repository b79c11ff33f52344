/// \file Decay.hpp
/// \brief The well-formed system of the compile-fail sources whose mistake is elsewhere (the
/// method, its policies, the Variants set): u' = −u.
#ifndef KODE_COMPILE_FAIL_DECAY_HPP
#define KODE_COMPILE_FAIL_DECAY_HPP

#include <Kode.hpp>

struct Decay {
  static constexpr int dim = 1;
  template <class T>
  KOKKOS_FUNCTION void operator()(kode::Vec<T, 1>& du, const kode::Vec<T, 1>& u, const kode::Vec<T, 0>&, T) const {
    du[0] = -u[0];
  }
};

#endif  // KODE_COMPILE_FAIL_DECAY_HPP
