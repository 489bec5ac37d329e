# CTest checks that run example programs (standalone build): the acceptance figures of the
# examples and the bad-input catalogue. Each runs test/expect.cmake.

# tcp_teardown_expect(<name> PROGRAM <target> STATUS <code> [REGEX <re>]
#                     [EXTRACT <re with one group> MIN <x> MAX <y>] [ARGS <arg>...])
function(tcp_teardown_expect name)
  cmake_parse_arguments(E "" "PROGRAM;STATUS;REGEX;EXTRACT;MIN;MAX;LABEL" "ARGS" ${ARGN})
  set(command "$<TARGET_FILE:${E_PROGRAM}>")
  foreach(arg ${E_ARGS})
    string(APPEND command "\\;${arg}")
  endforeach()
  set(definitions "-DCOMMAND=${command}" "-DEXPECT_STATUS=${E_STATUS}")
  if(DEFINED E_REGEX)
    list(APPEND definitions "-DEXPECT_REGEX=${E_REGEX}")
  endif()
  if(DEFINED E_EXTRACT)
    list(APPEND definitions "-DEXTRACT_REGEX=${E_EXTRACT}" "-DMIN=${E_MIN}" "-DMAX=${E_MAX}")
  endif()
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} ${definitions} -P
                                ${CMAKE_CURRENT_SOURCE_DIR}/test/expect.cmake
  )
  set_tests_properties(${name} PROPERTIES LABELS ${E_LABEL})
endfunction()

# The headline: ETIMEDOUT after 15 retransmissions, 924.6 s to about 950 s after the first.
tcp_teardown_expect(
  example-peer-crash-linux PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  EXTRACT "ETIMEDOUT at t = [0-9.]+ s, ([0-9.]+) s after the first retransmission, after 15 timeout"
  MIN 924.6 MAX 950
)
tcp_teardown_expect(
  example-peer-crash-linux-errno PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  REGEX "send\\(\\) -> -1 ETIMEDOUT;  send\\(\\) -> -1 EPIPE;"
)
tcp_teardown_expect(
  example-peer-crash-ns3 PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  ARGS --profile=ns3
  REGEX "after 6 timeout retransmissions.*left in ESTABLISHED"
)
tcp_teardown_expect(
  example-peer-crash-retries8 PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  ARGS --retries2=8 --rtoMax=10s
  EXTRACT "([0-9.]+) s after the first retransmission, after 8 timeout" MIN 42.6 MAX 52.6
)

# The other stories: each example's printed outcome.
tcp_teardown_expect(
  example-send-after-close PROGRAM tcp-teardown-send-after-close STATUS 0 LABEL example
  REGEX "fin-idle.*send\\(100\\) -> 100\n   server send\\(100\\) -> EPIPE.*client sent: FIN, RST.*rst-idle.*send\\(100\\) -> ECONNRESET\n   server send\\(100\\) -> EPIPE"
)
tcp_teardown_expect(
  example-linger-abort PROGRAM tcp-teardown-linger STATUS 0 LABEL example ARGS --linger=0
  REGEX "returned at 2.000000 s with 0.*client RSTs sent: 1.*ended at [0-9.]+ s with ECONNRESET"
)
tcp_teardown_expect(
  example-linger-bsd-timeout PROGRAM tcp-teardown-linger STATUS 0 LABEL example
  ARGS --linger=200 --style=bsd --peer=crashed
  REGEX "returned at 4.000000 s with -1 EWOULDBLOCK"
)
tcp_teardown_expect(
  example-keepalive PROGRAM tcp-teardown-keepalive STATUS 0 LABEL example
  EXTRACT "keepalive connection: ended at ([0-9.]+) s \\(crash" MIN 111.0 MAX 111.1
)
tcp_teardown_expect(
  example-close-wait-leak PROGRAM tcp-teardown-close-wait-leak STATUS 0 LABEL example
  REGEX "leaked \\(server CLOSE_WAIT at the end\\): 10"
)
tcp_teardown_expect(
  example-reboot PROGRAM tcp-teardown-crash-reboot STATUS 0 LABEL example
  REGEX "server connection ended at 12.[0-9]+ s with ECONNRESET"
)
tcp_teardown_expect(
  example-lost-final-ack PROGRAM tcp-teardown-lost-final-ack STATUS 0 LABEL example
  REGEX "DROP the client's ACK seq 1002 ack 2.*client connection ended at \\+61.3[0-9]*s with NONE.*server connection ended at \\+1.32[0-9]*s with NONE.*FIN retransmissions: 1"
)
tcp_teardown_expect(
  example-lost-final-ack-no-time-wait PROGRAM tcp-teardown-lost-final-ack STATUS 0 LABEL example
  ARGS --timeWait=disabled
  REGEX "server connection ended at \\+1.32[0-9]*s with ECONNRESET"
)
tcp_teardown_expect(
  example-stray-segment PROGRAM tcp-teardown-stray-segment STATUS 0 LABEL example
  ARGS --timeWait=0s --timestamps=false
  REGEX "delivered at \\+6.9[0-9]*s.*corrupted: 536 bytes in 1 of 8 connections"
)
tcp_teardown_expect(
  example-stray-segment-time-wait PROGRAM tcp-teardown-stray-segment STATUS 0 LABEL example
  ARGS --timeWait=5s --timestamps=false REGEX "corrupted: 0 bytes in 0 of 3 connections"
)
if(TARGET tcp-teardown-time-wait-sweep)
  # The sweep's shape: corruption at TIME_WAIT 0 for every D, none once TIME_WAIT reaches D.
  tcp_teardown_expect(
    example-time-wait-sweep PROGRAM tcp-teardown-time-wait-sweep STATUS 0 LABEL example
    ARGS --steps=4 --trials=4 --output=${CMAKE_CURRENT_BINARY_DIR}
    REGEX " 0.5 +0 +[1-4] of 4.* 0.5 +0.5 +0 of 4.* 1 +1 +0 of 4.* 2 +0 +[1-4] of 4.* 2 +2 +0 of 4"
  )
