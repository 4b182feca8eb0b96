#include "storage/store.hpp"

#include <filesystem>
#include <mutex>
#include <shared_mutex>

#include <rocksdb/db.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/write_batch.h>

#include "storage/coding.hpp"
#include "storage/keys.hpp"
#include "storage/rocksdb_logger.hpp"

namespace summit::storage {

struct store::impl {
  std::unique_ptr<rocksdb::DB> db;
  /// A write failed: the WAL writer holds the error, and RocksDB 7.8 asserts
  /// on the next append (fixed upstream in 9.1, facebook/rocksdb#12448).
  bool reopen_before_writing = false;
  /// Readers in other threads hold it shared; a reopen replaces db.
  mutable std::shared_mutex reopening;
  /// Counts reopens: a snapshot of an earlier db is not read nor released.
  std::uint64_t generation = 0;
};

class store::snapshot {
 public:
  snapshot(const store::impl& owner, const rocksdb::Snapshot* at)
      : owner_(owner), at_(at), generation_(owner.generation) {}
  ~snapshot() {
    std::shared_lock<std::shared_mutex> reading(owner_.reopening);
    if (current()) owner_.db->ReleaseSnapshot(at_);
  }
  snapshot(const snapshot&) = delete;
  snapshot& operator=(const snapshot&) = delete;

  /// Whether it is of the open db (its caller holds `reopening`).
  bool current() const { return owner_.db && owner_.generation == generation_; }
  const rocksdb::Snapshot* get() const { return at_; }

 private:
  const store::impl& owner_;
  const rocksdb::Snapshot* at_;
  std::uint64_t generation_;
};

namespace {

summit::error from(const rocksdb::Status& s, const std::string& dir) {
  if (s.IsCorruption())  // a table file damaged on disk, found when read
    return make_error(dir + ": the log is damaged (" + s.ToString() + "); `summit repair --data " + dir +
                      "` salvages what is intact into a new directory");
  return make_error(dir + ": " + s.ToString());
}

// A new database gets the current layout; an existing one must have a layout
// this build understands.
status check_layout(rocksdb::DB& db, store::mode m, const std::string& dir) {
  std::string stored;
  auto s = db.Get(rocksdb::ReadOptions(), layout_key(), &stored);
  if (s.IsNotFound()) {
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions()));
    it->SeekToFirst();
    if (it->Valid()) return make_error(dir + ": not a Summit data directory (no layout version)");
    if (m == store::mode::read_only) return std::nullopt;
    std::string v;
    put_fixed32_be(v, layout_version);
    rocksdb::WriteOptions w;
    w.sync = true;
    s = db.Put(w, layout_key(), v);
    if (!s.ok()) return from(s, dir);
    return std::nullopt;
  }
  if (!s.ok()) return from(s, dir);
  reader in(stored);
  auto version = in.fixed32_be();
  if (!version) return make_error(dir + ": corrupt layout version");
  if (*version > layout_version)
    return make_error(dir + ": written by a newer Summit (key layout v" + std::to_string(*version) +
                      "; this build reads up to v" + std::to_string(layout_version) + ")");
  return std::nullopt;
}

rocksdb::Status open_db(const std::string& db_dir, store::mode m, rocksdb::DB** db,
                        std::shared_ptr<rocksdb_logger> logger = std::make_shared<rocksdb_logger>()) {
  rocksdb::Options options;
  options.info_log = std::move(logger);
  options.create_if_missing = m == store::mode::read_write;
  options.keep_log_file_num = 4;
  // RocksDB's default (point-in-time recovery) stops replaying the WAL at its
  // first damaged record and opens without a word: the records after it, a
  // study's end or a trial's completion, are silently gone. Only a torn last
  // record, what a crash in the middle of a write leaves, is not damage.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  // An insert into the memtable starts where the last one with the same
  // first 9 key bytes (kind and trial, or kind and study: keys.hpp) went:
  // a trial's observations come in order, so each lands next to the one
  // before instead of being searched for from the top of the skip list
  // among every trial's. Measured under bench/scale's load, the search was
  // half of the storage thread's time; acknowledged observations a second
  // rose by a fifth. Reads are not affected.
  options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(9));
  return m == store::mode::read_only ? rocksdb::DB::OpenForReadOnly(options, db_dir, db)
                                     : rocksdb::DB::Open(options, db_dir, db);
}

/// Names what is damaged, as far as RocksDB said, and the way out.
summit::error damaged(const std::string& dir, const rocksdb::Status& s, const rocksdb_logger& logger) {
  std::string where;
  for (const auto& line : logger.damage()) where += (where.empty() ? "" : "; ") + line;
  if (where.empty()) where = s.ToString();
  return make_error(dir + ": the log is damaged, nothing was read (" + where +
                    "); `summit repair --data " + dir + "` salvages what is intact into a new directory");
}

std::string log_dir(const std::string& dir) { return (std::filesystem::path(dir) / "log").string(); }

}  // namespace

store::store(std::string dir, std::unique_ptr<impl> db) : dir_(std::move(dir)), impl_(std::move(db)) {}

store::~store() = default;

expected<std::unique_ptr<store>> store::open(const std::string& dir, mode m) {
  namespace fs = std::filesystem;
  const std::string db_dir = log_dir(dir);
  std::error_code ec;
  if (m == mode::read_only && !fs::exists(fs::path(db_dir) / "CURRENT", ec))
    return make_error(dir + ": no Summit data here");
  if (m == mode::read_write) {
    fs::create_directories(db_dir, ec);
    if (ec) return make_error(dir + ": cannot create the data directory: " + ec.message());
  }
  rocksdb::DB* raw = nullptr;
  auto logger = std::make_shared<rocksdb_logger>();
  const auto s = open_db(db_dir, m, &raw, logger);
  if (!s.ok()) {
    if (s.IsCorruption()) return damaged(dir, s, *logger);
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos)
      return make_error(dir + ": in use by another Summit process (" + s.ToString() + ")");
    return from(s, dir);
  }
  auto db = std::make_unique<impl>();
  db->db.reset(raw);
  if (auto failed = check_layout(*db->db, m, dir)) return *failed;
  return std::unique_ptr<store>(new store(dir, std::move(db)));
}

