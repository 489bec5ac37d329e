# Run a program and check what it did: its exit status, its output, and optionally a number
# it printed. A process killed by a signal (a crash, an abort) never passes.
#
#   cmake -DCOMMAND="prog;arg;..." -DEXPECT_STATUS=1 -DEXPECT_REGEX="..."
#         [-DEXTRACT_REGEX="...(number)..." -DMIN=x -DMAX=y] -P expect.cmake

execute_process(
  COMMAND ${COMMAND}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
)
set(all "${out}${err}")
if(NOT "${status}" STREQUAL "${EXPECT_STATUS}")
  message(FATAL_ERROR "exit status '${status}', expected '${EXPECT_STATUS}'. Output:\n${all}")
endif()
if(DEFINED EXPECT_REGEX AND NOT all MATCHES "${EXPECT_REGEX}")
  message(FATAL_ERROR "output does not match '${EXPECT_REGEX}'. Output:\n${all}")
endif()
if(DEFINED EXTRACT_REGEX)
  if(NOT all MATCHES "${EXTRACT_REGEX}")
    message(FATAL_ERROR "no match for '${EXTRACT_REGEX}'. Output:\n${all}")
  endif()
  set(value "${CMAKE_MATCH_1}")
  if(value LESS MIN OR value GREATER MAX)
    message(FATAL_ERROR "${value} is outside [${MIN}, ${MAX}]. Output:\n${all}")
  endif()
  message(STATUS "${value} is within [${MIN}, ${MAX}]")
endif()
