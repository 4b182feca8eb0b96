#pragma once
// Replays a data directory's log into a registry.

#include "algorithms/study/registry.hpp"
#include "storage/store.hpp"

namespace summit::storage {

status load(const store& log, algorithms::registry& into);

}  // namespace summit::storage
