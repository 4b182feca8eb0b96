#pragma once
// The algorithm a study file names, built from its validated spec: one
// overload per entry of the table of algorithms (model/spec/algorithm_options.hpp),
// then the study's `enqueue:` and `repeat:` around it.

#include <memory>
#include <optional>
#include <string>

#include "algorithms/search/algorithm.hpp"
#include "algorithms/search/external.hpp"
#include "model/spec/study_spec.hpp"

namespace summit::algorithms {

/// What the runtime tells an algorithm about where it runs.
struct algorithm_context {
  explicit algorithm_context(std::string dir = "checkpoints", std::shared_ptr<external_feed> external = {})
      : checkpoint_dir(std::move(dir)), feed(std::move(external)) {}

  /// Where trials save models (asha, pbt); the coordinator gives each study
  /// its own directory under the data directory.
  std::string checkpoint_dir;
  /// Where `external` finds the suggestions its process sent (external.hpp);
  /// without one it waits for ever.
  std::shared_ptr<external_feed> feed;
};

/// spec passed parse_study(), so this cannot fail.
std::unique_ptr<algorithm> make_algorithm(const model::study_spec& spec,
                                          const algorithm_context& context = algorithm_context());

/// How many trials the study's algorithm will propose in all, when it knows
/// (progress display); empty for open-ended searches.
std::optional<std::size_t> planned_trials(const model::study_spec& spec);

}  // namespace summit::algorithms
