#pragma once
// One per study: feeds every stored observation to the study's stopping rule
// and, when the rule says so, asks the coordinator to stop the trial. It
// decides after the acknowledgement, so the ack path never waits on it; the
// trial's next ack carries stop = true and its process is killed.
//
//   (observe_atom, trial_id, iteration, objective, bool live)
//       live = false while the log is replayed: the rule learns, stops no one
//   (ended_atom, trial_id, bool completed)
// and sends (stop_atom, trial_id, reason) to the coordinator.

#include <caf/all.hpp>

#include "model/spec/study_spec.hpp"

namespace summit::actors {

caf::actor spawn_stopping_actor(caf::actor_system& sys, const model::study_spec& spec,
                                const caf::actor& coordinator);

}  // namespace summit::actors
