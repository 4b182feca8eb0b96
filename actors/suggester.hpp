#pragma once
// One per study: owns the study's algorithm and answers suggestion requests
// from a snapshot of the history, so a slow suggestion (a model fit) delays
// only its own study's next trial, never an acknowledgement.
//
//   (suggest_atom, algorithms::history, std::size_t n) -> std::vector<algorithms::suggestion>
//       up to n suggestions, each seeing the ones before it as running
//       trials; the last is a wait or done when the algorithm says so

#include <caf/all.hpp>

#include "model/spec/study_spec.hpp"

namespace summit::actors {

/// checkpoint_dir: where the study's trials save models (asha, pbt).
caf::actor spawn_suggester(caf::actor_system& sys, const model::study_spec& spec,
                           const std::string& checkpoint_dir);

}  // namespace summit::actors
