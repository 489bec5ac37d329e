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

# The story examples, each running its TcpTeardownScenario (client - router - server unless
# --router=false): the printed outcome, the verdict, and the files --output writes.
tcp_teardown_expect(
  example-close-wait-leak PROGRAM tcp-teardown-close-wait-leak STATUS 0 LABEL example
  REGEX "leaked \\(server CLOSE_WAIT at the end\\): 10"
)
tcp_teardown_expect(
  example-close-wait-fixed PROGRAM tcp-teardown-close-wait-leak STATUS 0 LABEL example
  ARGS --serverCloses=true --output=${CMAKE_CURRENT_BINARY_DIR}/close-wait-check --pcap=true
  REGEX "200 s  server CLOSE_WAIT 0.*leaked \\(server CLOSE_WAIT at the end\\): 0.*verdict: as Linux.records: .*/close-wait-check/"
)
if(TARGET tcp-teardown-time-wait-sweep)
  # The sweep's shape: corruption at TIME_WAIT 0 for every D, none once TIME_WAIT reaches D.
  tcp_teardown_expect(
    example-time-wait-sweep PROGRAM tcp-teardown-time-wait-sweep STATUS 0 LABEL example
    ARGS --steps=4 --trials=4 --output=${CMAKE_CURRENT_BINARY_DIR}
    REGEX " 0.5 +0 +[1-4] of 4.* 0.5 +0.5 +0 of 4.* 1 +1 +0 of 4.* 2 +0 +[1-4] of 4.* 2 +2 +0 of 4"
  )
endif()
# Port reuse (not a catalogue story: the port table's rules, step by step).
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

# The headline: ETIMEDOUT after 15 retransmissions, 924.6 s to about 950 s after the first
# (measured 948.928 s: the first expiry past tcp_retries2's 924.6 s budget).
tcp_teardown_expect(
  example-peer-crash-linux PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  EXTRACT "ETIMEDOUT at t = [0-9.]+ s, ([0-9.]+) s after the first retransmission, after 15 timeout"
  MIN 924.6 MAX 950
)

tcp_teardown_expect(
  example-peer-crash-linux-errno PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  REGEX "after the error: send\\(\\) -> -1 ETIMEDOUT at [0-9.]+ s. send\\(\\) -> -1 EPIPE at [0-9.]+ s.*verdict: as Linux"
)

tcp_teardown_expect(
  example-peer-crash-ns3 PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  ARGS --profile=ns3
  REGEX "after 6 timeout retransmissions.*left in ESTABLISHED.*verdict: NOT as Linux"
)

tcp_teardown_expect(
  example-peer-crash-retries8 PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  ARGS --retries2=8 --rtoMax=10s
  EXTRACT "([0-9.]+) s after the first retransmission, after 8 timeout" MIN 42.6 MAX 52.6
)

# A larger rto_min: fewer retransmissions (13) in the same 924.6 s budget, as on Linux.
tcp_teardown_expect(
  example-peer-crash-rto-min PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  ARGS --rtoMin=1s
  REGEX "after 13 timeout retransmissions.*verdict: as Linux"
)

# The catalogue's own settings reproduce the report's peer-crash-sending (971.725 s).
tcp_teardown_expect(
  example-peer-crash-catalogue PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  ARGS --segmentSize=536 --delAckCount=2
  REGEX "Outcome: ETIMEDOUT at t = 971.725 s, 968.520 s after the first retransmission, after 15 timeout"
)

tcp_teardown_expect(
  example-peer-crash-output PROGRAM tcp-teardown-peer-crash STATUS 0 LABEL example
  ARGS --output=${CMAKE_CURRENT_BINARY_DIR}/peer-crash-check --pcap=true
  REGEX "verdict: as Linux.records: .*/peer-crash-check/"
)

tcp_teardown_expect(
  example-keepalive PROGRAM tcp-teardown-keepalive STATUS 0 LABEL example
  EXTRACT "keepalive connection: ended at ([0-9.]+) s \\(crash" MIN 111.0 MAX 111.1
  REGEX "connection without keepalive: still ESTABLISHED at 240.000 s: it never learns.*heartbeat: peer declared dead at 61.100 s \\(crash \\+ 31.100 s\\)"
)

