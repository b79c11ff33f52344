/// \file TestCuda_Category.hpp
/// \brief Backend category for tests compiled against Kokkos::Cuda (Cabana / Kokkos-core pattern):
/// test bodies are written once against TEST_EXECSPACE / TEST_MEMSPACE.
#ifndef KODE_TEST_CUDA_CATEGORY_HPP
#define KODE_TEST_CUDA_CATEGORY_HPP

#include <Kokkos_Core.hpp>

#define TEST_CATEGORY cuda
#define TEST_EXECSPACE Kokkos::Cuda
#define TEST_MEMSPACE Kokkos::CudaSpace
#define TEST_DEVICE Kokkos::Device<TEST_EXECSPACE, TEST_MEMSPACE>
#define TEST_CATEGORY_FIXTURE(name) cuda_##name

#endif
