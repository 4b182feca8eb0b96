#pragma once
// The durable log of one data directory: a RocksDB database with the key
// layout of keys.hpp. Every state change is a record; the in-memory state is
// rebuilt by replay() through the same code that applies live changes.
//
// Thread safety: one writer at a time (the storage actor); replay() and
// replay_study() may run beside it in other threads (each reads a snapshot),
// and the read-only mode in another process. RocksDB types never leave this
// file's implementation.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage/records.hpp"

namespace summit::storage {

class store {
 public:
  enum class mode : std::uint8_t {
    read_write,  ///< creates the directory and database when missing
    read_only,   ///< never writes; refuses a directory without a database
  };

  /// Refuses a directory from a newer key layout, one that is not a Summit
  /// database, or one another process holds open for writing.
  static expected<std::unique_ptr<store>> open(const std::string& dir, mode m);
  ~store();
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  /// Writes every record of every batch in one WriteBatch and syncs the WAL
  /// before returning: group commit. On error (a full or failing disk) the
  /// batch is not acknowledged; it may still be in the log after a restart,
  /// which is harmless because every record is keyed and written again the
  /// same. The next commit first reopens the database, as RocksDB must not
  /// write to a WAL after a failed write, so the store recovers by itself
  /// once the disk has room again.
  status commit(const std::vector<const batch*>& batches);
  status commit(const batch& b) { return commit(std::vector<const batch*>{&b}); }

  struct visitor {
    std::function<void(model::study_record)> study;
    std::function<void(model::trial_record)> trial;
    std::function<void(observation_record)> observation;
  };
  /// Calls the visitor for every record in key order: all studies, then all
  /// trials, then all observations. A record that does not decode stops the
  /// replay with an error naming its key.
  status replay(const visitor& v) const;
  /// The same for one study's records, read from one snapshot of the log in
  /// time proportional to the study's own records. Calls nothing when the
  /// study is not in the log.
  status replay_study(study_id study, const visitor& v) const;

  /// A consistent view of the log as of now, kept until the last copy of
  /// the pointer goes (reads beside the writer see none of its later
  /// commits). A reopen after a failed write ends every snapshot: reading
  /// one then is an error.
  class snapshot;
  std::shared_ptr<const snapshot> pin() const;
  /// From a snapshot: the study's record, then each of its trials after
  /// `after`, in id order, each followed by its observations. Before a trial
  /// that is not the first read, `next_trial` (when given) may end the
  /// reading there by returning false. Calls nothing when the study is not in
  /// the snapshot.
  status replay_study(const snapshot& at, study_id study, trial_id after, const visitor& v,
                      const std::function<bool()>& next_trial = {}) const;

  struct counters {
    std::uint64_t commits = 0;  ///< synced writes
    std::uint64_t records = 0;  ///< records written by them
  };
  counters stats() const { return counters_; }

  const std::string& directory() const { return dir_; }

 private:
  struct impl;
  store(std::string dir, std::unique_ptr<impl> db);
  status reopen();

  std::string dir_;
  std::unique_ptr<impl> impl_;
  counters counters_;
};

}  // namespace summit::storage
