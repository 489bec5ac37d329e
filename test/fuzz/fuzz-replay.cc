/*
 * Copyright (c) 2026 tcp-teardown authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A main() for a libFuzzer target built without libFuzzer: runs the target once on each
// input file named on the command line (a folder: each file in it, in name order). The
// normal and sanitizer builds use it to replay the corpus kept in the repository, so that a
// target's properties are checked on every test run, not only when someone fuzzes.
//
//   <target>-replay <file or folder>...

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int
main(int argc, char** argv)
{
    namespace fs = std::filesystem;
    if (argc < 2)
    {
        std::fprintf(stderr, "usage: %s <file or folder>...\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i)
    {
        const fs::path path(argv[i]);
        std::error_code error;
        if (fs::is_directory(path, error))
        {
            for (const auto& entry : fs::directory_iterator(path))
            {
                if (entry.is_regular_file())
                {
                    inputs.push_back(entry.path());
                }
            }
        }
        else if (fs::is_regular_file(path, error))
        {
            inputs.push_back(path);
        }
        else
        {
            std::fprintf(stderr, "%s: '%s' is neither a file nor a folder\n", argv[0], argv[i]);
            return 2;
        }
    }
    if (inputs.empty())
    {
        std::fprintf(stderr, "%s: no input to replay\n", argv[0]);
        return 2;
    }
    std::sort(inputs.begin(), inputs.end());
    for (const auto& input : inputs)
    {
        std::ifstream file(input, std::ios::binary);
        const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                         std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    }
    std::printf("%s: %zu inputs replayed, every property held\n", argv[0], inputs.size());
    return 0;
}
