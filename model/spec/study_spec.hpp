#pragma once
// A validated study (PRODUCT.md §2). Produced only by parse_study()
// (model/study_file/study_file.hpp), so every study_spec in the system has
// passed validation; canonical_text() gives the form the log stores, which
// parse_study() reads back to the same spec.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "algorithms/space/search_space.hpp"
#include "model/core/types.hpp"
#include "model/core/value.hpp"
#include "model/spec/algorithm_options.hpp"

namespace summit::model {

using algorithms::parameter;
using algorithms::search_space;

struct objective_spec {
  std::string metric = "objective";
  goal direction = goal::minimize;
  aggregate reduce = aggregate::best;
};

/// A bound a feasible trial keeps: min <= its value of `metric` <= max (the
/// metric's last reported value).
struct constraint_spec {
  std::string metric;
  std::optional<double> min, max;
};

enum class stopping_rule_kind : std::uint8_t { none, threshold, median };
/// Which trials the median rule compares a trial with.
enum class compare_with : std::uint8_t { all, completed };

std::string_view to_string(stopping_rule_kind r);
std::string_view to_string(compare_with c);
std::optional<stopping_rule_kind> stopping_rule_from(std::string_view name);
std::optional<compare_with> compare_with_from(std::string_view name);
/// Every rule's name: none, threshold, median.
const std::vector<std::string>& stopping_rule_names();

struct stopping_spec {
  stopping_rule_kind rule = stopping_rule_kind::none;
  double threshold = 0;             ///< threshold: worse than this stops
  std::int64_t min_iterations = 0;  ///< no stop before this iteration
  std::int64_t min_trials = 1;      ///< median: comparison trials needed
  model::compare_with compare_with = model::compare_with::all;  ///< median
};

struct study_spec {
  std::string name;
  std::string command;
  /// At least one. The first is "the objective": the observations'
  /// objective field, the results table's column, what single-objective
  /// algorithms and stopping rules optimize; the others come from the context.
  std::vector<objective_spec> objectives{objective_spec{}};
  std::vector<constraint_spec> constraints;
  algorithm_spec algorithm;
  stopping_spec stopping;
  int max_concurrent = 0;  ///< 0: as many as there are slots
  int retries = 0;
  /// Distinct context metric names the study keeps; an observation that
  /// would add more is refused (its table has a column per name).
  std::uint32_t max_context_names = 1000;
  search_space space;
  std::vector<params> enqueue;  ///< run first, ahead of the algorithm's own

  const objective_spec& objective() const { return objectives.front(); }
  objective_spec& objective() { return objectives.front(); }
  /// Several objectives or constraints: a trial's value is a vector and the
  /// best trials are a Pareto front.
  bool multi_objective() const { return objectives.size() > 1; }
  bool constrained() const { return !constraints.empty(); }
};

}  // namespace summit::model
