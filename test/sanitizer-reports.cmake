# Fails if AddressSanitizer or UndefinedBehaviorSanitizer wrote any report under REPORTS
# (see sanitizer-checks.cmake), and prints each one.
#
#   cmake -DREPORTS=<folder> -P sanitizer-reports.cmake

file(GLOB reports ${REPORTS}/*)
if(reports)
  list(LENGTH reports count)
  set(text "")
  foreach(report ${reports})
    file(READ ${report} content)
    string(APPEND text "== ${report}\n${content}\n")
  endforeach()
  message(FATAL_ERROR "${count} sanitizer report(s):\n${text}")
endif()
message(STATUS "no sanitizer report in ${REPORTS}")
