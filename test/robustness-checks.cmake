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

# Random loss at the router (TcpTeardownScenario::LossRate), which the schedules above draw:
# 5% of the frames lost both ways, and still every byte of a 1 MB transfer arrives and both
# ends close; loss needs the router.
if(TCP_TEARDOWN_EXAMPLES)
  tcp_teardown_expect(
    example-graceful-close-lossy PROGRAM tcp-teardown-graceful-close STATUS 0 LABEL example
    ARGS --bytes=1000000 --ns3::TcpTeardownScenario::LossRate=0.05
         --ns3::TcpTeardownScenario::Duration=200s
    REGEX "[1-9][0-9]* timeout retransmissions; 1000000 B sent.*1000000 of 1000000 B arrived.*verdict: as Linux"
  )
  tcp_teardown_expect(
    bad-input-loss-without-router PROGRAM tcp-teardown-graceful-close STATUS 1 LABEL bad-input
    ARGS --ns3::TcpTeardownScenario::LossRate=0.05 --ns3::TcpTeardownScenario::Router=false
    REGEX "LossRate=0.05 needs Router=true"
  )
endif()
