#pragma once
// What an algorithm sees of a study (search/algorithm.hpp's history), made
// from the study's state.

#include "algorithms/search/algorithm.hpp"
#include "model/state/study.hpp"

namespace summit::algorithms {

/// Every trial in creation order, each with its value under the study's aggregate.
history make_history(const model::study& s);

}  // namespace summit::algorithms
