# Determinism (standalone build): the report and every example, run twice with the same
# arguments and --RngRun, write byte-identical output (standard output, records, plots, pcap
# files); where a run draws random numbers (random ephemeral ports, RFC 6528 ISNs), another
# --RngRun changes the output. Each check runs test/determinism.cmake. Configuring fails if
# an example program has no check here, so a new example cannot be left out.

set(tcp_teardown_determinism_dir ${CMAKE_CURRENT_BINARY_DIR}/determinism)

# tcp_teardown_determinism(<program> [VARIES] [MASK <regex>] [OUTPUT] [ARGS <arg>...])
# OUTPUT: the program takes --output=<folder> (and --pcap=true unless NO_PCAP).
function(tcp_teardown_determinism program)
  cmake_parse_arguments(D "VARIES;OUTPUT;NO_PCAP" "MASK;NAME" "ARGS" ${ARGN})
  set(name ${program})
  if(D_NAME)
    set(name ${D_NAME})
  endif()
  set(command "$<TARGET_FILE:tcp-teardown-${program}>")
  set(args ${D_ARGS})
  set(definitions)
  if(D_OUTPUT)
    set(folder ${tcp_teardown_determinism_dir}/${name})
    list(APPEND args --output=${folder})
    if(NOT D_NO_PCAP)
      list(APPEND args --pcap=true)
    endif()
    list(APPEND definitions -DOUTPUT=${folder})
  endif()
  foreach(arg ${args})
    string(APPEND command "\\;${arg}")
  endforeach()
  list(APPEND definitions "-DCOMMAND=${command}")
  if(D_MASK)
    list(APPEND definitions "-DMASK=${D_MASK}")
  endif()
  if(D_VARIES)
    list(APPEND definitions -DVARIES=ON)
  endif()
  add_test(NAME determinism-${name}
           COMMAND ${CMAKE_COMMAND} ${definitions} -P
                   ${CMAKE_CURRENT_SOURCE_DIR}/test/determinism.cmake
  )
  set_tests_properties(determinism-${name} PROPERTIES LABELS determinism)
  set_property(GLOBAL APPEND PROPERTY tcp_teardown_determinism_programs tcp-teardown-${program})
endfunction()

# The report prints wall-clock durations ("(0.1 s)", "...; 2.0 s"): masked; its files are
# compared whole.
tcp_teardown_determinism(report OUTPUT NO_PCAP MASK "[0-9]+\\.[0-9] s\\)|visited. [0-9]+\\.[0-9] s")
tcp_teardown_determinism(graceful-close OUTPUT)
tcp_teardown_determinism(close-wait-leak OUTPUT)
tcp_teardown_determinism(crash-reboot OUTPUT)
tcp_teardown_determinism(keepalive OUTPUT)
tcp_teardown_determinism(linger OUTPUT)
tcp_teardown_determinism(lost-final-ack OUTPUT)
tcp_teardown_determinism(peer-crash OUTPUT)
tcp_teardown_determinism(send-after-close OUTPUT)
tcp_teardown_determinism(assassination OUTPUT)
tcp_teardown_determinism(stray-segment OUTPUT)
# Random: the client's ISN (RFC 6528's secret) and the ephemeral port order.
tcp_teardown_determinism(stray-segment NAME stray-segment-rfc6528 OUTPUT VARIES ARGS --isn=Rfc6528)
tcp_teardown_determinism(port-reuse VARIES ARGS --portLast=40999)
# Both closers, the port-exhaustion sweep, CSV files and (with gnuplot) the two figures.
tcp_teardown_determinism(
  busy-server OUTPUT NO_PCAP
  ARGS --compare=true --rate=500 --duration=0.5s --timeWait=2s --drain=3s --sweep=true
       --sweepPorts=20 --plot=true
)
if(TARGET tcp-teardown-time-wait-sweep)
  tcp_teardown_determinism(time-wait-sweep OUTPUT NO_PCAP ARGS --steps=2 --trials=2)
endif()

# The sweep tool runs the other examples as jobs: its determinism is that of its aggregate,
# which sweep-resume (a rerun) and sweep-slurm (Slurm against local) compare byte for byte
# (test/sweep/sweep-checks.cmake).
set_property(GLOBAL APPEND PROPERTY tcp_teardown_determinism_programs tcp-teardown-sweep)

# Every example program has a check.
get_property(tcp_teardown_examples DIRECTORY examples PROPERTY BUILDSYSTEM_TARGETS)
get_property(tcp_teardown_checked GLOBAL PROPERTY tcp_teardown_determinism_programs)
foreach(example ${tcp_teardown_examples})
  if(NOT example IN_LIST tcp_teardown_checked)
    message(FATAL_ERROR "test/determinism-checks.cmake: example ${example} has no determinism "
                        "check: add one"
    )
  endif()
endforeach()
