# Sanitizer reports of the whole test run (standalone build with -DTCP_TEARDOWN_SANITIZE=ON).
#
# Every test runs with AddressSanitizer and UndefinedBehaviorSanitizer writing their reports to
# files under sanitizer-reports/ instead of only to the test's output, because several tests
# expect a non-zero exit (the bad-input catalogue) or run programs in child processes (the
# random schedules, the validation harness): a report there must still fail the run. The test
# sanitizer-reports runs after every other test and fails if any report was written.
#
#   cmake -S . -B build-sanitize -DTCP_TEARDOWN_SANITIZE=ON
#   cmake --build build-sanitize -j2 && ctest --test-dir build-sanitize -j2
#
# Debian's ns-3 libraries are not instrumented: container-overflow checks are off, since a
# std::vector grown inside libns3 and read here would be a false report. test/ubsan.supp lists
# the one report that is ns-3's own header code, with the reason.

set(tcp_teardown_reports ${CMAKE_BINARY_DIR}/sanitizer-reports)
set(tcp_teardown_sanitizer_environment
    "ASAN_OPTIONS=log_path=${tcp_teardown_reports}/asan:detect_container_overflow=0:detect_leaks=1:abort_on_error=0"
    "UBSAN_OPTIONS=log_path=${tcp_teardown_reports}/ubsan:print_stacktrace=1:halt_on_error=1:suppressions=${CMAKE_CURRENT_SOURCE_DIR}/test/ubsan.supp"
)

get_property(tcp_teardown_all_tests DIRECTORY PROPERTY TESTS)
set_tests_properties(
  ${tcp_teardown_all_tests} PROPERTIES ENVIRONMENT "${tcp_teardown_sanitizer_environment}"
                                       FIXTURES_REQUIRED sanitized
)
add_test(NAME sanitizer-reports-clear COMMAND ${CMAKE_COMMAND} -E rm -rf ${tcp_teardown_reports})
add_test(NAME sanitizer-reports
         COMMAND ${CMAKE_COMMAND} -DREPORTS=${tcp_teardown_reports} -P
                 ${CMAKE_CURRENT_SOURCE_DIR}/test/sanitizer-reports.cmake
)
set_tests_properties(sanitizer-reports-clear PROPERTIES FIXTURES_SETUP sanitized LABELS sanitizer)
set_tests_properties(sanitizer-reports PROPERTIES FIXTURES_CLEANUP sanitized LABELS sanitizer)
