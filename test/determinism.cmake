# Run a program three times and compare what it wrote: twice with the same --RngRun, which
# must give byte-identical output (standard output and every file under OUTPUT), and once with
# another --RngRun, which must change something when VARIES is ON.
#
#   cmake -DCOMMAND="prog;arg;..." [-DOUTPUT=<folder the program writes>] [-DMASK=<regex>]
#         [-DVARIES=ON] -P determinism.cmake
#
# MASK removes text that is not simulation output from standard output before comparing (the
# report's wall-clock durations); files are compared whole.

# Runs the program with --RngRun=<run>; sets <var> to its standard output and the SHA-256 of
# each file it wrote, one "name hash" line per file, in name order.
function(run_once run var)
  if(OUTPUT)
    file(REMOVE_RECURSE ${OUTPUT})
    file(MAKE_DIRECTORY ${OUTPUT})
  endif()
  execute_process(
    COMMAND ${COMMAND} --RngRun=${run}
    RESULT_VARIABLE status
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
  )
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "--RngRun=${run}: exit status '${status}'. Output:\n${out}${err}")
  endif()
  if(MASK)
    string(REGEX REPLACE "${MASK}" "<masked>" out "${out}")
  endif()
  set(digest "${out}")
  if(OUTPUT)
    file(GLOB_RECURSE files RELATIVE ${OUTPUT} ${OUTPUT}/*)
    list(SORT files)
    if(NOT files)
      message(FATAL_ERROR "--RngRun=${run}: nothing written under ${OUTPUT}")
    endif()
    foreach(name ${files})
      file(SHA256 ${OUTPUT}/${name} hash)
      string(APPEND digest "\n== file ${name} ${hash}")
    endforeach()
  endif()
  set(${var} "${digest}" PARENT_SCOPE)
endfunction()

# The first line where two digests differ.
function(first_difference a b var)
  string(REPLACE "\n" ";" a_lines "${a}")
  string(REPLACE "\n" ";" b_lines "${b}")
  list(LENGTH a_lines na)
  list(LENGTH b_lines nb)
  if(na GREATER nb)
    set(na ${nb})
  endif()
  if(na EQUAL 0)
    set(${var} "(one is empty)" PARENT_SCOPE)
    return()
  endif()
  math(EXPR last "${na} - 1")
  foreach(i RANGE ${last})
    list(GET a_lines ${i} la)
    list(GET b_lines ${i} lb)
    if(NOT la STREQUAL lb)
      set(${var} "first: '${la}'\nsecond: '${lb}'" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${var} "(lengths differ)" PARENT_SCOPE)
endfunction()

run_once(1 first)
run_once(1 second)
if(NOT first STREQUAL second)
  first_difference("${first}" "${second}" where)
  message(FATAL_ERROR "two runs with --RngRun=1 differ:\n${where}")
endif()
string(REGEX MATCHALL "\n== file " files "${first}")
list(LENGTH files count)
message(STATUS "--RngRun=1 twice: identical output and ${count} identical files")
if(VARIES)
  run_once(2 other)
  if(first STREQUAL other)
    message(FATAL_ERROR "--RngRun=1 and --RngRun=2 give the same output: nothing random varied")
  endif()
  message(STATUS "--RngRun=2: different, as it should be")
endif()
