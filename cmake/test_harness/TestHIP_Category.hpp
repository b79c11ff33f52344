/// \file TestHIP_Category.hpp
/// \brief Backend category for tests compiled against Kokkos::HIP (Cabana / Kokkos-core pattern):
/// test bodies are written once against TEST_EXECSPACE / TEST_MEMSPACE.
#ifndef KODE_TEST_HIP_CATEGORY_HPP
#define KODE_TEST_HIP_CATEGORY_HPP

#include <Kokkos_Core.hpp>

#define TEST_CATEGORY hip
#define TEST_EXECSPACE Kokkos::HIP
#define TEST_MEMSPACE Kokkos::HIPSpace
#define TEST_DEVICE Kokkos::Device<TEST_EXECSPACE, TEST_MEMSPACE>
#define TEST_CATEGORY_FIXTURE(name) hip_##name

#endif