tcp_teardown_expect(
  example-keepalive-output PROGRAM tcp-teardown-keepalive STATUS 0 LABEL example
  ARGS --detection=keepalive --output=${CMAKE_CURRENT_BINARY_DIR}/keepalive-check --pcap=true
  REGEX "keepalive probes: 5: 61.020 s, 71.020 s, 81.020 s, 91.020 s, 101.020 s.*verdict: as Linux.records: .*/keepalive-check/peer-crash-idle-keepalive/"
)

tcp_teardown_expect(
  example-reboot PROGRAM tcp-teardown-crash-reboot STATUS 0 LABEL example
  REGEX "send\\(\\) -> -1 ECONNRESET at [0-9.]+ s. send\\(\\) -> -1 EPIPE at [0-9.]+ s.server connection ended at 12.[0-9]+ s with ECONNRESET.*verdict: as Linux"
)

tcp_teardown_expect(
  example-reboot-never PROGRAM tcp-teardown-crash-reboot STATUS 0 LABEL example
  ARGS --rebootAt=0
  REGEX "server timeout retransmissions: 15.*send\\(\\) -> -1 ETIMEDOUT at [0-9.]+ s. send\\(\\) -> -1 EPIPE.*verdict: as Linux"
)

tcp_teardown_expect(
  example-reboot-process PROGRAM tcp-teardown-crash-reboot STATUS 0 LABEL example
  ARGS --mode=process
  REGEX "server timeout retransmissions: 0.server socket calls: recv\\(\\) -> 0 at 3.010 s. close\\(\\) -> 0 at 3.010 s.server connection ended at 3.030 s with NONE.client connection ended at 63.020 s with NONE.*verdict: as Linux"
)

tcp_teardown_expect(
  example-reboot-output PROGRAM tcp-teardown-crash-reboot STATUS 0 LABEL example
  ARGS --output=${CMAKE_CURRENT_BINARY_DIR}/crash-reboot-check --pcap=true
  REGEX "verdict: as Linux.records: .*/crash-reboot-check/"
)

# send() after close: every call of the idle cells, and the four cells as Linux.
tcp_teardown_expect(
  example-send-after-close PROGRAM tcp-teardown-send-after-close STATUS 0 LABEL example
  REGEX "fin-idle.*send\\(100\\) -> 100\n   server send\\(100\\) -> EPIPE.*client sent: FIN, RST.*rst-idle.*send\\(100\\) -> ECONNRESET\n   server send\\(100\\) -> EPIPE.*fin-blocked.*blocked send\\(1000000\\) -> [0-9]+\n   server send\\(100\\) -> ECONNRESET.*observed: 4 of 4 cells call for call as Linux\nverdict: as Linux"
)

tcp_teardown_expect(
  example-send-after-close-cell PROGRAM tcp-teardown-send-after-close STATUS 0 LABEL example
  ARGS --cell=rst-idle --output=${CMAKE_CURRENT_BINARY_DIR}/send-after-close-check --pcap=true
  REGEX "== rst-idle: client closes with RST.*send\\(100\\) -> ECONNRESET\n   server send\\(100\\) -> EPIPE.*client sent: RST\\|ACK.*observed: 1 of 1 cell call for call as Linux.*records: .*/send-after-close-check/"
)

# SO_LINGER: abort (one RST, ECONNRESET at the server one link-pair later), a lingering close
# that times out against a crashed peer (Linux: 0 after l_linger; BSD: EWOULDBLOCK, not as
# Linux), and one that returns once the FIN is acknowledged.
tcp_teardown_expect(
  example-linger-abort PROGRAM tcp-teardown-linger STATUS 0 LABEL example ARGS --linger=0
  REGEX "returned at 2.000 s with 0\n  client RSTs sent: 1\n.*its connection ended at 2.010[0-9]* s with ECONNRESET.*verdict: as Linux"
)

tcp_teardown_expect(
  example-linger-timeout PROGRAM tcp-teardown-linger STATUS 0 LABEL example
  ARGS --linger=2 --peer=crashed
  REGEX "close\\(\\) called at 2.000 s, returned at 4.000 s with 0\n.*verdict: as Linux"
)

tcp_teardown_expect(
  example-linger-bsd-timeout PROGRAM tcp-teardown-linger STATUS 0 LABEL example
  ARGS --linger=200 --style=bsd --peer=crashed
  REGEX "returned at 4.000 s with -1 EWOULDBLOCK\n  client RSTs sent: 1.*verdict: NOT as Linux"
)

