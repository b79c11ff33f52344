/// \file TestSerial_Category.hpp
/// \brief Backend category for tests compiled against Kokkos::Serial (Cabana / Kokkos-core pattern):
/// test bodies are written once against TEST_EXECSPACE / TEST_MEMSPACE.
#ifndef KODE_TEST_SERIAL_CATEGORY_HPP
#define KODE_TEST_SERIAL_CATEGORY_HPP

#include <Kokkos_Core.hpp>

#define TEST_CATEGORY serial
#define TEST_EXECSPACE Kokkos::Serial
#define TEST_MEMSPACE Kokkos::HostSpace
#define TEST_DEVICE Kokkos::Device<TEST_EXECSPACE, TEST_MEMSPACE>
#define TEST_CATEGORY_FIXTURE(name) serial_##name

#endif
