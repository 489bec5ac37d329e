# Run a program twice, with full and with compact TIME_WAIT
# (--ns3::TcpTeardownSocket::CompactTimeWait=true): standard output must be byte-identical.
#
#   cmake -DCOMMAND="prog;arg;..." -P compact-time-wait.cmake

function(run_once extra var)
  execute_process(
    COMMAND ${COMMAND} ${extra}
    RESULT_VARIABLE status
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
  )
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${COMMAND} ${extra}: exit status '${status}'. Output:\n${out}${err}")
  endif()
  set(${var} "${out}" PARENT_SCOPE)
endfunction()

run_once("" full)
run_once("--ns3::TcpTeardownSocket::CompactTimeWait=true" compact)
if(NOT full STREQUAL compact)
  message(FATAL_ERROR "full and compact TIME_WAIT differ.\n--- full:\n${full}\n--- compact:\n${compact}")
endif()
string(LENGTH "${full}" length)
message(STATUS "identical output, ${length} bytes")
