#include "protocol/codec.hpp"

#include <iterator>

namespace summit::protocol {

std::string_view to_string(kind k) {
  switch (k) {
    case kind::trial_request: return "trial_request";
    case kind::trial_info: return "trial_info";
    case kind::observation: return "observation";
    case kind::ack: return "ack";
    case kind::error: return "error";
    case kind::register_worker: return "register_worker";
    case kind::run_trial: return "run_trial";
    case kind::kill_trial: return "kill_trial";
    case kind::trial_ended: return "trial_ended";
    case kind::registered: return "registered";
    case kind::heartbeat: return "heartbeat";
    case kind::ended_ack: return "ended_ack";
    case kind::observations: return "observations";
    case kind::replies: return "replies";
    case kind::serve_algorithm: return "serve_algorithm";
    case kind::suggest: return "suggest";
    case kind::suggestions: return "suggestions";
    case kind::ask_trials: return "ask_trials";
    case kind::study_over: return "study_over";
    case kind::submit_study: return "submit_study";
    case kind::list_studies: return "list_studies";
    case kind::show_study: return "show_study";
    case kind::show_best: return "show_best";
    case kind::show_metrics: return "show_metrics";
    case kind::export_results: return "export_results";
    case kind::stop_study: return "stop_study";
    case kind::kill_study: return "kill_study";
    case kind::archive_study: return "archive_study";
    case kind::stop_trial: return "stop_trial";
    case kind::show_importance: return "show_importance";
    case kind::study_submitted: return "study_submitted";
    case kind::study_list: return "study_list";
    case kind::study_details: return "study_details";
    case kind::best_trial: return "best_trial";
    case kind::metric_series: return "metric_series";
    case kind::dense_results: return "dense_results";
    case kind::results: return "results";
    case kind::study_summary: return "study_summary";
    case kind::trial_stopping: return "trial_stopping";
    case kind::importances: return "importances";
  }
  return "unknown";
}

kind kind_of(const message& m) {
  // In the order of message's alternatives.
  static constexpr kind kinds[] = {
      kind::trial_request,   kind::trial_info,   kind::observation,   kind::ack,
      kind::error,           kind::register_worker, kind::run_trial,  kind::kill_trial,
      kind::trial_ended,     kind::registered,   kind::heartbeat,     kind::ended_ack,
      kind::observations,    kind::replies,      kind::submit_study,  kind::list_studies,
      kind::show_study,      kind::show_best,    kind::show_metrics,  kind::export_results,
      kind::stop_study,      kind::kill_study,   kind::archive_study, kind::stop_trial,
      kind::study_submitted, kind::study_list,   kind::study_details, kind::best_trial,
      kind::metric_series,   kind::results,      kind::study_summary, kind::trial_stopping,
      kind::show_importance, kind::importances,   kind::serve_algorithm, kind::suggest,
      kind::suggestions,     kind::ask_trials,   kind::study_over};
  static_assert(std::size(kinds) == std::variant_size_v<message>);
  return kinds[m.index()];
}

decode_limits decode_limits::for_answers() {
  // A coordinator may answer with the results of a large study; only a
  // client reading its own coordinator's answer accepts that much.
  return {std::size_t{1} << 32, std::size_t{1} << 32, std::size_t{1} << 32, 8};
}

summit::error make_error(errc code, std::string text) {
  return summit::error{static_cast<std::uint16_t>(code), std::move(text)};
}

}  // namespace summit::protocol
