# Run by ctest (kode_install_test): installs the configured build tree into a scratch prefix and
# builds install_test/ against it with find_package(Kode), then runs the program.
file(REMOVE_RECURSE ${KODE_WORK_DIR})
macro(kode_run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "install test: `${ARGN}` failed (${_rc}):\n${_out}")
  endif()
  message(STATUS "${_out}")
endmacro()
kode_run(${CMAKE_COMMAND} --install ${KODE_BINARY_DIR} --prefix ${KODE_WORK_DIR}/prefix)
kode_run(${CMAKE_COMMAND} -S ${KODE_SOURCE_DIR}/install_test -B ${KODE_WORK_DIR}/build
         -DCMAKE_PREFIX_PATH=${KODE_WORK_DIR}/prefix -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
         -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE} -DKokkos_DIR=${Kokkos_DIR} -DKokkosKernels_DIR=${KokkosKernels_DIR})
kode_run(${CMAKE_COMMAND} --build ${KODE_WORK_DIR}/build)
kode_run(${KODE_WORK_DIR}/build/kode_hello)
