#pragma once
// One per study: owns the study's algorithm and answers suggestion requests
// from a snapshot of the history, so a slow suggestion (a model fit) delays
// only its own study's next trial, never an acknowledgement.
//
//   (suggest_atom, algorithms::history) -> algorithms::suggestion

#include <caf/all.hpp>

#include "algorithms/study/spec.hpp"

namespace summit::actors {

caf::actor spawn_suggester(caf::actor_system& sys, const algorithms::study_spec& spec);

}  // namespace summit::actors
