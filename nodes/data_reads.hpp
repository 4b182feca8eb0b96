#pragma once
// Answers to study commands from a data directory, without a coordinator:
// `summit study ... --data DIR` and `summit dashboard --data DIR`. Each
// answer opens the log read-only (safe while `summit run` writes it) and
// replays only what the command reads: one study's records for a command
// about one study, everything for a list. Commands that change something
// are refused (study_errc::read_only).

#include <memory>
#include <string>

#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/core/expected.hpp"
#include "model/results/results_table.hpp"
#include "storage/study_pages.hpp"

namespace summit::nodes {

expected<model::study_reply> read_data_dir(const std::string& data_dir, const model::study_command& command);

/// About how many values a page of an export holds, unless told: a few tens
/// of MB for the command that writes it (bench/export.py).
inline constexpr std::uint64_t default_page_values = 250000;

/// A study's results from a data directory a page at a time, as a
/// coordinator sends them: the whole trials after a trial, from one snapshot.
class data_dir_export {
 public:
  static expected<std::unique_ptr<data_dir_export>> open(const std::string& data_dir, study_id study);
  ~data_dir_export();
  /// The page after trial `after` (0: the first); next_after is 0 on the last.
  expected<model::results_table> page(trial_id after, std::size_t values) const;

 private:
  data_dir_export(std::unique_ptr<storage::store> log, study_id study) : log_(std::move(log)), study_(study) {}
  std::unique_ptr<storage::store> log_;
  std::unique_ptr<storage::study_pages> pages_;
  study_id study_;
};

}  // namespace summit::nodes
