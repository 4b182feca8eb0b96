#pragma once
// One per study: owns the study's algorithm and answers suggestion requests
// from a snapshot of the history, so a slow suggestion (a model fit) delays
// only its own study's next trial, never an acknowledgement.
//
//   (suggest_atom, algorithms::history, std::size_t n) -> std::vector<algorithms::suggestion>
//       up to n suggestions, each seeing the ones before it as running
//       trials; the last is a wait or done when the algorithm says so
//
// Work the algorithm hands out as background jobs (a GP's hyperparameter
// fit) runs on a thread of its own per job; the result comes back as
//
//   (fitted_atom, job_result)   given to the algorithm between suggestions
//
// A study whose algorithm is `external` gets its suggestions from a process
// that serves them (external_suggester.cpp); its suggester also takes
//
//   (serve_atom, caf::actor process, std::string name) -> summit::status
//       the process (a proxy that takes (suggest_atom, protocol::suggest))
//       serves the study from now on, or the refusal (algorithm_busy: another does)
//   (suggest_atom, protocol::suggestions, caf::actor process) -> summit::status
//       its answer, or the refusal (a point outside the space: the process
//       serves no more)
//
// and sends the coordinator (wake_atom, study_id) when suggestions came,
// and (waiting_atom, study_id, std::string) when what the study waits for
// changed (empty: nothing).

#include <caf/all.hpp>

#include "algorithms/search/algorithm.hpp"
#include "model/spec/study_spec.hpp"

namespace summit::actors {

/// checkpoint_dir: where the study's trials save models (asha, pbt).
caf::actor spawn_suggester(caf::actor_system& sys, study_id study, const model::study_spec& spec,
                           const std::string& checkpoint_dir, const caf::actor& coordinator);

/// Up to n suggestions of the algorithm, each added to h as a running trial.
std::vector<algorithms::suggestion> suggest_up_to(algorithms::algorithm& a, algorithms::history& h, std::size_t n);

}  // namespace summit::actors
