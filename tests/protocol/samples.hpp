#pragma once
// One sample of every message kind, shared by the round-trip and fixture
// tests. Changing a sample changes the fixture: regenerate it only together
// with a protocol version change (see protocol/README.md).

#include <limits>
#include <utility>
#include <vector>

#include "protocol/messages.hpp"

namespace summit::test {

inline model::study_summary summary() {
  model::study_summary s;
  s.id = 3;
  s.name = "mlp";
  s.state = study_state::stopping;
  s.archived = true;
  s.counts = {1, 2, 3, 4};
  s.planned = 20;
  s.metric = "loss";
  s.direction = goal::maximize;
  s.best = 7;
  s.best_value = 0.25;
  s.best_parameters = {{"lr", 0.01}};
  s.observations = 12;
  return s;
}

/// A study that waits for its algorithm process.
inline model::study_summary waiting_summary() {
  auto s = summary();
  s.state = study_state::running;
  s.waiting = "its algorithm process (algorithm external): none is connected";
  return s;
}

/// Three copies of a configuration under `repeat`, judged by their mean.
inline model::copies_summary copies() { return {{7, 9, 12}, model::repeat_aggregate::mean, 0.3, 0.25, 0.35, 0.05}; }

/// A study whose best is a repeated configuration.
inline model::study_summary summary_of_copies() {
  auto s = summary();
  s.best_value = 0.3;
  s.best_copies = copies();
  return s;
}

/// A study without a best trial or a plan yet.
inline model::study_summary fresh_summary() {
  model::study_summary s;
  s.id = 4;
  s.name = "fresh";
  s.metric = "objective";
  return s;
}

inline model::trial_row row() {
  return {7, trial_status::completed, {{"lr", 0.01}, {"act", std::string("relu")}}, 4, 0.25,
          trial_origin::algorithm, 0, "gpu-1", ""};
}

inline model::trial_row ended_row() {
  auto r = row();
  r.ended_ms = 1700000000123;
  return r;
}

inline model::trial_row retried() {
  return {8, trial_status::failed, {{"lr", 0.02}}, std::nullopt, std::nullopt, trial_origin::retry, 6, "", "exit code 3"};
}

/// A trial of a study with two objectives and a constraint it breaks.
inline model::trial_row scored_row() {
  auto r = ended_row();
  r.objectives = {0.25, std::nullopt};
  r.violation = 1.5;
  return r;
}

inline model::trial_row missing_metric_row() {
  auto r = scored_row();
  r.violation = std::numeric_limits<double>::infinity();
  return r;
}

inline model::study_summary front_summary() {
  auto s = summary();
  s.objectives = {{"loss", goal::minimize}, {"latency_ms", goal::minimize}};
  s.front = 4;
  return s;
}

inline model::parameter numeric() {
  model::parameter p;
  p.name = "lr";
  p.scaling = algorithms::scale::log;
  p.low = 0.001;
  p.high = 0.1;
  return p;
}

/// Active only when act is relu or 16.
inline model::parameter conditional() {
  auto p = numeric();
  p.name = "momentum";
  p.when = {{"act", {std::string("relu"), std::int64_t{16}}}};
  return p;
}

inline model::parameter choice() {
  model::parameter p;
  p.name = "act";
  p.type = algorithms::parameter_type::choice;
  p.values = {std::string("relu"), std::int64_t{16}, true};
  return p;
}

inline std::vector<std::pair<std::string, protocol::message>> protocol_samples() {
  using namespace protocol;
  return {
      {"trial_request", trial_request{7}},
      {"trial_info", trial_info{7, 2, {{"lr", 0.001}, {"units", std::int64_t{64}},
                                       {"act", std::string("relu")}, {"bn", true}}}},
      {"observation", observation{7, 3, 0.25, {{"acc", 0.9}, {"loss", 0.25}}}},
      {"observation_without_objective", observation{7, 4, std::nullopt, {{"val_loss", 0.5}}}},
      {"ack", ack{7, 3, true}},
      {"error", error_reply{errc::unknown_trial, "unknown trial 9"}},
      {"error_about_an_observation", error_reply{errc::trial_ended, "trial 7 has already ended", 7, 3}},
      {"register_worker", register_worker{"node-a", 4, {"gpu0", "gpu1"}, {7, 8}, {trial_ended{6, 0, 0, {}}}}},
      {"register_client", register_worker{"client-1f3a", 1, {}, {7}, {}, 3}},
      {"registered", registered{1000, 5000}},
      {"heartbeat", heartbeat{}},
      {"ended_ack", ended_ack{6}},
      {"observations", observations{{observation{7, 3, 0.25, {{"acc", 0.9}}}, observation{8, 1, std::nullopt, {}}}}},
      {"replies", replies{{ack{7, 3, false}, error_reply{errc::trial_ended, "trial 8 has already ended", 8, 1}}}},
      {"run_trial", run_trial{7, 2, {{"x", -1.5}}, "python3 train.py --x :x:", "/home/u/study"}},
      {"serve_algorithm", serve_algorithm{3, "algorithm-host-42"}},
      {"suggest", suggest{3, 2}},
      {"suggestions", suggestions{3, {{{"x", 0.5}, {"act", std::string("relu")}}, {{"x", std::int64_t{1}}}}, false}},
      {"suggestions_done", suggestions{3, {}, true}},
      {"kill_trial", kill_trial{7, "stopping rule", true}},
      {"trial_ended", trial_ended{7, -1, 15, {}}},
      {"trial_ended_reason", trial_ended{8, 127, 0, "SLURM refused the trial: invalid partition"}},
      {"trial_ended_with_last", trial_ended{9, 0, 0, {}, observation{9, 0, 0.125, {{"latency_ms", 3.5}}}}},
      {"ask_trials", ask_trials{2}},
      {"study_over", study_over{3, study_state::finished}},
      {"submit_study", submit_request{"name: x", "s.yaml", "/home/u/study"}},
      {"list_studies", model::list_studies{true}},
      {"show_study", model::show_study{3}},
      {"show_best", model::show_best{3}},
      {"show_metrics", model::show_metrics{3, "acc"}},
      {"show_metrics_of_the_objective", model::show_metrics{3, ""}},
      {"export_results", model::export_results{3}},
      {"export_results_page", model::export_results{3, 5000, 7, 2}},
      {"stop_study", model::stop_study{3}},
      {"kill_study", model::kill_study{3}},
      {"archive_study", model::archive_study{3}},
      {"stop_trial", model::stop_trial{3, 7}},
      {"study_submitted", model::study_submitted{3, "mlp"}},
      {"study_list", model::study_list{{summary(), fresh_summary()}}},
      {"study_details", model::study_details{summary(), {numeric(), choice()}, {row(), retried()}}},
      {"best_trial", model::best_trial{"loss", row(), std::nullopt}},
      {"best_trial_of_copies", model::best_trial{"loss", row(), copies()}},
      {"metric_series", model::metric_series{"acc", {"loss", "acc"}, {{7, {{1, 0.5}, {2, 0.75}}}}}},
      {"results", model::results_table{{"Trial-ID", "Status", "lr", "acc"},
                                       3,
                                       {{{0, std::int64_t{7}}, {1, std::string("COMPLETED")}, {2, 0.01}, {3, 0.9}},
                                        {{0, std::int64_t{8}}, {1, std::string("FAILED")}}}}},
      {"results_page", model::results_table{{"Trial-ID", "Status"}, 2, {{{0, std::int64_t{7}}, {1, std::string("FAILED")}}}, 7, 2}},
      {"study_summary", summary()},
      {"study_summary_of_copies", summary_of_copies()},
      {"study_summary_waiting", waiting_summary()},
      {"trial_stopping", model::trial_stopping{7}},
      {"show_importance", model::show_importance{3, 0.25}},
      {"importances", model::importances{"loss", 0.1, 120, 12, {{"lr", 0.75}, {"act", 0.25}}, ""}},
      {"importances_not_yet", model::importances{"loss", 0.1, 0, 0, {}, "importance needs at least 10"}},
      {"best_trial_ended", model::best_trial{"loss", ended_row(), std::nullopt}},
      {"best_trial_front", model::best_trial{"loss", ended_row(), std::nullopt, {"loss", "latency_ms"}, {ended_row(), scored_row()}}},
      {"study_summary_front", front_summary()},
      {"study_details_missing_metric", model::study_details{front_summary(), {numeric()}, {missing_metric_row()}}},
      {"study_details_conditional", model::study_details{summary(), {choice(), conditional()}, {row()}}},
  };
}

}  // namespace summit::test
