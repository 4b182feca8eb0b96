#pragma once
// Where the running binary and the files installed beside it are.

#include <string>

namespace summit::nodes {

/// The directory of the running `summit` executable.
std::string executable_dir();

/// The Python client package's parent directory (what PYTHONPATH needs):
/// installed beside the binary (../share/summit/python), else the source
/// tree's clients/python; empty when neither exists.
std::string python_client_dir();

}  // namespace summit::nodes
