# CTest check against this machine's Linux kernel (standalone build): validation-linux runs
# test/validation/validate.py, which measures the kernel in network namespaces it creates and
# removes, runs the same cases through the example programs, and fails on any quantity outside
# its timer-granularity tolerance. The table goes to ${CMAKE_BINARY_DIR}/validation
# (validation.csv, validation.rst). Where it cannot run (not root, no network namespaces, no
# iptables/tcpdump, no python3, examples not built) the check says why and is reported as
# skipped, never passed (exit code 77). About 65 s; RUN_SERIAL, since other tests loading
# both cores would add to the timer lateness being measured.

find_program(TCP_TEARDOWN_python3_PROGRAM python3)
if(TCP_TEARDOWN_python3_PROGRAM AND TARGET tcp-teardown-peer-crash)
  add_test(NAME validation-linux
           COMMAND ${TCP_TEARDOWN_python3_PROGRAM}
                   ${CMAKE_CURRENT_SOURCE_DIR}/test/validation/validate.py
                   --examples $<TARGET_FILE_DIR:tcp-teardown-peer-crash>
                   --output ${CMAKE_BINARY_DIR}/validation
  )
elseif(NOT TCP_TEARDOWN_python3_PROGRAM)
  add_test(NAME validation-linux COMMAND ${CMAKE_COMMAND} -E echo
                                         "SKIPPED: python3 not found (Debian: python3)")
  set_tests_properties(validation-linux PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED")
else()
  add_test(NAME validation-linux COMMAND ${CMAKE_COMMAND} -E echo
                                         "SKIPPED: the examples are not built (TCP_TEARDOWN_EXAMPLES)")
  set_tests_properties(validation-linux PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED")
endif()
set_tests_properties(validation-linux PROPERTIES LABELS validation SKIP_RETURN_CODE 77
                                                 TIMEOUT 300 RUN_SERIAL TRUE
)