endif()
tcp_teardown_expect(
  example-assassination PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  REGEX "TIME_WAIT ended: at 2.03[0-9]* s.*connection 2: 1608 B read, 1072 right, 536 from connection 1 \\(corrupted\\)"
)
tcp_teardown_expect(
  example-assassination-rfc1337 PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --rfc1337=true REGEX "RSTs reaching the client's TIME_WAIT: 2.*not within the run.*port stayed held"
)
tcp_teardown_expect(
  example-assassination-h2 PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H2
  REGEX "connection 2: 1072 B read, 536 right, 536 from connection 1.*server retransmissions: 15.*ended: at 93[0-9.]+ s with ETIMEDOUT"
)
tcp_teardown_expect(
  example-assassination-h3 PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H3 --rfc5961=false
  REGEX "client RSTs from SYN_SENT: 1.*server accepted: 1.*ended: at 2.53[0-9]* s with ECONNRESET"
)
tcp_teardown_expect(
  example-assassination-h3-rfc5961 PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H3 REGEX "server accepted: 2.*no, it is open"
)
tcp_teardown_expect(
  example-port-reuse PROGRAM tcp-teardown-port-reuse STATUS 0 LABEL example
  REGEX "SYN seq 65639 = old SND.NXT 102 \\+ 65537.*server sent SYN-ACK seq 65639 = its old SND.NXT 102 \\+ 65537.*4 x 0 \\(ports [0-9 ]+\\), then -1 EADDRNOTAVAIL.*at 13 s +-1 EADDRNOTAVAIL"
)
tcp_teardown_expect(
  example-port-reuse-no-reuse PROGRAM tcp-teardown-port-reuse STATUS 0 LABEL example
  ARGS --reuse=false REGEX "bind\\(10.1.1.1:50000\\) +-1 EADDRINUSE"
)
tcp_teardown_expect(
  example-port-reuse-tw-reuse PROGRAM tcp-teardown-port-reuse STATUS 0 LABEL example
  ARGS --portLast=40002 --twReuse=on
  REGEX "2 x 0 \\(ports 4000[01] 4000[01]\\).*at 11.5 s +-1 EADDRNOTAVAIL.*at 13 s +0, local port"
)

# Bad input: a message naming the value and the rule, exit status 1, never a crash.
# program|case|arguments|message
# The main job: every story of the catalogue as Linux, every transition in the diagram.
tcp_teardown_expect(
  example-report PROGRAM tcp-teardown-report STATUS 0 LABEL example
  ARGS --output=${CMAKE_BINARY_DIR}/report-check
  REGEX "stories as Linux; [0-9]+ of [0-9]+ diagram edges visited.*report: .*/index.html"
)

