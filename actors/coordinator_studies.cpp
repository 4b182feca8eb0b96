#include "actors/coordinator_actor.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "model/results/summary.hpp"
#include "model/study_file/study_file.hpp"
#include "views/documents.hpp"

namespace summit::actors::detail {

namespace {

protocol::message refuse(std::string text) {
  return protocol::error_reply{protocol::errc::invalid_field, std::move(text)};
}

protocol::message reply(const nlohmann::ordered_json& doc) { return protocol::study_reply{doc.dump()}; }

protocol::message reply(const expected<nlohmann::ordered_json>& doc) {
  return doc ? reply(*doc) : refuse(doc.error().message);
}

std::string arg(const protocol::study_request& r, const std::string& name) {
  auto it = r.args.find(name);
  return it == r.args.end() ? std::string() : it->second;
}

}  // namespace

caf::result<protocol::message> coordinator_actor::study_command(const protocol::study_request& r) {
  if (r.command == "list") return reply(views::list_view(reg_, arg(r, "all") == "true"));
  if (r.command == "submit") {
    auto spec = model::parse_study(arg(r, "text"), arg(r, "source").empty() ? "study" : arg(r, "source"));
    if (!spec) return refuse(spec.error().message);
    auto reply_to = make_response_promise<protocol::message>();
    const std::string name = spec->name;
    request(caf::actor_cast<caf::actor>(this), caf::infinite, submit_atom::value, std::move(*spec), arg(r, "workdir"))
        .then([=](study_id id) mutable {
          reply_to.deliver(reply(nlohmann::ordered_json{{"id", id}, {"name", name}}));
        });
    return reply_to;
  }
  study* s = reg_.find(r.study);
  if (!s) return refuse("no study " + std::to_string(r.study));
  if (r.command == "show") return reply(views::show_view(*s));
  if (r.command == "best") return reply(views::best_view(*s));
  if (r.command == "metrics") return reply(views::metrics_view(*s, arg(r, "name")));
  if (r.command == "export") {
    auto text = views::export_view(*s, arg(r, "format").empty() ? "csv" : arg(r, "format"));
    if (!text) return refuse(text.error().message);
    return reply(nlohmann::ordered_json{{"format", arg(r, "format")}, {"text", *text}});
  }
  if (r.command == "stop" || r.command == "kill" || r.command == "archive") return change_state(*s, r.command);
  if (r.command == "stop-trial") return stop_trial(*s, arg(r, "trial"));
  return protocol::error_reply{protocol::errc::unknown_kind, "unknown study command '" + r.command + "'"};
}

caf::result<protocol::message> coordinator_actor::change_state(study& s, const std::string& command) {
  const study_state state = s.record().state;
  if (command == "archive") {
    auto record = s.record();
    record.archived = true;
    s.set_archived(true);
    store({record}, [] {});
  } else if (command == "stop" && (state == study_state::running || state == study_state::pending)) {
    set_state(s, study_state::stopping);
    maybe_finish(s);
  } else if (command == "kill" && !is_terminal(state)) {
    set_state(s, study_state::killed);
    for (const auto& t : s.trials())
      if (t.record.status == trial_status::running) stop(t.record.id, "the study was killed", true);
  }
  return reply(views::to_json(model::summarize(s, algorithms::planned_trials(s.spec()))));
}

caf::result<protocol::message> coordinator_actor::stop_trial(study& s, const std::string& trial) {
  const auto digits = trial.find_first_not_of("0123456789") == std::string::npos && !trial.empty() && trial.size() < 19;
  const trial_id id = digits ? std::stoull(trial) : 0;
  const auto* t = id ? s.find(id) : nullptr;
  if (!t) return refuse("study " + std::to_string(s.id()) + " has no trial '" + trial + "'");
  if (t->record.status != trial_status::running)
    return refuse("trial " + trial + " is " + std::string(to_string(t->record.status)) + ", not running");
  stop(id, "stopped from the dashboard", false);
  return reply(nlohmann::ordered_json{{"trial", id}, {"status", "RUNNING"}, {"stopping", true}});
}

}  // namespace summit::actors::detail
