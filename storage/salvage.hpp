#pragma once
// `summit repair`: copies what is intact of a damaged data directory into a
// new one, and says what was lost. The damaged directory is never written.
//
// RocksDB's own repair (RepairDB) runs on a scratch copy of the log: it
// rebuilds the manifest from the table files it can read, turns every
// write-ahead log into tables while skipping damaged records (a damaged
// record loses the rest of its 32 KiB block; the blocks after it are read
// again), and sets aside table files it cannot read. Every record of the
// result is then decoded and written to the new directory through the
// store, as a fresh log: a record that does not decode, a trial whose study
// record was lost and an observation whose trial record was lost are counted
// and left out. Where a newer version of a study's or trial's record was lost
// the older one survives (a study RUNNING again, a trial without its end),
// which the coordinator treats as after a crash.

#include <cstdint>
#include <string>
#include <vector>

#include "model/core/expected.hpp"
#include "model/core/types.hpp"

namespace summit::storage {

struct salvage_report {
  std::uint64_t studies = 0;       ///< records copied into the new directory
  std::uint64_t trials = 0;
  std::uint64_t observations = 0;
  std::uint64_t orphans = 0;       ///< trials and observations whose study or trial record was lost
  /// Trial ids below the highest one left that have no record at all: trials
  /// lost whole (ids are handed out in order, each stored when created).
  std::vector<trial_id> missing_trials;
  std::vector<std::string> undecodable;  ///< the keys of records that did not decode
  std::vector<std::string> damage;       ///< what RocksDB dropped, in its words, by file
  bool lost_anything() const {
    return orphans > 0 || !undecodable.empty() || !damage.empty() || !missing_trials.empty();
  }
};

/// Refuses a `damaged` directory without Summit data, and an `into` that
/// already exists.
expected<salvage_report> salvage(const std::string& damaged, const std::string& into);

}  // namespace summit::storage
