#include "nodes/study_commands.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "actors/transport/command_client.hpp"
#include "model/commands/study_errors.hpp"
#include "model/study_file/study_file.hpp"
#include "nodes/data_reads.hpp"
#include "nodes/failure.hpp"
#include "nodes/format.hpp"
#include "nodes/study_render.hpp"
#include "views/results.hpp"
#include "views/study_json.hpp"

namespace summit::nodes {

namespace {

std::string coordinator_of(const study_query& q) {
  if (!q.coordinator.empty()) return q.coordinator;
  const char* env = std::getenv("SUMMIT_COORDINATOR");
  return env && *env ? env : "tcp://127.0.0.1:7700";
}

/// The typed command the arguments name. A study file is read and checked
/// here, so a bad one is refused without a round trip.
expected<model::study_command> command_of(const study_query& q) {
  const study_id id = q.id.value_or(0);
  if (q.command == "submit") {
    auto spec = model::load_study_file(q.study_file);
    if (!spec) return spec.error();
    return model::study_command{model::submit_study{
        std::move(*spec), std::filesystem::absolute(q.study_file).parent_path().string()}};
  }
  if (q.command == "list") return model::study_command{model::list_studies{q.all}};
  if (q.command == "show") return model::study_command{model::show_study{id}};
  if (q.command == "best") return model::study_command{model::show_best{id}};
  if (q.command == "metrics") return model::study_command{model::show_metrics{id, q.metric}};
  if (q.command == "export") {
    if (q.format != "csv" && q.format != "json")
      return make_error("--format must be csv or json, got '" + q.format + "'");
    return model::study_command{model::export_results{id}};
  }
  if (q.command == "stop") return model::study_command{model::stop_study{id}};
  if (q.command == "kill") return model::study_command{model::kill_study{id}};
  if (q.command == "archive") return model::study_command{model::archive_study{id}};
  return make_error("unknown study command '" + q.command + "'");
}

int write_export(const study_query& q, const model::results_table& table) {
  if (q.output.empty()) {
    if (auto refused = views::write_table(std::cout, table, q.format)) return fail("summit", refused->message, 2);
    return std::cout.flush() ? 0 : fail("summit", "cannot write the table to standard output");
  }
  std::ofstream out(q.output);
  if (auto refused = views::write_table(out, table, q.format)) return fail("summit", refused->message, 2);
  return out.flush() ? 0 : fail("summit", "cannot write " + q.output);
}

}  // namespace

int study_command(const study_query& q) {
  auto command = command_of(q);
  if (!command) return fail("summit", command.error().message, 2);
  expected<model::study_reply> answer = make_error("");
  if (!q.data_dir.empty()) {
    answer = read_data_dir(q.data_dir, *command);
    if (!answer && answer.error().code == static_cast<std::uint16_t>(model::study_errc::read_only))
      return fail("summit", answer.error().message, 2);
  } else {
    auto keys = load_client_keys(q.keys);
    if (!keys) return fail("summit", keys.error().message, 2);
    answer = actors::ask_coordinator(coordinator_of(q), *command, q.timeout, *keys, q.study_file);
  }
  if (!answer) return fail("summit", answer.error().message);
  if (const auto* table = std::get_if<model::results_table>(&*answer)) return write_export(q, *table);
  std::cout << (q.json ? views::to_json(*answer).dump(2) + "\n" : printable(render(*answer)));
  return 0;
}

}  // namespace summit::nodes