set(bad_inputs
    "tcp-teardown-report|report-story-unknown|--stories=graceful-close,no-such-story|there is no story 'no-such-story'. the stories are: graceful-close, "
    "tcp-teardown-report|report-stories-empty|--stories=,|--stories=',' names no story"
    "tcp-teardown-report|report-output|--output=/nonexistent/dir|cannot create /nonexistent/dir"
    "tcp-teardown-peer-crash|profile-unknown|--profile=bsd|--profile=bsd is invalid: use linux or ns3"
    "tcp-teardown-peer-crash|rtoMin-zero|--rtoMin=0s|--rtoMin=0 s is invalid: it must be > 0"
    "tcp-teardown-peer-crash|rtoMin-negative|--rtoMin=-1s|--rtoMin=-1 s is invalid: it must be > 0"
    "tcp-teardown-peer-crash|rtoMax-below-rtoMin|--rtoMin=2s --rtoMax=1s|--rtoMax=1 s is invalid: it must be >= --rtoMin"
    "tcp-teardown-peer-crash|delay-negative|--delay=-1ms|--delay=-0.001 s is invalid: it must be >= 0"
    "tcp-teardown-peer-crash|retries2-too-big|--retries2=300|--retries2=300 is invalid: it ranges from 0 to 255"
    "tcp-teardown-peer-crash|retries2-negative|--retries2=-1|--retries2=-1 is invalid: it ranges from 0 to 255"
    "tcp-teardown-peer-crash|crashAt-too-early|--crashAt=0.5s|--crashAt=0.5 s is invalid: it must be > 1.1 s"
    "tcp-teardown-peer-crash|rate-not-a-rate|--rate=fast|Invalid command-line argument: --rate=fast"
    "tcp-teardown-peer-crash|option-unknown|--retries=3|Invalid command-line argument: --retries=3"
    "tcp-teardown-peer-crash|attribute-initial-rto-zero|--ns3::TcpTeardownSocket::InitialRto=0s|InitialRto=\\+?0s? is invalid: it must be > 0"
    "tcp-teardown-peer-crash|attribute-user-timeout-negative|--ns3::TcpTeardownSocket::UserTimeout=-5s|UserTimeout=-5(\\.0+)?s is invalid"
    "tcp-teardown-linger|linger-negative|--linger=-1|--linger=-1 is invalid: use off or an integer"
    "tcp-teardown-linger|linger-style|--style=win|--style=win is invalid: use linux or bsd"
    "tcp-teardown-keepalive|keepalive-interval-zero|--interval=0s|KeepAliveInterval=\\+?0s? is invalid: it must be > 0"
    "tcp-teardown-keepalive|keepalive-probes-zero|--probes=0|KeepAliveProbes=0 is invalid"
    "tcp-teardown-keepalive|keepalive-idle-negative|--idle=-1s|KeepAliveTime=-1(\\.0+)?s is invalid"
    "tcp-teardown-close-wait-leak|leak-no-clients|--clients=0|--clients=0 .* is invalid"
    "tcp-teardown-close-wait-leak|leak-fin-timeout-negative|--finTimeout=-1s|FinTimeout=-1(\\.0+)?s is invalid"
    "tcp-teardown-crash-reboot|reboot-before-crash|--crashAt=5s --rebootAt=4s|--rebootAt=\\+?4(\\.0+)?s is invalid"
    "tcp-teardown-crash-reboot|crash-mode|--mode=power|--mode=power is invalid"
    "tcp-teardown-send-after-close|cell-unknown|--cell=x|--cell=x is invalid"
    "tcp-teardown-lost-final-ack|time-wait-unknown|--timeWait=never|--timeWait=never is invalid: use fixed, 2msl or disabled"
    "tcp-teardown-lost-final-ack|drops-zero|--drops=0|--drops=0 / --bytes=1000 is invalid"
    "tcp-teardown-stray-segment|stray-delay-zero|--delay=0s|stray delay \\+?0s? must be > 0"
    "tcp-teardown-stray-segment|isn-unknown|--isn=Bsd|--isn=Bsd is invalid: use Zero, Rfc6528, Linux or Random"
    "tcp-teardown-assassination|stray-before-trigger|--trigger=2s --stray=1s|0 < trigger delay < stray delay"
    "tcp-teardown-assassination|hazard-unknown|--hazard=H4|--hazard=H4 is invalid: one of H1, H2, H3"
    "tcp-teardown-assassination|syn-sent-offset|--hazard=H3 --synSentOffset=20ms|SYN_SENT offset \\+?20(\\.0+)?ms is invalid"
    "tcp-teardown-port-reuse|port-range-empty|--portFirst=40010 --portLast=40000|port range 40010-40000 is empty"
    "tcp-teardown-port-reuse|port-zero|--portFirst=0|--portFirst=0 / --portLast=40003 is invalid: ports are 1..65535"
    "tcp-teardown-port-reuse|tw-reuse-unknown|--twReuse=maybe|--twReuse=maybe is invalid: use off, on or loopback"
)
if(TARGET tcp-teardown-time-wait-sweep)
  list(APPEND bad_inputs
       "tcp-teardown-time-wait-sweep|sweep-delays|--delays=1,x|--delays=1,x is invalid: use positive numbers"
       "tcp-teardown-time-wait-sweep|sweep-steps-zero|--steps=0|--steps=0 / --trials=8 is invalid"
       "tcp-teardown-time-wait-sweep|sweep-output|--output=/nonexistent/dir|--output=/nonexistent/dir is invalid: cannot write"
  )
endif()
foreach(case ${bad_inputs})
  string(REPLACE "|" ";" fields "${case}")
  list(GET fields 0 case_program)
  list(GET fields 1 case_name)
  list(GET fields 2 case_args)
  list(GET fields 3 case_regex)
  separate_arguments(case_args)
  tcp_teardown_expect(
    bad-input-${case_name} PROGRAM ${case_program} STATUS 1 LABEL bad-input
    REGEX "${case_regex}" ARGS ${case_args}
  )
endforeach()
