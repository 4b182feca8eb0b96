#include "model/commands/study_commands.hpp"

namespace summit::model {

namespace {

struct command_name {
  std::string_view operator()(const submit_study&) const { return "submit"; }
  std::string_view operator()(const list_studies&) const { return "list"; }
  std::string_view operator()(const show_study&) const { return "show"; }
  std::string_view operator()(const show_best&) const { return "best"; }
  std::string_view operator()(const show_metrics&) const { return "metrics"; }
  std::string_view operator()(const export_results&) const { return "export"; }
  std::string_view operator()(const stop_study&) const { return "stop"; }
  std::string_view operator()(const kill_study&) const { return "kill"; }
  std::string_view operator()(const archive_study&) const { return "archive"; }
  std::string_view operator()(const stop_trial&) const { return "stop-trial"; }
  std::string_view operator()(const show_importance&) const { return "importance"; }
};

}  // namespace

bool is_read(const study_command& c) {
  return std::holds_alternative<list_studies>(c) || std::holds_alternative<show_study>(c) ||
         std::holds_alternative<show_best>(c) || std::holds_alternative<show_metrics>(c) ||
         std::holds_alternative<export_results>(c) || std::holds_alternative<show_importance>(c);
}

std::string_view name_of(const study_command& c) { return std::visit(command_name{}, c); }

}  // namespace summit::model
