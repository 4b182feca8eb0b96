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

}  // namespace summit::nodes
