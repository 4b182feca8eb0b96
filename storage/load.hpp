#pragma once
// Replays a data directory's log into a registry.

#include "model/state/registry.hpp"
#include "storage/store.hpp"

namespace summit::storage {

status load(const store& log, model::registry& into);

}  // namespace summit::storage
