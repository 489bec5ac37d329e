# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
#
# tcp-teardown for waf-based ns-3 (<= 3.35): place this folder at contrib/tcp-teardown, then
#   ./waf configure --enable-examples --enable-tests && ./waf build
#   ./test.py --suite=tcp-teardown-retransmission
# ns-3 >= 3.36 builds with CMake and reads CMakeLists.txt instead.
#
# Sources are found by folder, so this file never lists what CMakeLists.txt lists.


def build(bld):
    module = bld.create_ns3_module('tcp-teardown', ['internet', 'point-to-point', 'csma',
                                                    'applications'])
    module.source = [node.path_from(bld.path) for node in
                     bld.path.ant_glob(['model/*.cc', 'helper/*.cc'])]

    module_test = bld.create_ns3_module_test_library('tcp-teardown')
    module_test.source = [node.path_from(bld.path) for node in
                          bld.path.ant_glob(['test/*.cc'],
                                            excl=['test/tcp-teardown-test-runner.cc',
                                                  'test/tcp-teardown-random-schedules.cc',
                                                  'test/tcp-teardown-bad-inputs.cc'])]

    headers = bld(features='ns3header')
    headers.module = 'tcp-teardown'
    headers.source = [node.path_from(bld.path) for node in
                      bld.path.ant_glob(['model/*.h', 'helper/*.h'])]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
