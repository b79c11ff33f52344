# Finds Kokkos and Kokkos Kernels, and repairs the configs that Debian bookworm's Trilinos packages
# (libtrilinos-kokkos-dev, libtrilinos-kokkos-kernels-dev; Kokkos 3.4.1) install:
#  - their Kokkos::kokkos target exports the include directory /usr/lib/include, which does not
#    exist (the headers are in /usr/include/trilinos, which the config also names as
#    Kokkos_INCLUDE_DIRS);
#  - their Kokkos Kernels target is called trilinos_kokkoskernels and carries no include directory;
#    every other Kokkos Kernels install provides Kokkos::kokkoskernels.
# A Kokkos/Kokkos Kernels 4.x install (-DKokkos_ROOT=... -DKokkosKernels_ROOT=...) needs no repair
# and is left as it is. This file is also installed and run by KodeConfig.cmake, so that
# find_package(Kode) works against either.

# The Trilinos config forces CMAKE_CXX_EXTENSIONS off with a warning when it is unset.
if(NOT DEFINED CMAKE_CXX_EXTENSIONS)
  set(CMAKE_CXX_EXTENSIONS OFF)
endif()

if(NOT TARGET Kokkos::kokkos)
  find_package(Kokkos REQUIRED CONFIG)
endif()

# Drops include directories that do not exist from TARGET and adds those of FALLBACK_DIRS that do.
function(kode_repair_include_dirs target)
  get_target_property(_aliased ${target} ALIASED_TARGET)
  if(_aliased)
    return()
  endif()
  get_target_property(_dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
  if(NOT _dirs)
    set(_dirs "")
  endif()
  set(_kept "")
  set(_changed FALSE)
  foreach(_d IN LISTS _dirs)
    if(_d MATCHES "^\\$<" OR EXISTS "${_d}")
      list(APPEND _kept "${_d}")
    else()
      set(_changed TRUE)
    endif()
  endforeach()
  foreach(_d IN LISTS ARGN)
    if(EXISTS "${_d}")
      get_filename_component(_d "${_d}" REALPATH)
      if(NOT _d IN_LIST _kept)
        list(APPEND _kept "${_d}")
        set(_changed TRUE)
      endif()
    endif()
  endforeach()
  if(_changed)
    message(STATUS "kode: repaired the include directories of ${target}: ${_kept}")
    set_property(TARGET ${target} PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${_kept}")
  endif()
endfunction()

get_target_property(_kode_kokkos_inc Kokkos::kokkos INTERFACE_INCLUDE_DIRECTORIES)
set(_kode_bad_inc FALSE)
foreach(_d IN LISTS _kode_kokkos_inc)
  if(NOT _d MATCHES "^\\$<" AND NOT EXISTS "${_d}")
    set(_kode_bad_inc TRUE)
  endif()
endforeach()
if(_kode_bad_inc)
  kode_repair_include_dirs(Kokkos::kokkos ${Kokkos_INCLUDE_DIRS})
endif()

if(NOT TARGET Kokkos::kokkoskernels)
  find_package(KokkosKernels REQUIRED CONFIG)
endif()
if(NOT TARGET Kokkos::kokkoskernels)
  if(TARGET trilinos_kokkoskernels)
    add_library(Kokkos::kokkoskernels INTERFACE IMPORTED)
    set_property(TARGET Kokkos::kokkoskernels PROPERTY INTERFACE_LINK_LIBRARIES trilinos_kokkoskernels Kokkos::kokkos)
    kode_repair_include_dirs(Kokkos::kokkoskernels ${KokkosKernels_INCLUDE_DIRS})
    message(STATUS "kode: created Kokkos::kokkoskernels from the Trilinos target trilinos_kokkoskernels")
  else()
    message(FATAL_ERROR "kode: found Kokkos Kernels (${KokkosKernels_DIR}) but neither the target "
                        "Kokkos::kokkoskernels nor trilinos_kokkoskernels")
  endif()
endif()

# Kokkos_DEVICES lists the enabled backends (SERIAL, OPENMP, CUDA, ...) in 3.4 and 4.x alike.
set(Kode_KOKKOS_DEVICES "${Kokkos_DEVICES}")