tcp_teardown_expect(
  example-linger-acked PROGRAM tcp-teardown-linger STATUS 0 LABEL example
  ARGS --linger=5 --output=${CMAKE_CURRENT_BINARY_DIR}/linger-check --pcap=true
  REGEX "returned at 2.098 s with 0.*server read 50000 of 50000 B.*verdict: as Linux.*records: .*/linger-check/"
)

# The lost final ACK: the drop, the server's FIN retransmission, the client's ACK from
# TIME_WAIT (restarted: it ends 60 s after the retransmitted FIN), both ends without error;
# without TIME_WAIT a RST and ECONNRESET.
tcp_teardown_expect(
  example-lost-final-ack PROGRAM tcp-teardown-lost-final-ack STATUS 0 LABEL example
  REGEX "1.05[0-9]* s DROP the client's ACK seq 1002 ack 2\n  server FIN retransmissions: 1 at 1.25[0-9]* s\n  client segments reaching the server after the drop: ACK at 1.272 s\n  client TIME_WAIT from [0-9.]+ s to 61.26[0-9]* s: 60.2[0-9]* s, its 60 s restarted.*client connection ended at 61.26[0-9]* s with NONE\n  server connection ended at 1.27[0-9]* s with NONE.*verdict: as Linux"
)

tcp_teardown_expect(
  example-lost-final-ack-no-time-wait PROGRAM tcp-teardown-lost-final-ack STATUS 0 LABEL example
  ARGS --timeWait=disabled
  REGEX "reaching the server after the drop: RST at 1.272 s.*server connection ended at 1.27[0-9]* s with ECONNRESET.*verdict: as Linux"
)

tcp_teardown_expect(
  example-lost-final-ack-2msl PROGRAM tcp-teardown-lost-final-ack STATUS 0 LABEL example
  ARGS --timeWait=2msl
  REGEX "client connection ended at 241.26[0-9]* s with NONE.*verdict: as Linux"
)

tcp_teardown_expect(
  example-lost-final-ack-drops PROGRAM tcp-teardown-lost-final-ack STATUS 0 LABEL example
  ARGS --drops=3 --output=${CMAKE_CURRENT_BINARY_DIR}/lost-final-ack-check --pcap=true
  REGEX "server FIN retransmissions: 3 at .*server connection ended at 2.59[0-9]* s with NONE.*verdict: as Linux.*records: .*/lost-final-ack-check/"
)

# The four-way close: TIME_WAIT of 60 s at the active closer; the configured TimeWaitDuration
# is honoured by the verdict (--timeWait), and the server can close first.
tcp_teardown_expect(
  example-graceful-close PROGRAM tcp-teardown-graceful-close STATUS 0 LABEL example
  REGEX "server CLOSE_WAIT at 1.05[0-9]* s, FIN \\(LAST_ACK\\) at 1.05[0-9]* s, CLOSED at 1.07[0-9]* s\n  client TIME_WAIT from 1.066[0-9]* s to 61.066[0-9]* s: 60.000 s. configured 60 s.*verdict: as Linux"
)

tcp_teardown_expect(
  example-graceful-close-long PROGRAM tcp-teardown-graceful-close STATUS 0 LABEL example
  ARGS --timeWait=100s
  REGEX "TIME_WAIT from 1.066[0-9]* s to 101.066[0-9]* s: 100.000 s. configured 100 s.*120 s simulated.*verdict: as Linux"
)

tcp_teardown_expect(
  example-graceful-close-server PROGRAM tcp-teardown-graceful-close STATUS 0 LABEL example
  ARGS --closer=server --timeWait=5s --output=${CMAKE_CURRENT_BINARY_DIR}/graceful-close-check --pcap=true
  REGEX "server TIME_WAIT from [0-9.]+ s to 6.07[0-9]* s: 5.000 s. configured 5 s.*client CLOSE_WAIT.*verdict: as Linux.*records: .*/graceful-close-check/"
)

# example-stray-segment-time-wait (client - router - server by default, 10 data segments per
# connection, 1 s gap, 30 s: the catalogue's story stray-segment).
tcp_teardown_expect(
  example-stray-segment PROGRAM tcp-teardown-stray-segment STATUS 0 LABEL example
  ARGS --timeWait=0s
  REGEX "delivered at 5.93[0-9]* s.*3 +5.30[0-9]* s +5360 +536  <- the stray.*corrupted: 536 bytes in 1 of 15 connections \\(which: 3\\).*verdict: as Linux"
)

