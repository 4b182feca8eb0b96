#pragma once
// The study file's per-algorithm options (asha, pbt, local_search) and the
// repeat section, read into an algorithm_spec. Internal to the study-file
// parser; failures are thrown as yaml_reader::failure like the rest of it.

#include "algorithms/space/search_space.hpp"
#include "algorithms/study/spec.hpp"
#include "algorithms/study/yaml_reader.hpp"

namespace summit::algorithms::detail {

/// Reads the options of a.name (already known) from the algorithm section n.
void parse_algorithm_options(const yaml_reader& r, const YAML::Node& n, algorithm_spec& a,
                             const search_space& space);

/// A full parameter map, valid in space (enqueue, iterate points, seeds).
params parse_point(const yaml_reader& r, const YAML::Node& n, const std::string& at, const search_space& space);

}  // namespace summit::algorithms::detail
