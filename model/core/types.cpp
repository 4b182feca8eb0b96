#include "model/core/types.hpp"

namespace summit {

std::string_view to_string(trial_status s) {
  switch (s) {
    case trial_status::running: return "RUNNING";
    case trial_status::completed: return "COMPLETED";
    case trial_status::failed: return "FAILED";
    case trial_status::stopped: return "STOPPED";
  }
  return "UNKNOWN";
}

std::string_view to_string(study_state s) {
  switch (s) {
    case study_state::pending: return "PENDING";
    case study_state::running: return "RUNNING";
    case study_state::stopping: return "STOPPING";
    case study_state::finished: return "FINISHED";
    case study_state::stopped: return "STOPPED";
    case study_state::killed: return "KILLED";
  }
  return "UNKNOWN";
}

std::string_view to_string(goal g) { return g == goal::minimize ? "minimize" : "maximize"; }

std::string_view to_string(aggregate a) {
  switch (a) {
    case aggregate::best: return "best";
    case aggregate::last: return "last";
    case aggregate::mean: return "mean";
  }
  return "best";
}

std::string_view to_string(trial_origin o) {
  switch (o) {
    case trial_origin::algorithm: return "algorithm";
    case trial_origin::enqueued: return "enqueued";
    case trial_origin::retry: return "retry";
  }
  return "algorithm";
}

std::optional<trial_status> trial_status_from(std::uint8_t raw) {
  if (raw < 1 || raw > 4) return std::nullopt;
  return static_cast<trial_status>(raw);
}

std::optional<study_state> study_state_from(std::uint8_t raw) {
  if (raw < 1 || raw > 6) return std::nullopt;
  return static_cast<study_state>(raw);
}

std::optional<trial_origin> trial_origin_from(std::uint8_t raw) {
  if (raw < 1 || raw > 3) return std::nullopt;
  return static_cast<trial_origin>(raw);
}

std::optional<goal> goal_from(std::string_view name) {
  if (name == "minimize") return goal::minimize;
  if (name == "maximize") return goal::maximize;
  return std::nullopt;
}

std::optional<aggregate> aggregate_from(std::string_view name) {
  if (name == "best") return aggregate::best;
  if (name == "last") return aggregate::last;
  if (name == "mean") return aggregate::mean;
  return std::nullopt;
}

}  // namespace summit
