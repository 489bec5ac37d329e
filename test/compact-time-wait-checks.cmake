# Compact TIME_WAIT (standalone build): examples whose connections sit in TIME_WAIT print the
# same with and without CompactTimeWait (port reuse and exhaustion over TIME_WAIT, the lost
# final ACK, stray segments). The catalogue's stories are compared record for record and pcap
# for pcap by the test suite tcp-teardown-compact-time-wait.

# tcp_teardown_compact_check(<name> <program> [<arg>...])
function(tcp_teardown_compact_check name program)
  set(command "$<TARGET_FILE:tcp-teardown-${program}>")
  foreach(arg ${ARGN})
    string(APPEND command "\\;${arg}")
  endforeach()
  set(definitions "-DCOMMAND=${command}")
  add_test(NAME compact-time-wait-${name}
           COMMAND ${CMAKE_COMMAND} ${definitions} -P
                   ${CMAKE_CURRENT_SOURCE_DIR}/test/compact-time-wait.cmake
  )
  set_tests_properties(compact-time-wait-${name} PROPERTIES LABELS unit)
endfunction()

tcp_teardown_compact_check(port-reuse port-reuse)
tcp_teardown_compact_check(port-reuse-no-timestamps port-reuse --reuse=false --timestamps=false)
tcp_teardown_compact_check(port-reuse-tw-reuse port-reuse --twReuse=on --portLast=40001)
tcp_teardown_compact_check(lost-final-ack lost-final-ack)
tcp_teardown_compact_check(stray-segment stray-segment)
tcp_teardown_compact_check(assassination assassination)
