# CTest checks of the sweep tool, tcp-teardown-sweep (standalone build, with the examples):
#   sweep-local   the tiny sweep (test/sweep/tiny.sweep: 2 points x 2 runs of the peer-crash
#                 story, about a second) run locally with GNU parallel; aggregate.csv checked
#   sweep-resume  run, delete a job folder and leave a .partial folder as an interrupted run
#                 would, run again: exactly that job runs, the aggregate is byte-identical
#   sweep-slurm   a single-node Slurm started by test/sweep/slurm-single-node.sh, the same
#                 sweep through 'slurm --wait', its aggregate byte-identical to a local run's;
#                 skipped (77) where Slurm cannot start
#   sweep-bad-*   bad sweep files and command lines: status 1, a message naming the value and
#                 the rule, and no job started (label bad-input)
# The unit suite tcp-teardown-sweep covers the rest (parsing, expansion, metrics, statistics).
# Each check has a folder of its own under build/sweep-tests, so they run in any order.

set(tcp_teardown_sweep_tests ${CMAKE_CURRENT_BINARY_DIR}/sweep-tests)
set(tcp_teardown_sweep_tiny ${CMAKE_CURRENT_SOURCE_DIR}/test/sweep/tiny.sweep)
set(tcp_teardown_sweep_tool $<TARGET_FILE:tcp-teardown-sweep>)
find_program(TCP_TEARDOWN_GNUPLOT gnuplot)
if(TCP_TEARDOWN_GNUPLOT AND TCP_TEARDOWN_GNUPLOT_IOSTREAM)
  set(tcp_teardown_sweep_plots ON)
else()
  set(tcp_teardown_sweep_plots OFF)
endif()

set(tcp_teardown_sweep_args -DTOOL=${tcp_teardown_sweep_tool} -DSWEEP=${tcp_teardown_sweep_tiny})
add_test(NAME sweep-local
         COMMAND ${CMAKE_COMMAND} ${tcp_teardown_sweep_args} -DDIR=${tcp_teardown_sweep_tests}/local
                 -DPLOTS=${tcp_teardown_sweep_plots} -P
                 ${CMAKE_CURRENT_SOURCE_DIR}/test/sweep/sweep-local.cmake
)
add_test(NAME sweep-resume
         COMMAND ${CMAKE_COMMAND} ${tcp_teardown_sweep_args} -DDIR=${tcp_teardown_sweep_tests}/resume
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/test/sweep/sweep-resume.cmake
)
add_test(NAME sweep-slurm
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/sweep/sweep-slurm.sh
                 ${tcp_teardown_sweep_tool} ${tcp_teardown_sweep_tiny}
                 ${CMAKE_CURRENT_SOURCE_DIR}/test/sweep/slurm-single-node.sh
                 ${tcp_teardown_sweep_tests}/slurm
)
set_tests_properties(sweep-local sweep-resume PROPERTIES LABELS sweep TIMEOUT 120)
# One harness cluster per port pair: any other test that starts one takes the same lock.
set_tests_properties(
  sweep-slurm PROPERTIES LABELS sweep TIMEOUT 400 SKIP_RETURN_CODE 77 RESOURCE_LOCK
                                                                     tcp-teardown-slurm-harness
)

# tcp_teardown_sweep_bad(<name> <regex> SWEEP <text> | ARGS <arg>...): a bad sweep file (run
# with 'run') or bad arguments; status 1, the message matches <regex>, no sweep folder.
function(tcp_teardown_sweep_bad name regex)
  cmake_parse_arguments(B "" "SWEEP" "ARGS" ${ARGN})
  set(dir ${tcp_teardown_sweep_tests}/bad-${name})
  if(DEFINED B_SWEEP)
    set(file ${tcp_teardown_sweep_tests}/bad-input/${name}.sweep)
    file(WRITE ${file} "${B_SWEEP}")
    set(command "${tcp_teardown_sweep_tool}\\;run\\;${file}\\;${dir}")
  else()
    set(command "${tcp_teardown_sweep_tool}")
    foreach(arg ${B_ARGS})
      string(REPLACE "@DIR@" ${dir} arg "${arg}")
      string(APPEND command "\\;${arg}")
    endforeach()
  endif()
  set(definitions "-DCOMMAND=${command}" -DEXPECT_STATUS=1 "-DEXPECT_REGEX=${regex}"
                  -DNO_DIR=${dir}
  )
  add_test(NAME sweep-bad-${name}
           COMMAND ${CMAKE_COMMAND} ${definitions} -P
                   ${CMAKE_CURRENT_SOURCE_DIR}/test/sweep/sweep-bad-input.cmake
  )
  set_tests_properties(sweep-bad-${name} PROPERTIES LABELS "bad-input;sweep")
endfunction()

