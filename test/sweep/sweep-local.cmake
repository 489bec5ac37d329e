# sweep-local: the tiny sweep run locally (expand + GNU parallel + aggregate); aggregate.csv
# has one row per point and metric, each with 2 values, a mean, an sd and a CI.
#
#   cmake -DTOOL=<tcp-teardown-sweep> -DSWEEP=<tiny.sweep> -DDIR=<folder> [-DPLOTS=ON]
#         -P sweep-local.cmake

file(REMOVE_RECURSE ${DIR})
execute_process(
  COMMAND ${TOOL} run ${SWEEP} ${DIR} --jobs=2
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
)
message(STATUS "output:\n${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "run: exit status '${status}'")
endif()
foreach(expected "4 jobs \\(2 points x 2 runs\\): 0 done, 4 pending"
                 "aggregate: 4 of 4 jobs complete, 0 pending"
)
  if(NOT "${out}" MATCHES "${expected}")
    message(FATAL_ERROR "the output does not say '${expected}'")
  endif()
endforeach()
foreach(job 0000 0001 0002 0003)
  if(NOT EXISTS ${DIR}/jobs/${job}/metrics.csv OR EXISTS ${DIR}/jobs/${job}.partial)
    message(FATAL_ERROR "job ${job} is not complete: no ${DIR}/jobs/${job}/metrics.csv")
  endif()
endforeach()

file(STRINGS ${DIR}/aggregate.csv rows)
list(LENGTH rows count)
if(NOT count EQUAL 9)
  message(FATAL_ERROR "aggregate.csv has ${count} lines, not 1 + 2 points x 4 metrics")
endif()
list(GET rows 0 header)
if(NOT header STREQUAL
   "retries2,ns3::TcpTeardownScenario::LossRate,metric,count,mean,sd,ci95_low,ci95_high"
)
  message(FATAL_ERROR "aggregate.csv header: '${header}'")
endif()
set(number "-?[0-9][0-9.e+-]*")
set(index 1)
foreach(retries2 3 5)
  foreach(metric give_up_s retransmissions corrupted endpoints)
    list(GET rows ${index} row)
    math(EXPR index "${index} + 1")
    if(NOT row MATCHES "^${retries2},0.05,${metric},2,${number},${number},${number},${number}$")
      message(FATAL_ERROR "aggregate.csv row ${index}: '${row}' is not "
                          "${retries2},0.05,${metric},2,<mean>,<sd>,<low>,<high>"
      )
    endif()
  endforeach()
endforeach()
# Both runs have two endpoints and no corrupted byte: exact values.
foreach(expected "3,0.05,endpoints,2,2,0,2,2" "5,0.05,corrupted,2,0,0,0,0")
  list(FIND rows "${expected}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "aggregate.csv lacks the row '${expected}'")
  endif()
endforeach()
# The jobs run the program by its absolute path.
file(STRINGS ${DIR}/jobs.csv jobs)
list(GET jobs 1 first)
if(NOT first MATCHES "^0,0,1,3,0.05,/[^ ]*/tcp-teardown-peer-crash --retries2=3 ")
  message(FATAL_ERROR "jobs.csv row 1: '${first}'")
endif()
if(PLOTS AND NOT EXISTS ${DIR}/give_up_s-vs-retries2.svg)
  message(FATAL_ERROR "no plot ${DIR}/give_up_s-vs-retries2.svg")
endif()
message(STATUS "aggregate.csv: 8 rows as expected")