tcp_teardown_expect(
  example-stray-segment-time-wait PROGRAM tcp-teardown-stray-segment STATUS 0 LABEL example
  ARGS --timeWait=5s
  REGEX "corrupted: 0 bytes in 0 of 5 connections \\(which: none\\). bind\\(\\) failed 187 times.*verdict: as Linux"
)

tcp_teardown_expect(
  example-stray-segment-isn PROGRAM tcp-teardown-stray-segment STATUS 0 LABEL example
  ARGS --timeWait=0s --isn=Rfc6528 REGEX "corrupted: 0 bytes in 0 of 15 connections.*verdict: as Linux"
)

tcp_teardown_expect(
  example-stray-segment-direct PROGRAM tcp-teardown-stray-segment STATUS 0 LABEL example
  ARGS --router=false --chunks=20 --gap=0.5s --duration=20s
  REGEX "one direct link.*delivered at 6.916 s.*corrupted: 536 bytes in 1 of 8 connections"
)

tcp_teardown_expect(
  example-stray-segment-output PROGRAM tcp-teardown-stray-segment STATUS 0 LABEL example
  ARGS --output=${CMAKE_CURRENT_BINARY_DIR}/stray-segment-check --pcap=true
  REGEX "verdict: as Linux.*records: [^\n]*/stray-segment-check/"
)

# example-assassination-rfc1337, example-assassination-h2, example-assassination-h3 and
# example-assassination-h3-rfc5961 (client - router - server by default: 20 ms round trip).
tcp_teardown_expect(
  example-assassination PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  REGEX "client, connection 2: 1608 B read, 1072 right, 536 not its own \\(corrupted\\).*RSTs received in TIME_WAIT: 1\n.*TIME_WAIT ended: 2.06[0-9]* s.*old bytes read by connection 2: 536.*verdict: as Linux"
)

tcp_teardown_expect(
  example-assassination-rfc1337 PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --rfc1337=true
  REGEX "no connection 2 within the run: the port stayed held.*RSTs received in TIME_WAIT: 2.*TIME_WAIT ended: never.*verdict: as Linux"
)

tcp_teardown_expect(
  example-assassination-h2 PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H2
  REGEX "client, connection 2: 1072 B read, 536 right, 536 not its own.*server's retransmissions in connection 2: 15.*connection 2 ended \\(server\\): 95[0-9.]+ s with ETIMEDOUT.*verdict: as Linux"
)

tcp_teardown_expect(
  example-assassination-h2-ack-loop PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H2 --invalidRateLimit=0s --retries2=3 --router=false
  REGEX "ACKs of unsent data: [1-9][0-9][0-9][0-9]+\n.*server's retransmissions in connection 2: 4.*connection 2 ended \\(server\\): 9.6[0-9]* s with ETIMEDOUT"
)

# H3 as the catalogue's assassination-h3: one direct link (10 ms round trip), the RST from
# SYN_SENT kills the half-open connection.
tcp_teardown_expect(
  example-assassination-h3 PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H3 --rfc5961=false --router=false
  REGEX "topology: client - server, one direct link.*connection 2 ended \\(client\\): 2.53[0-9]* s with ECONNRESET.*client RSTs from SYN_SENT: 1.*connections the server accepted: 1.*verdict: as Linux"
)

# Behind the router (20 ms) the SYN resent 8 ms after the RST rebuilds it: connection 2 lives.
tcp_teardown_expect(
  example-assassination-h3-router PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H3 --rfc5961=false
  REGEX "topology: client - router - server.*connection 2 ended \\(client\\): no.*client RSTs from SYN_SENT: 1.*connections the server accepted: 2.*verdict: as Linux"
)

tcp_teardown_expect(
  example-assassination-h3-rfc5961 PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H3 --router=false
  REGEX "connection 2 ended \\(client\\): no.*client RSTs from SYN_SENT: 1.*connections the server accepted: 2.*verdict: as Linux"
)

