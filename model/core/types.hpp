#pragma once
// The vocabulary shared by every folder: ids, statuses, goals. Numeric values
// are stable: they are stored in the log and sent on the wire.

#include <cstdint>
#include <optional>
#include <string_view>

namespace summit {

using study_id = std::uint64_t;
using trial_id = std::uint64_t;

enum class trial_status : std::uint8_t {
  running = 1,
  completed = 2,
  failed = 3,
  stopped = 4,
};

enum class study_state : std::uint8_t {
  pending = 1,
  running = 2,
  stopping = 3,  // no new trials, running ones finish
  finished = 4,  // the algorithm is done and every trial has ended
  stopped = 5,
  killed = 6,
};

enum class goal : std::uint8_t { minimize = 1, maximize = 2 };

/// Which value of a trial's observations stands for the trial (PRODUCT.md §4).
enum class aggregate : std::uint8_t { best = 1, last = 2, mean = 3 };

/// Why a trial exists: the algorithm proposed it, the user enqueued it, or it
/// re-runs a FAILED trial with the same parameters.
enum class trial_origin : std::uint8_t { algorithm = 1, enqueued = 2, retry = 3 };

std::string_view to_string(trial_status s);
std::string_view to_string(study_state s);
std::string_view to_string(goal g);
std::string_view to_string(aggregate a);
std::string_view to_string(trial_origin o);

std::optional<trial_status> trial_status_from(std::uint8_t raw);
std::optional<study_state> study_state_from(std::uint8_t raw);
std::optional<trial_origin> trial_origin_from(std::uint8_t raw);
std::optional<goal> goal_from(std::string_view name);
std::optional<aggregate> aggregate_from(std::string_view name);

inline bool is_terminal(study_state s) {
  return s == study_state::finished || s == study_state::stopped || s == study_state::killed;
}

/// True when a is strictly better than b under g.
inline bool better(goal g, double a, double b) {
  return g == goal::minimize ? a < b : a > b;
}

}  // namespace summit
