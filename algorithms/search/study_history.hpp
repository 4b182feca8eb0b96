#pragma once
// What an algorithm sees of a study (search/algorithm.hpp's history), made
// from the study's state. A suggester keeps a copy (history_mirror) that the
// coordinator updates with what changed since its last request: making the
// whole history for each suggestion cost time in the number of trials, and
// most of the coordinator's time by a few thousand.

#include <unordered_map>

#include "algorithms/search/algorithm.hpp"
#include "model/state/study.hpp"

namespace summit::algorithms {

/// Every trial in creation order, each with its value under the study's aggregate.
history make_history(const model::study& s);

/// The same, of the trials that changed after `since` (a study::version()) only.
history changes_since(const model::study& s, std::uint64_t since);

/// A copy of a study's history kept up to date by changes_since's answers.
class history_mirror {
 public:
  /// The history after `changes`: each of its trials replaces the one with
  /// its id, or is added at the end. The caller may add trials for one
  /// suggestion (placeholders of id 0) and must take them off after.
  history& apply(history changes);

 private:
  history h_;
  std::unordered_map<trial_id, std::size_t> index_;
};

}  // namespace summit::algorithms