status store::reopen() {
  std::unique_lock<std::shared_mutex> no_readers(impl_->reopening);
  impl_->db.reset();  // closes it, and releases the lock for the new handle
  ++impl_->generation;
  rocksdb::DB* raw = nullptr;
  const auto s = open_db(log_dir(dir_), mode::read_write, &raw);
  if (!s.ok()) return make_error(dir_ + ": cannot write the log: " + s.ToString());
  impl_->db.reset(raw);
  impl_->reopen_before_writing = false;
  return std::nullopt;
}

status store::commit(const std::vector<const batch*>& batches) {
  if (impl_->reopen_before_writing)
    if (auto failed = reopen()) return failed;
  rocksdb::WriteBatch wb;
  std::uint64_t n = 0;
  for (const batch* b : batches)
    for (const record& r : *b) {
      auto [key, value] = encode(r);
      wb.Put(key, value);
      ++n;
    }
  rocksdb::WriteOptions w;
  w.sync = true;
  const auto s = impl_->db->Write(w, &wb);
  if (!s.ok()) {
    impl_->reopen_before_writing = true;
    return make_error(dir_ + ": cannot write the log: " + s.ToString());
  }
  ++counters_.commits;
  counters_.records += n;
  return std::nullopt;
}

namespace {

/// Hands one record to the visitor, or says why it does not decode.
status visit(std::string_view key, std::string_view value, const store::visitor& v) {
  auto r = decode(key, value);
  if (!r) return r.error();
  std::visit(
      [&v](auto&& decoded) {
        using T = std::decay_t<decltype(decoded)>;
        if constexpr (std::is_same_v<T, model::study_record>) {
          if (v.study) v.study(std::move(decoded));
        } else if constexpr (std::is_same_v<T, model::trial_record>) {
          if (v.trial) v.trial(std::move(decoded));
        } else if (v.observation) {
          v.observation(std::move(decoded));
        }
      },
      std::move(*r));
  return std::nullopt;
}

std::string_view view(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

}  // namespace

status store::replay(const visitor& v) const {
  std::shared_lock<std::shared_mutex> reading(impl_->reopening);
  if (!impl_->db) return make_error(dir_ + ": the log is closed after a failed write");
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(kind_prefix(key_kind::study)); it->Valid(); it->Next()) {
    const auto key = view(it->key());
    if (auto failed = visit(key, view(it->value()), v)) return make_error(dir_ + ": " + describe_key(key) + ": " + failed->message);
  }
  if (!it->status().ok()) return from(it->status(), dir_);
  return std::nullopt;
}

std::shared_ptr<const store::snapshot> store::pin() const {
  std::shared_lock<std::shared_mutex> reading(impl_->reopening);
  if (!impl_->db) return nullptr;
  return std::make_shared<const snapshot>(*impl_, impl_->db->GetSnapshot());
}

status store::replay_study(study_id study, const visitor& v) const {
  const auto at = pin();
  if (!at) return make_error(dir_ + ": the log is closed after a failed write");
  return replay_study(*at, study, 0, v);
}

status store::replay_study(const snapshot& at, study_id study, trial_id after, const visitor& v,
                           const std::function<bool()>& next_trial) const {
  std::shared_lock<std::shared_mutex> reading(impl_->reopening);
  if (!at.current()) return make_error(dir_ + ": the log was reopened after a failed write since this read began");
  rocksdb::DB& db = *impl_->db;
  rocksdb::ReadOptions options;
  options.snapshot = at.get();
  const auto failure = [this](std::string_view key, const summit::error& e) {
    return make_error(dir_ + ": " + describe_key(key) + ": " + e.message);
  };
  std::string stored;
  const auto found = db.Get(options, study_key(study), &stored);
  if (found.IsNotFound()) return std::nullopt;
  if (!found.ok()) return from(found, dir_);
  if (auto failed = visit(study_key(study), stored, v)) return failure(study_key(study), *failed);

  // Two iterators, as trial and observation keys are apart.
  const std::string trials = trials_prefix(study);
  std::unique_ptr<rocksdb::Iterator> trial_it(db.NewIterator(options));
  std::unique_ptr<rocksdb::Iterator> observation_it(db.NewIterator(options));
  visitor noting_trial = v;
  trial_id current = 0;
  noting_trial.trial = [&](model::trial_record t) {
    current = t.id;
    if (v.trial) v.trial(std::move(t));
  };
  bool first = true;
  for (trial_it->Seek(trial_key(study, after + 1)); trial_it->Valid() && trial_it->key().starts_with(trials);
       trial_it->Next()) {
    if (!first && next_trial && !next_trial()) return std::nullopt;
    first = false;
    const auto key = view(trial_it->key());
    if (auto failed = visit(key, view(trial_it->value()), noting_trial)) return failure(key, *failed);
    const std::string observations = observations_prefix(current);
    for (observation_it->Seek(observations);
         observation_it->Valid() && observation_it->key().starts_with(observations); observation_it->Next())
      if (auto failed = visit(view(observation_it->key()), view(observation_it->value()), v))
        return failure(view(observation_it->key()), *failed);
    if (!observation_it->status().ok()) return from(observation_it->status(), dir_);
  }
  if (!trial_it->status().ok()) return from(trial_it->status(), dir_);
  return std::nullopt;
}

}  // namespace summit::storage
