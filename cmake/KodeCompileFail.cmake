# A build that must fail (unit_tests/compile_fail/, run by ctest through `cmake -P`): builds
# KODE_TARGET in KODE_BINARY_DIR and passes when the build fails, its output holds the sentence
# on the source's first line (`// expect: <regular expression>`), and that is the only error: a
# check at the door says what is wrong in one sentence, not followed by errors from code that
# was compiled after it.
#   -DKODE_SOURCE=<the compile_fail source> -DKODE_TARGET=<target> -DKODE_BINARY_DIR=<build tree>
#   -DKODE_CONFIG=<configuration>
file(STRINGS "${KODE_SOURCE}" _expect REGEX "^// expect: " LIMIT_COUNT 1)
string(REGEX REPLACE "^// expect: " "" _expect "${_expect}")
if(_expect STREQUAL "")
  message(FATAL_ERROR "${KODE_SOURCE}: the first line must be `// expect: <the static_assert's sentence>`")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${KODE_BINARY_DIR}" --target "${KODE_TARGET}" --config "${KODE_CONFIG}"
                OUTPUT_VARIABLE _out ERROR_VARIABLE _out RESULT_VARIABLE _rc)
if(_rc EQUAL 0)
  message(FATAL_ERROR "${KODE_TARGET} compiled, but it must not:\n${_out}")
endif()
if(NOT _out MATCHES "${_expect}")
  message(FATAL_ERROR "the build output does not contain the expected sentence `${_expect}`:\n${_out}")
endif()
# GCC and Clang write each error as `<file>:<line>:<column>: error: ...` (notes and the
# "required from" lines are not errors).
string(REGEX MATCHALL "error: " _errors "${_out}")
list(LENGTH _errors _count)
if(NOT _count EQUAL 1)
  message(FATAL_ERROR "expected exactly one error (the check's sentence), got ${_count}:\n${_out}")
endif()
message(STATUS "refused with the expected sentence and no other error")
