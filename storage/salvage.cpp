#include "storage/salvage.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>
#include <unordered_set>

#include <rocksdb/db.h>

#include "storage/keys.hpp"
#include "storage/rocksdb_logger.hpp"
#include "storage/store.hpp"

namespace summit::storage {

namespace fs = std::filesystem;

namespace {

/// RepairDB names a write-ahead log by number ("Log #12: dropping ..."); the
/// report names the damaged directory's file.
std::string in_damaged_terms(std::string line, const std::string& scratch, const fs::path& damaged_log) {
  static const std::regex log_number("Log #([0-9]+)");
  std::smatch m;
  if (std::regex_search(line, m, log_number)) {
    char file[32];
    std::snprintf(file, sizeof file, "%06llu.log", std::stoull(m[1].str()));
    line = m.prefix().str() + (damaged_log / file).string() + m.suffix().str();
  }
  for (auto at = line.find(scratch); at != std::string::npos; at = line.find(scratch))
    line.replace(at, scratch.size(), damaged_log.string());
  return line;
}

/// Copies the decoded records of `from` into `to`, leaving out what cannot
/// be replayed.
status copy_records(rocksdb::DB& from, store& to, salvage_report& report) {
  std::unordered_set<study_id> studies;
  std::unordered_set<trial_id> trials;
  std::unordered_set<trial_id> seen_trials;  // orphans too
  batch pending;
  const auto flush = [&]() -> status {
    if (pending.empty()) return std::nullopt;
    auto failed = to.commit(pending);
    pending.clear();
    return failed;
  };
  std::unique_ptr<rocksdb::Iterator> it(from.NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(kind_prefix(key_kind::study)); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    auto r = decode(key, std::string_view(it->value().data(), it->value().size()));
    if (!r) {
      report.undecodable.push_back(describe_key(key) + ": " + r.error().message);
      continue;
    }
    if (auto* s = std::get_if<model::study_record>(&*r)) {
      studies.insert(s->id);
      ++report.studies;
    } else if (auto* t = std::get_if<model::trial_record>(&*r)) {
      seen_trials.insert(t->id);
      if (!studies.count(t->study)) {
        ++report.orphans;
        continue;
      }
      trials.insert(t->id);
      ++report.trials;
    } else if (!trials.count(std::get<observation_record>(*r).trial)) {
      ++report.orphans;
      continue;
    } else {
      ++report.observations;
    }
    pending.push_back(std::move(*r));
    if (pending.size() == 4096)
      if (auto failed = flush()) return failed;
  }
  if (!it->status().ok()) return make_error("reading the repaired log: " + it->status().ToString());
  trial_id highest = 0;
  for (const trial_id t : seen_trials) highest = std::max(highest, t);
  for (trial_id t = 1; t < highest; ++t)
    if (!seen_trials.count(t)) report.missing_trials.push_back(t);
  return flush();
}

/// The salvage itself, into a directory that did not exist.
expected<salvage_report> salvage_into(const std::string& damaged, const fs::path& damaged_log,
                                      const std::string& into) {
  std::error_code ec;
  const fs::path scratch = fs::path(into) / "rocksdb-repair";
  fs::create_directories(scratch, ec);
  if (!ec) fs::copy(damaged_log, scratch, fs::copy_options::recursive, ec);
  if (ec) return make_error(into + ": cannot copy the damaged log here: " + ec.message());

  salvage_report report;
  auto logger = std::make_shared<rocksdb_logger>(/*print_errors=*/false);
  rocksdb::Options options;
  options.info_log = logger;
  auto s = rocksdb::RepairDB(scratch.string(), options);
  if (!s.ok()) return make_error(damaged + ": RocksDB cannot repair it: " + s.ToString());
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::OpenForReadOnly(options, scratch.string(), &raw);
  if (!s.ok()) return make_error(damaged + ": cannot read the repaired log: " + s.ToString());
  std::unique_ptr<rocksdb::DB> repaired(raw);
  for (const auto& line : logger->damage())
    report.damage.push_back(in_damaged_terms(line, scratch.string(), damaged_log));

  auto out = store::open(into, store::mode::read_write);
  if (!out) return out.error();
  if (auto failed = copy_records(*repaired, **out, report)) return *failed;
  repaired.reset();
  fs::remove_all(scratch, ec);
  return report;
}

}  // namespace

expected<salvage_report> salvage(const std::string& damaged, const std::string& into) {
  const fs::path damaged_log = fs::path(damaged) / "log";
  std::error_code ec;
  if (!fs::exists(damaged_log / "CURRENT", ec) && !fs::exists(damaged_log / "IDENTITY", ec))
    return make_error(damaged + ": no Summit data here");
  if (fs::exists(into, ec)) return make_error(into + ": already exists; name a new directory to salvage into");
  auto report = salvage_into(damaged, damaged_log, into);
  if (!report) fs::remove_all(into, ec);  // nothing half made is left to refuse the next try
  return report;
}

}  // namespace summit::storage
