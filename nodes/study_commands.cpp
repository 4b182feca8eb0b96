#include "nodes/study_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "actors/transport/command_client.hpp"
#include "model/study_file/study_file.hpp"
#include "nodes/study_render.hpp"
#include "storage/load.hpp"
#include "views/documents.hpp"

namespace summit::nodes {

namespace {

using json = nlohmann::ordered_json;

int fail(const std::string& message, int code = 1) {
  std::fprintf(stderr, "summit: %s\n", message.c_str());
  return code;
}

std::string coordinator_of(const study_query& q) {
  if (!q.coordinator.empty()) return q.coordinator;
  const char* env = std::getenv("SUMMIT_COORDINATOR");
  return env && *env ? env : "tcp://127.0.0.1:7700";
}

/// The document a read command shows, from a data directory.
expected<json> read_locally(const study_query& q) {
  auto log = storage::store::open(q.data_dir, storage::store::mode::read_only);
  if (!log) return log.error();
  model::registry reg;
  if (auto failed = storage::load(**log, reg)) return *failed;
  if (q.command == "list") return views::list_view(reg, q.all);
  const model::study* s = reg.find(*q.id);
  if (!s) return make_error("no study " + std::to_string(*q.id) + " in " + q.data_dir);
  if (q.command == "show") return views::show_view(*s);
  if (q.command == "best") return views::best_view(*s);
  if (q.command == "metrics") return views::metrics_view(*s, q.metric);
  auto text = views::export_view(*s, q.format);
  if (!text) return text.error();
  return json{{"format", q.format}, {"text", *text}};
}

expected<protocol::study_request> request_of(const study_query& q) {
  protocol::study_request r{q.command, q.id.value_or(0), {}};
  if (q.command == "list" && q.all) r.args["all"] = "true";
  if (q.command == "metrics" && !q.metric.empty()) r.args["name"] = q.metric;
  if (q.command == "export") r.args["format"] = q.format;
  if (q.command == "submit") {
    // Checked here first, so a bad file is refused without a round trip.
    auto spec = model::load_study_file(q.study_file);
    if (!spec) return spec.error();
    std::ifstream in(q.study_file);
    std::stringstream text;
    text << in.rdbuf();
    r.args["text"] = text.str();
    r.args["source"] = q.study_file;
    r.args["workdir"] = std::filesystem::absolute(q.study_file).parent_path().string();
  }
  return r;
}

std::string metric_of(const json& doc) { return doc.contains("metric") ? doc["metric"].get<std::string>() : "objective"; }

int print(const study_query& q, const json& doc) {
  if (q.command == "export") {
    const auto& text = doc["text"].get_ref<const std::string&>();
    if (q.output.empty()) {
      std::cout << text;
      return 0;
    }
    std::ofstream out(q.output);
    out << text;
    return out ? 0 : fail("cannot write " + q.output);
  }
  if (q.json) {
    std::cout << doc.dump(2) << "\n";
    return 0;
  }
  if (q.command == "list") std::cout << render_list(doc);
  else if (q.command == "show") std::cout << render_show(doc);
  else if (q.command == "best") std::cout << render_best(doc, metric_of(doc));
  else if (q.command == "metrics") std::cout << render_metrics(doc);
  else if (q.command == "submit") std::cout << "submitted study '" << doc["name"].get<std::string>() << "' as " << doc["id"].dump() << "\n";
  else std::cout << render_state(doc);
  return 0;
}

bool is_read(const std::string& command) {
  return command == "list" || command == "show" || command == "best" || command == "metrics" ||
         command == "export";
}

}  // namespace

int study_command(const study_query& q) {
  if (q.command == "export" && q.format != "csv" && q.format != "json")
    return fail("--format must be csv or json, got '" + q.format + "'", 2);
  expected<json> doc = make_error("");
  if (!q.data_dir.empty()) {
    if (!is_read(q.command))
      return fail("study " + q.command + " needs a running coordinator; --data only reads", 2);
    doc = read_locally(q);
  } else {
    auto request = request_of(q);
    if (!request) return fail(request.error().message, 2);
    auto keys = load_client_keys(q.keys);
    if (!keys) return fail(keys.error().message, 2);
    doc = actors::ask_coordinator(coordinator_of(q), *request, q.timeout, *keys);
  }
  if (!doc) return fail(doc.error().message);
  return print(q, *doc);
}

}  // namespace summit::nodes
