#pragma once
// Replays a data directory's log into a registry.

#include "model/state/registry.hpp"
#include "storage/store.hpp"

namespace summit::storage {

status load(const store& log, model::registry& into);

/// Only one study, from a snapshot of the log: nothing when it is not there.
status load_study(const store& log, study_id study, model::registry& into);

}  // namespace summit::storage
