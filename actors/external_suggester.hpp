#pragma once
// The suggester of a study whose algorithm is `external` (suggester.hpp has
// its messages): the algorithm (algorithms/search/external.hpp) hands out
// what the study's algorithm process sent; when it has nothing, this actor
// asks the process, and says what the study waits for meanwhile.

#include <caf/all.hpp>

#include "model/spec/study_spec.hpp"

namespace summit::actors {

caf::actor spawn_external_suggester(caf::actor_system& sys, study_id study, const model::study_spec& spec,
                                    const caf::actor& coordinator);

}  // namespace summit::actors
