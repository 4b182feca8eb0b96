#pragma once
// The algorithm a study file names, built from its validated spec.

#include <memory>

#include "algorithms/search/algorithm.hpp"
#include "algorithms/study/spec.hpp"

namespace summit::algorithms {

/// Names make_algorithm() knows; parse_study() refuses any other.
const std::vector<std::string>& known_algorithms();

/// The parameters an algorithm adds to every trial beside the search
/// space's (PRODUCT.md §3): asha's rung, resource, load_from and save_to.
const std::vector<std::string>& own_parameters(const std::string& algorithm);

/// What the runtime tells an algorithm about where it runs.
struct algorithm_context {
  /// Where trials save models (asha, pbt); the coordinator gives each study
  /// its own directory under the data directory.
  std::string checkpoint_dir = "checkpoints";
};

/// spec passed parse_study(), so this cannot fail.
std::unique_ptr<algorithm> make_algorithm(const study_spec& spec, const algorithm_context& context = {});

}  // namespace summit::algorithms
