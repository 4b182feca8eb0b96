#pragma once
// `summit repair --data DIR [--into NEW]`: salvages what is intact of a
// damaged data directory into a new one (storage/salvage.hpp) and prints
// what was kept and what was lost. DIR is left as it was.

#include <string>

namespace summit::nodes {

/// The exit code: 0 when the salvage was written, whatever it lost.
int repair(const std::string& data_dir, std::string into);

}  // namespace summit::nodes
