#pragma once
// The storage actor owns the log and writes with group commit: every batch
// that arrives while a synced write is under way joins the next one. Batches
// sent at high priority (a trial to hand out, an end a suggestion may wait
// for) are synced first, in a group of their own, when hundreds of records
// or more wait with them, so that they never wait for a group of thousands
// of observations. It runs detached (its fsync
// blocks a thread of its own, never CAF's scheduler).
//
//   (write_atom, storage::batch)  -> summit::status, once synced (or failed)
//   (stats_atom)                  -> storage::store::counters

#include <memory>

#include <caf/all.hpp>

#include "storage/store.hpp"

namespace summit::actors {

/// The store is shared with readers in other threads (study_reader.hpp).
caf::actor spawn_storage(caf::actor_system& sys, std::shared_ptr<storage::store> log);

}  // namespace summit::actors
