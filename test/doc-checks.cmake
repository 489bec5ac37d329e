# CTest checks of the documentation (standalone build): doc/ builds with Sphinx and every
# public name in model/ and helper/ has Doxygen, each with warnings as failures. Where the
# tool is missing the check says so and is reported as skipped, not passed.

function(tcp_teardown_doc_check name program package)
  find_program(TCP_TEARDOWN_${name}_PROGRAM ${program})
  if(TCP_TEARDOWN_${name}_PROGRAM)
    add_test(NAME doc-${name} COMMAND ${CMAKE_COMMAND} -E env ${ARGN})
  else()
    add_test(NAME doc-${name} COMMAND ${CMAKE_COMMAND} -E echo
                                      "SKIPPED: ${program} not found (Debian: ${package})")
    set_tests_properties(doc-${name} PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED")
  endif()
  set_tests_properties(doc-${name} PROPERTIES LABELS doc WORKING_DIRECTORY
                                                   ${CMAKE_CURRENT_SOURCE_DIR}
  )
endfunction()

find_program(TCP_TEARDOWN_sphinx_PROGRAM sphinx-build)
tcp_teardown_doc_check(
  sphinx sphinx-build python3-sphinx
  ${TCP_TEARDOWN_sphinx_PROGRAM} -W -q -b html -d ${CMAKE_CURRENT_BINARY_DIR}/doc-doctrees
  ${CMAKE_CURRENT_SOURCE_DIR}/doc ${CMAKE_CURRENT_BINARY_DIR}/doc-html
)
find_program(TCP_TEARDOWN_doxygen_PROGRAM doxygen)
tcp_teardown_doc_check(
  doxygen doxygen doxygen TCP_TEARDOWN_DOXYGEN_OUTPUT=${CMAKE_CURRENT_BINARY_DIR}/doxygen
  ${TCP_TEARDOWN_doxygen_PROGRAM} doc/doxygen.conf
)
