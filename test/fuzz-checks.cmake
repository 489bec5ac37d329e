# Fuzz targets of test/fuzz/ (standalone build).
#
# Each target <name>-fuzzer.cc defines LLVMFuzzerTestOneInput and checks properties of one
# part of the module (see the file's header). Two builds of each:
#  - <name>-replay, always: the target with test/fuzz/fuzz-replay.cc as main(), and a CTest
#    check fuzz-corpus-<name> that replays the corpus kept in test/fuzz/corpus/<name>/ (under
#    the sanitizers too, in the sanitizer build);
#  - <name>-fuzzer, with -DTCP_TEARDOWN_FUZZ=ON and clang: the libFuzzer program. The one
#    command that builds and runs them: test/fuzz/fuzz.sh.

set(tcp_teardown_fuzz_targets tcp-segment-impairment tcp-stream-integrity)
foreach(target ${tcp_teardown_fuzz_targets})
  if(TCP_TEARDOWN_FUZZ)
    add_executable(${target}-fuzzer test/fuzz/${target}-fuzzer.cc)
    target_link_options(${target}-fuzzer PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${target}-fuzzer PRIVATE ${libtcp-teardown})
  endif()
  if(TCP_TEARDOWN_TESTS)
    add_executable(${target}-replay test/fuzz/${target}-fuzzer.cc test/fuzz/fuzz-replay.cc)
    target_compile_options(${target}-replay PRIVATE ${tcp_teardown_warnings})
    target_link_libraries(${target}-replay PRIVATE ${libtcp-teardown})
    add_test(NAME fuzz-corpus-${target}
             COMMAND ${target}-replay ${CMAKE_CURRENT_SOURCE_DIR}/test/fuzz/corpus/${target}
    )
    set_tests_properties(fuzz-corpus-${target} PROPERTIES LABELS fuzz)
  endif()
endforeach()
