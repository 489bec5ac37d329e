# CTest check of the randomized fault schedules (standalone build): random-schedules runs
# tcp-teardown-random-schedules over 1000 seeds, each a story of the catalogue with drawn
# parameters run in its own child process, and fails if any seed breaks an invariant, aborts
# or hangs (the failing seed and the command that reproduces it are printed). A longer soak:
#   build/tcp-teardown-random-schedules --seeds=100000 --first=1001

add_executable(tcp-teardown-random-schedules test/tcp-teardown-random-schedules.cc)
target_compile_options(tcp-teardown-random-schedules PRIVATE ${tcp_teardown_warnings})
target_link_libraries(tcp-teardown-random-schedules PRIVATE ${libtcp-teardown})
add_test(NAME random-schedules COMMAND tcp-teardown-random-schedules --seeds=1000 --jobs=2)
set_tests_properties(random-schedules PROPERTIES LABELS robustness TIMEOUT 1200)
