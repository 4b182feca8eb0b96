#pragma once
// The algorithm a study file names, built from its validated spec.

#include <memory>

#include "algorithms/search/algorithm.hpp"
#include "algorithms/study/spec.hpp"

namespace summit::algorithms {

/// Names make_algorithm() knows; parse_study() refuses any other.
const std::vector<std::string>& known_algorithms();

/// spec passed parse_study(), so this cannot fail.
std::unique_ptr<algorithm> make_algorithm(const study_spec& spec);

}  // namespace summit::algorithms
