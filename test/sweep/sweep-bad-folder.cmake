# sweep-bad-folder: expanding a different sweep into a folder that holds one is refused (and
# the folder is left as it was); 'local' without GNU parallel and 'slurm' without sbatch say
# so and run nothing.
#
#   cmake -DTOOL=<tcp-teardown-sweep> -DSWEEP=<tiny.sweep> -DDIR=<folder> -P sweep-bad-folder.cmake

function(expect_failure regex)
  execute_process(
    COMMAND ${ARGN}
    RESULT_VARIABLE status
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
  )
  if(NOT status EQUAL 1 OR NOT "${out}${err}" MATCHES "${regex}")
    message(FATAL_ERROR "'${ARGN}': status '${status}' (expected 1), output:\n${out}${err}\n"
                        "expected to match '${regex}'"
    )
  endif()
  message(STATUS "refused as expected: ${err}")
endfunction()

file(REMOVE_RECURSE ${DIR})
execute_process(COMMAND ${TOOL} expand ${SWEEP} ${DIR} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "expand: exit status '${status}'")
endif()
file(READ ${DIR}/sweep.sweep before)
file(READ ${SWEEP} text)
string(REPLACE "runs       1..2" "runs       1..3" other "${text}")
file(WRITE ${DIR}-other.sweep "${other}")
expect_failure("already holds another sweep \\(.*sweep.sweep differs from .*-other.sweep\\)"
               ${TOOL} expand ${DIR}-other.sweep ${DIR}
)
file(READ ${DIR}/sweep.sweep after)
if(NOT before STREQUAL after)
  message(FATAL_ERROR "the refused expand changed ${DIR}/sweep.sweep")
endif()
expect_failure("GNU parallel is not on PATH" ${CMAKE_COMMAND} -E env PATH=/nonexistent ${TOOL}
               local ${DIR}
)
expect_failure("sbatch is not on PATH" ${CMAKE_COMMAND} -E env PATH=/nonexistent ${TOOL} slurm
               ${DIR}
)
file(GLOB jobs ${DIR}/jobs/*)
if(jobs)
  message(FATAL_ERROR "jobs ran: ${jobs}")
endif()
