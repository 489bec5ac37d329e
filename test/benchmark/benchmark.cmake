# The benchmark (standalone build): tcp-teardown-benchmark runs the busy-server workload with
# stock ns-3 TCP, TcpTeardownSocket and compact TIME_WAIT, each in its own process, and prints
# wall time, events, peak memory and the ratios. Not a CTest test (its figures depend on the
# machine), except one tiny run that shows it still prints its table:
#   build/tcp-teardown-benchmark [--connections=N] [--scaling=10000,100000,1000000]

add_executable(tcp-teardown-benchmark test/benchmark/tcp-teardown-benchmark.cc)
target_compile_options(tcp-teardown-benchmark PRIVATE ${tcp_teardown_warnings})
target_link_libraries(tcp-teardown-benchmark PRIVATE ${libtcp-teardown})
add_test(NAME benchmark-runs COMMAND tcp-teardown-benchmark --connections=200 --rate=1000)
set_tests_properties(
  benchmark-runs PROPERTIES LABELS example PASS_REGULAR_EXPRESSION
                            "TcpTeardownSocket, compact TIME_WAIT +[0-9.]+ +[0-9]+"
)
