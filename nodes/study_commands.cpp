#include "nodes/study_commands.hpp"

#include <cstdlib>
#include <functional>
#include <optional>
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
  if (q.command == "importance") return model::study_command{model::show_importance{id, q.quantile}};
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

/// Writes the table to q.output (or stdout) as it arrives, a page at a time.
/// A file is written aside and renamed when whole: a failed export leaves
/// none, nor a half of one.
int write_export(const study_query& q, const views::next_page& next) {
  auto format = views::table_writer::format_named(q.format);
  if (!format) return fail("summit", format.error().message, 2);
  const std::string partial = q.output + ".partial";
  std::ofstream file;
  if (!q.output.empty()) file.open(partial, std::ios::binary | std::ios::trunc);
  std::ostream& out = q.output.empty() ? static_cast<std::ostream&>(std::cout) : file;
  const auto failed = [&](const std::string& message) {
    std::error_code ignored;  // nothing to remove when it was never made
    if (!q.output.empty()) std::filesystem::remove(partial, ignored);
    return fail("summit", message);
  };
  if (!out) return failed("cannot write " + q.output);
  if (auto refused = views::write_pages(out, *format, next)) return failed(refused->message);
  if (!out.flush()) return failed(q.output.empty() ? "cannot write the table to standard output" : "cannot write " + q.output);
  if (q.output.empty()) return 0;
  file.close();
  std::error_code ec;
  std::filesystem::rename(partial, q.output, ec);
  return ec ? failed("cannot write " + q.output + ": " + ec.message()) : 0;
}

/// The coordinator's answer as a table, or why there is none.
expected<model::results_table> table_of(expected<model::study_reply> answer) {
  if (!answer) return answer.error();
  if (auto* table = std::get_if<model::results_table>(&*answer)) return std::move(*table);
  return make_error("the coordinator sent something else than the results");
}

/// A page at a time, each the rows of whole trials, all from one snapshot of
/// the log: neither side holds a large table at once.
int export_command(const study_query& q, study_id study) {
  if (!q.data_dir.empty()) {
    auto pages = data_dir_export::open(q.data_dir, study);
    if (!pages) return fail("summit", pages.error().message);
    return write_export(q, [&](const model::results_table* last) {
      return (*pages)->page(last ? last->next_after : 0, q.page_values);
    });
  }
  auto keys = load_client_keys(q.keys);
  if (!keys) return fail("summit", keys.error().message, 2);
  actors::coordinator_session coordinator(coordinator_of(q), q.timeout, *keys);
  return write_export(q, [&](const model::results_table* last) {
    const model::export_results page{study, q.page_values, last ? last->next_after : 0, last ? last->snapshot : 0};
    return table_of(coordinator.ask(model::study_command{page}));
  });
}

}  // namespace

int study_command(const study_query& q) {
  auto command = command_of(q);
  if (!command) return fail("summit", command.error().message, 2);
  if (const auto* e = std::get_if<model::export_results>(&*command)) return export_command(q, e->study);
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
  std::cout << (q.json ? views::to_json(*answer).dump(2) + "\n" : printable(render(*answer)));
  return 0;
}

}  // namespace summit::nodes
