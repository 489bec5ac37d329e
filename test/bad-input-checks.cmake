# CTest check of the bad-input catalogue (standalone build): bad-input-catalogue runs
# tcp-teardown-bad-inputs, which gives every attribute of the module's types (found in ns-3's
# TypeId registry) and every option of the example programs (found in their --PrintHelp)
# invalid values and impossible combinations, each in its own child process, and fails unless
# every one is refused with exit status 1 and a message naming the value and the rule. A
# failing case prints the command that reproduces it. By hand:
#   build/tcp-teardown-bad-inputs --examples=build/examples --verbose
#
# The hand-picked bad-input-* checks of test/example-checks.cmake pin exact wording; this one
# covers everything. Both carry the label bad-input.

add_executable(tcp-teardown-bad-inputs test/tcp-teardown-bad-inputs.cc)
target_compile_options(tcp-teardown-bad-inputs PRIVATE ${tcp_teardown_warnings})
target_link_libraries(tcp-teardown-bad-inputs PRIVATE ${libtcp-teardown})
if(TCP_TEARDOWN_EXAMPLES)
  set(tcp_teardown_bad_input_examples ${CMAKE_BINARY_DIR}/examples)
else()
  set(tcp_teardown_bad_input_examples none) # attributes and combinations only
endif()
add_test(NAME bad-input-catalogue COMMAND tcp-teardown-bad-inputs
                                          --examples=${tcp_teardown_bad_input_examples} --jobs=2
)
set_tests_properties(bad-input-catalogue PROPERTIES LABELS bad-input TIMEOUT 300)