tcp_teardown_expect(
  example-assassination-output PROGRAM tcp-teardown-assassination STATUS 0 LABEL example
  ARGS --hazard=H3 --rfc5961=false --router=false --pcap=true
       --output=${CMAKE_CURRENT_BINARY_DIR}/assassination-check
  REGEX "verdict: as Linux.*records: [^\n]*/assassination-check/"
)

# The busy server: TIME_WAIT at whichever end closes first, its peak the connections opened
# within one TIME_WAIT (500/s x 2 s = 1000, of 1000 connections), no failure; and the port
# exhaustion sweep: one client, 20 ports, TIME_WAIT 1 s, theory 20/s, measured a little below
# (each port is also held for the connection's life before TIME_WAIT, about 12 ms).
tcp_teardown_expect(
  example-busy-server-compare PROGRAM tcp-teardown-busy-server STATUS 0 LABEL example
  ARGS --compare=true --rate=500 --duration=2s --timeWait=2s --drain=3s
  REGEX "closer Server.*completed 1000, failed 0, unfinished 0; achieved 500/s.  peak TIME_WAIT: server 100[01], clients 0 .the schedule opens at most 1000 .*closer Client.*completed 1000, failed 0, unfinished 0.*peak TIME_WAIT: server 0, clients 100[01] "
)
tcp_teardown_expect(
  example-busy-server-sweep PROGRAM tcp-teardown-busy-server STATUS 0 LABEL example
  ARGS --duration=0.1s --drain=0s --sweep=true --sweepPorts=20 --timeWait=1s
  EXTRACT "one client address: measured ([0-9.]+)/s" MIN 19.0 MAX 20.0
)
tcp_teardown_expect(
  example-busy-server-exhaustion PROGRAM tcp-teardown-busy-server STATUS 0 LABEL example
  ARGS --clients=2 --rate=200 --duration=1s --drain=0s --closer=client --portFirst=50000
       --portLast=50009 --timeWait=5s
  REGEX "completed 20, failed 180, unfinished 0.*failures: EADDRNOTAVAIL 180 .first at 0.1 s."
)
tcp_teardown_expect(
  example-busy-server-stock PROGRAM tcp-teardown-busy-server STATUS 0 LABEL example
  ARGS --socketKind=Stock --rate=500 --duration=1s --timeWait=2s --drain=3s
  REGEX "closer Server, Stock sockets.*completed 500, failed 0, unfinished 0.*peak TIME_WAIT: server 50[01], clients 0"
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
    "tcp-teardown-peer-crash|profile-unknown|--profile=bsd|--profile=bsd is invalid: use linux or ns3"
    "tcp-teardown-peer-crash|rtoMin-zero|--rtoMin=0s|--rtoMin=0 s is invalid: it must be > 0"
    "tcp-teardown-peer-crash|rtoMin-negative|--rtoMin=-1s|--rtoMin=-1 s is invalid: it must be > 0"
    "tcp-teardown-peer-crash|jiffy-above-rto-min|--ns3::TcpTeardownSocket::Jiffy=1s|Jiffy=.1000ms is invalid: it must be >= 0 .0: exact RTO. and <= RtoMin=.200ms"
    "tcp-teardown-peer-crash|jiffy-negative|--ns3::TcpTeardownSocket::Jiffy=-4ms|Jiffy=-4ms is invalid: it must be >= 0"
    "tcp-teardown-peer-crash|rtoMax-below-rtoMin|--rtoMin=2s --rtoMax=1s|--rtoMax=1 s is invalid: it must be >= --rtoMin"
    "tcp-teardown-peer-crash|delay-negative|--delay=-1ms|--delay=-0.001 s is invalid: it must be 0 .. 10 s"
    "tcp-teardown-peer-crash|delay-too-long|--delay=11s|--delay=11 s is invalid: it must be 0 .. 10 s"
    "tcp-teardown-peer-crash|retries2-too-big|--retries2=300|--retries2=300 is invalid: it ranges from 0 to 255"
    "tcp-teardown-peer-crash|retries2-negative|--retries2=-1|--retries2=-1 is invalid: it ranges from 0 to 255"
    "tcp-teardown-peer-crash|crashAt-too-early|--crashAt=0.5s|--crashAt=0.5 s is invalid: it must be 1.5 s .. 3600 s"
    "tcp-teardown-peer-crash|rate-not-a-rate|--rate=fast|Invalid command-line argument: --rate=fast"
    "tcp-teardown-peer-crash|rate-zero|--rate=0bps|--rate=0bps is invalid: it must be > 0"
    "tcp-teardown-peer-crash|segment-size-small|--segmentSize=50|--segmentSize=50 is invalid: it ranges from 100 to 65000"
    "tcp-teardown-peer-crash|delack-count-zero|--delAckCount=0|--delAckCount=0 is invalid: it ranges from 1 to 64"
    "tcp-teardown-peer-crash|peer-crash-pcap-alone|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-peer-crash|peer-crash-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-peer-crash|option-unknown|--retries=3|Invalid command-line argument: --retries=3"
    "tcp-teardown-peer-crash|attribute-initial-rto-zero|--ns3::TcpTeardownSocket::InitialRto=0s|InitialRto=\\+?0s? is invalid: it must be > 0"
    "tcp-teardown-peer-crash|attribute-user-timeout-negative|--ns3::TcpTeardownSocket::UserTimeout=-5s|UserTimeout=-5(\\.0+)?s is invalid"
    "tcp-teardown-keepalive|keepalive-interval-zero|--interval=0s|KeepAliveInterval=\\+?0s? is invalid: it must be 1 s .. 32767 s"
    "tcp-teardown-keepalive|keepalive-probes-zero|--probes=0|KeepAliveProbes=0 is invalid"
    "tcp-teardown-keepalive|keepalive-idle-negative|--idle=-1s|KeepAliveTime=-1(\\.0+)?s is invalid"
    "tcp-teardown-keepalive|keepalive-heartbeat-zero|--heartbeat=0s|HeartbeatInterval=\\+?0n?s is invalid: Heartbeat: time between two heartbeats, 10 ms .. 1 h"
    "tcp-teardown-keepalive|keepalive-misses-zero|--misses=0|HeartbeatMisses=0 is invalid: Heartbeat: unanswered heartbeats that mean the peer is dead, 1 .. 100"
    "tcp-teardown-keepalive|keepalive-crash-early|--crashAt=1s|--crashAt=\\+?1(\\.0+)?s is invalid: it must be 1.5 s .. 3600 s"
    "tcp-teardown-keepalive|keepalive-detection|--detection=maybe|--detection=maybe is invalid: use all, none, keepalive or heartbeat"
    "tcp-teardown-keepalive|keepalive-pcap-alone|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-keepalive|keepalive-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-crash-reboot|reboot-before-crash|--crashAt=5s --rebootAt=4s|--rebootAt=\\+?4(\\.0+)?s is invalid: it must be 0 \\(never\\) or after --crashAt"
    "tcp-teardown-crash-reboot|reboot-too-late|--rebootAt=4000s|--rebootAt=\\+?4000(\\.0+)?s is invalid"
    "tcp-teardown-crash-reboot|crash-mode|--mode=power|--mode=power is invalid: use host or process"
    "tcp-teardown-crash-reboot|reboot-crash-early|--crashAt=1s|--crashAt=\\+?1(\\.0+)?s is invalid: it must be 1.5 s .. 3600 s"
    "tcp-teardown-crash-reboot|reboot-retries2-too-big|--retries2=256|--retries2=256 is invalid: it ranges from 0 to 255"
    "tcp-teardown-crash-reboot|reboot-pcap-alone|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-crash-reboot|reboot-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-linger|linger-too-long|--linger=1001|--linger=1001 is invalid: use off or an integer l_linger from 0 to 1000 \\(seconds"
    "tcp-teardown-linger|linger-bsd-too-long|--linger=100001 --style=bsd|--linger=100001 is invalid: use off or an integer l_linger from 0 to 100000 \\(10 ms ticks"
    "tcp-teardown-linger|linger-peer|--peer=dead|--peer=dead is invalid: use alive or crashed"
    "tcp-teardown-linger|linger-pcap-no-output|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-linger|linger-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-send-after-close|send-after-close-pcap-no-output|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-send-after-close|send-after-close-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-lost-final-ack|lost-final-ack-pcap-no-output|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-lost-final-ack|lost-final-ack-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-graceful-close|graceful-closer-unknown|--closer=both|--closer=both is invalid: use client or server"
    "tcp-teardown-graceful-close|graceful-time-wait-negative|--timeWait=-1s|--timeWait=-1(\\.0+)?s is invalid: it ranges from 0 s to 3600 s"
    "tcp-teardown-graceful-close|graceful-bytes-zero|--bytes=0|--bytes=0 is invalid: it ranges from 1 to 10000000"
    "tcp-teardown-graceful-close|graceful-pcap-no-output|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-graceful-close|graceful-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-stray-segment|stray-delay-zero|--delay=0s|StrayDelay=\\+?0n?s? is invalid: How late the old segment arrives, 1 ms .. 20 s"
    "tcp-teardown-stray-segment|isn-unknown|--isn=Bsd|IsnPolicy=Bsd is invalid: IsnPolicy of both hosts: Zero, Rfc6528, Linux or Random"
    "tcp-teardown-stray-segment|stray-chunks-zero|--chunks=0|Chunks=0 is invalid: Data segments \\(536 B\\) each connection writes, 1 .. 1000"
    "tcp-teardown-stray-segment|stray-pcap-without-output|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-stray-segment|stray-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-assassination|stray-before-trigger|--trigger=2s --stray=1s|0 < trigger delay < stray delay"
    "tcp-teardown-assassination|hazard-unknown|--hazard=H4|Hazard=H4 is invalid: RFC 1337 hazard: H1 \\(old data\\), H2 \\(desynchronized\\) or H3"
    "tcp-teardown-assassination|syn-sent-offset|--hazard=H3 --synSentOffset=20ms|SYN_SENT offset \\+?20(\\.0+)?ms is invalid: 0 < offset < the round-trip time, \\+?20(\\.0+)?ms"
    "tcp-teardown-assassination|syn-sent-offset-direct|--hazard=H3 --router=false --synSentOffset=10ms|SYN_SENT offset \\+?10(\\.0+)?ms is invalid: 0 < offset < the round-trip time, \\+?10(\\.0+)?ms"
    "tcp-teardown-assassination|assassination-retries2|--retries2=300|Retries2=300 is invalid"
    "tcp-teardown-assassination|assassination-pcap-without-output|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-assassination|assassination-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-report|report-story-unknown|--stories=graceful-close,no-such-story|there is no story 'no-such-story'. the stories are: graceful-close, "
    "tcp-teardown-report|report-stories-empty|--stories=,|--stories=',' names no story"
    "tcp-teardown-report|report-output|--output=/nonexistent/dir|cannot create /nonexistent/dir"
    "tcp-teardown-close-wait-leak|leak-no-clients|--clients=0|--clients=0 .* is invalid"
    "tcp-teardown-close-wait-leak|leak-every-zero|--every=0s|Interval=\\+?0n?s is invalid: Time between two connections, 1 ms .. 1 h"
    "tcp-teardown-close-wait-leak|leak-pcap-alone|--pcap=true|--pcap=true is invalid without --output"
    "tcp-teardown-close-wait-leak|leak-output|--output=/nonexistent/dir|cannot create the folder '/nonexistent/dir'"
    "tcp-teardown-close-wait-leak|leak-fin-timeout-negative|--finTimeout=-1s|FinTimeout=-1(\\.0+)?s is invalid"
    "tcp-teardown-port-reuse|port-range-empty|--portFirst=40010 --portLast=40000|port range 40010-40000 is empty"
    "tcp-teardown-port-reuse|port-zero|--portFirst=0|--portFirst=0 / --portLast=40003 is invalid: ports are 1..65535"
    "tcp-teardown-port-reuse|tw-reuse-unknown|--twReuse=maybe|--twReuse=maybe is invalid: use off, on or loopback"
    "tcp-teardown-busy-server|busy-closer-unknown|--closer=both|--closer=both is invalid: use server or client"
    "tcp-teardown-busy-server|busy-port-range-empty|--portFirst=40010 --portLast=40000|--portFirst=40010 is invalid: it must not be above --portLast=40000"
    "tcp-teardown-busy-server|busy-plot-without-output|--plot=true|--plot=true is invalid without --output"
    "tcp-teardown-busy-server|busy-sweep-stock|--sweep=true --socketKind=Stock|--sweep=true is invalid with --socketKind=Stock"
    "tcp-teardown-busy-server|busy-samples|--duration=2h --sampleInterval=1ms|SampleInterval=.* is invalid: it must leave at most 100000 samples"
    "tcp-teardown-busy-server|busy-kind-unknown|--socketKind=Bsd|SocketKind=Bsd is invalid"
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
