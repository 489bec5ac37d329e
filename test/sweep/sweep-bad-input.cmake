# A bad-input check of the sweep tool: test/expect.cmake (status, message), then NO_DIR, the
# sweep folder the command names, must not exist: the error came before any job started.
#
#   cmake -DCOMMAND="tool;arg;..." -DEXPECT_STATUS=1 -DEXPECT_REGEX="..." -DNO_DIR=<dir>
#         -P sweep-bad-input.cmake

file(REMOVE_RECURSE ${NO_DIR})
include(${CMAKE_CURRENT_LIST_DIR}/../expect.cmake)
if(EXISTS ${NO_DIR})
  message(FATAL_ERROR "${NO_DIR} was created: the error should come before the sweep folder")
endif()