set(ok "runs 1..2\nmetric t = figure \"first retransmission to ETIMEDOUT\"\n")
tcp_teardown_sweep_bad(
  scenario "sweep .*/scenario.sweep:1: scenario 'no-such-story' is no example program in .*: a scenario is one of .*peer-crash"
  SWEEP "scenario no-such-story\nparam retries2 = 3\n${ok}"
)
tcp_teardown_sweep_bad(
  option "/option.sweep:2: param 'retries3' is not an option of tcp-teardown-peer-crash \\(from its --PrintHelp\\): its options are .*retries2"
  SWEEP "scenario peer-crash\nparam retries3 = 3\n${ok}"
)
tcp_teardown_sweep_bad(
  attribute "param 'ns3::TcpTeardownScenario::Loss' is not an attribute of ns3::TcpTeardownScenario .*its attributes are .*LossRate"
  SWEEP "scenario peer-crash\nparam ns3::TcpTeardownScenario::Loss = 0\n${ok}"
)
tcp_teardown_sweep_bad(
  type "'ns3::NoSuchType' is not a type tcp-teardown-peer-crash knows"
  SWEEP "scenario peer-crash\nparam ns3::NoSuchType::X = 0\n${ok}"
)
tcp_teardown_sweep_bad(
  empty-values "empty-values.sweep:2: param 'retries2' has an empty value list"
  SWEEP "scenario peer-crash\nparam retries2 =\n${ok}"
)
tcp_teardown_sweep_bad(
  empty-grid "empty-grid.sweep: the grid is empty: no param line" SWEEP "scenario peer-crash\n${ok}"
)
tcp_teardown_sweep_bad(
  zero-runs "zero-runs.sweep:3: runs value '0' is < 1: runs are RngRun values, each >= 1"
  SWEEP "scenario peer-crash\nparam retries2 = 3\nruns 0\nmetric t = figure x\n"
)
tcp_teardown_sweep_bad(
  reversed-runs "reversed-runs.sweep:3: runs '5..2' is empty \\(b < a\\)"
  SWEEP "scenario peer-crash\nparam retries2 = 3\nruns 5..2\nmetric t = figure x\n"
)
tcp_teardown_sweep_bad(
  no-runs "no-runs.sweep: no runs line"
  SWEEP "scenario peer-crash\nparam retries2 = 3\nmetric t = figure x\n"
)
tcp_teardown_sweep_bad(
  keyword "keyword.sweep:2: unknown keyword 'parm': a line starts with scenario, fixed, param"
  SWEEP "scenario peer-crash\nparm retries2 = 3\n${ok}"
)
tcp_teardown_sweep_bad(
  rngrun-param "rngrun-param.sweep:2: param 'RngRun' is invalid: the sweep sets --RngRun"
  SWEEP "scenario peer-crash\nparam RngRun = 1, 2\n${ok}"
)
tcp_teardown_sweep_bad(
  metric "metric.sweep:4: metric 'm' = 'csv endpoints.csv' is malformed"
  SWEEP "scenario peer-crash\nparam retries2 = 3\nruns 1\nmetric m = csv endpoints.csv\n"
)
tcp_teardown_sweep_bad(
  plot "plot.sweep:5: plot names the metric 'x', which is not defined"
  SWEEP "scenario peer-crash\nparam retries2 = 3\n${ok}plot x against retries2\n"
)
tcp_teardown_sweep_bad(
  command "unknown command 'frobnicate': the commands are run, expand" ARGS frobnicate @DIR@
)
tcp_teardown_sweep_bad(
  option-flag "option '--jobz' is invalid for run: it takes --jobs, --examples" ARGS run
  ${tcp_teardown_sweep_tiny} @DIR@ --jobz=2
)
tcp_teardown_sweep_bad(
  jobs "--jobs=0 is invalid: the jobs run at once, 1..1024" ARGS run ${tcp_teardown_sweep_tiny}
  @DIR@ --jobs=0
)
tcp_teardown_sweep_bad(examples "--examples=/nonexistent is invalid: no such folder" ARGS run
                       ${tcp_teardown_sweep_tiny} @DIR@ --examples=/nonexistent
)
tcp_teardown_sweep_bad(
  arguments "expand takes 2 arguments, not 1: expand SWEEP DIR" ARGS expand ${tcp_teardown_sweep_tiny}
)

# A different sweep into a folder that holds one; local and slurm without parallel or sbatch.
add_test(NAME sweep-bad-folder
         COMMAND ${CMAKE_COMMAND} ${tcp_teardown_sweep_args} -DDIR=${tcp_teardown_sweep_tests}/bad-folder
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/test/sweep/sweep-bad-folder.cmake
)
set_tests_properties(sweep-bad-folder PROPERTIES LABELS "bad-input;sweep")
