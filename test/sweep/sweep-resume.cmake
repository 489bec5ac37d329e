# sweep-resume: run the tiny sweep; then delete job 2's folder and leave a .partial folder in
# its place, as a run interrupted while job 2 ran would; run again: exactly one job runs (the
# tool says 1 pending), the other jobs are left as they are, and aggregate.csv is
# byte-identical to the first run's. A third run has nothing to do.
#
#   cmake -DTOOL=<tcp-teardown-sweep> -DSWEEP=<tiny.sweep> -DDIR=<folder> -P sweep-resume.cmake

function(run name var)
  execute_process(
    COMMAND ${TOOL} run ${SWEEP} ${DIR} --jobs=2
    RESULT_VARIABLE status
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
  )
  message(STATUS "${name} run:\n${out}${err}")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${name} run: exit status '${status}'")
  endif()
  set(${var} "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${DIR})
run(first out)
file(READ ${DIR}/aggregate.csv first)

file(REMOVE_RECURSE ${DIR}/jobs/0002)
file(MAKE_DIRECTORY ${DIR}/jobs/0002.partial/out)
file(WRITE ${DIR}/jobs/0002.partial/out/result.txt "half-written\n")
file(WRITE ${DIR}/jobs/0000/out/marker "a complete job is not run again\n")

run(second out)
if(NOT out MATCHES "4 jobs \\(2 points x 2 runs\\): 3 done, 1 pending \\(1 left partial")
  message(FATAL_ERROR "the second run does not say 3 done, 1 pending (1 left partial)")
endif()
string(REGEX MATCHALL "job [0-9]+ done" ran "${out}")
if(NOT ran STREQUAL "job 2 done")
  message(FATAL_ERROR "the second run ran '${ran}', not exactly job 2")
endif()
if(NOT EXISTS ${DIR}/jobs/0000/out/marker)
  message(FATAL_ERROR "job 0 was run again")
endif()
if(EXISTS ${DIR}/jobs/0002.partial OR NOT EXISTS ${DIR}/jobs/0002/metrics.csv)
  message(FATAL_ERROR "job 2 is not complete, or its .partial folder is left")
endif()
file(READ ${DIR}/aggregate.csv second)
if(NOT first STREQUAL second)
  message(FATAL_ERROR "aggregate.csv differs after the resume:\n${first}\nagainst\n${second}")
endif()

run(third out)
if(NOT out MATCHES "4 done, 0 pending" OR out MATCHES "job [0-9]+ done")
  message(FATAL_ERROR "the third run should have nothing to do")
endif()
file(READ ${DIR}/aggregate.csv third)
if(NOT first STREQUAL third)
  message(FATAL_ERROR "aggregate.csv differs after a run with nothing to do")
endif()
message(STATUS "resume: exactly job 2 ran again; aggregate.csv byte-identical")
