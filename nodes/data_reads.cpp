#include "nodes/data_reads.hpp"

#include <optional>

#include "coordinator/study_reads.hpp"
#include "model/commands/study_errors.hpp"
#include "storage/load.hpp"

namespace summit::nodes {

namespace {

/// The study a command is about; nothing for a list or a submission.
struct study_named {
  std::optional<study_id> operator()(const model::submit_study&) const { return std::nullopt; }
  std::optional<study_id> operator()(const model::list_studies&) const { return std::nullopt; }
  template <class Command>
  std::optional<study_id> operator()(const Command& c) const {
    return c.study;
  }
};

}  // namespace

expected<model::study_reply> read_data_dir(const std::string& data_dir, const model::study_command& command) {
  auto log = storage::store::open(data_dir, storage::store::mode::read_only);
  if (!log) return log.error();
  model::registry reg;
  const auto study = std::visit(study_named{}, command);
  if (auto failed = study ? storage::load_study(**log, *study, reg) : storage::load(**log, reg)) return *failed;
  auto answer = coordinator::read(reg, command);
  if (!answer && answer.error().code == static_cast<std::uint16_t>(model::study_errc::unknown_study))
    return make_error(answer.error().message + " in " + data_dir, answer.error().code);
  return answer;
}

expected<std::unique_ptr<data_dir_export>> data_dir_export::open(const std::string& data_dir, study_id study) {
  auto log = storage::store::open(data_dir, storage::store::mode::read_only);
  if (!log) return log.error();
  std::unique_ptr<data_dir_export> out(new data_dir_export(std::move(*log), study));
  auto pages = storage::study_pages::open(*out->log_, study);
  if (!pages) return pages.error();
  if (!*pages) {
    const auto unknown = model::unknown_study(study);
    return make_error(unknown.message + " in " + data_dir, unknown.code);
  }
  out->pages_ = std::move(*pages);
  return out;
}

data_dir_export::~data_dir_export() = default;  // the pages before the log they read

expected<model::results_table> data_dir_export::page(trial_id after, std::size_t values) const {
  auto read = pages_->read(after, values);
  if (!read) return read.error();
  const model::study* s = read->state.find(study_);
  if (!s) return model::unknown_study(study_);
  auto table = model::make_results_page(*s, pages_->metric_names());
  table.next_after = read->next_after();
  return table;
}

}  // namespace summit::nodes
