#include "model/study_file/objective_sections.hpp"

#include "model/results/results_table.hpp"

namespace summit::model::detail {

namespace {

std::string metric_name(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  std::string name = r.string(n, path);
  if (name.empty() || name.size() > 128) r.fail(n, path, "must be 1 to 128 characters");
  return name;
}

}  // namespace

objective_spec read_objective(const yaml_reader& r, const YAML::Node& n, const std::string& path, aggregate reduce) {
  r.expect_map(n, path, {"metric", "goal", "aggregate"});
  objective_spec o;
  o.reduce = reduce;
  if (auto m = n["metric"]) o.metric = metric_name(r, m, join(path, "metric"));
  const auto g = r.require(n, "goal", path);
  const auto direction = goal_from(r.string(g, join(path, "goal")));
  if (!direction)
    r.fail(g, join(path, "goal"), "expected minimize or maximize, got '" + g.Scalar() + "'");
  o.direction = *direction;
  if (auto a = n["aggregate"]) {
    const auto chosen = aggregate_from(r.string(a, join(path, "aggregate")));
    if (!chosen)
      r.fail(a, join(path, "aggregate"), "expected best, last or mean, got '" + a.Scalar() + "'");
    o.reduce = *chosen;
  }
  return o;
}

// With several objectives a trial's values default to its last report:
// each objective's own best could come from different iterations, a
// combination no model ever had.
std::vector<objective_spec> read_objectives(const yaml_reader& r, const YAML::Node& n) {
  r.expect_sequence(n, "objectives");
  if (n.size() == 0) r.fail(n, "objectives", "needs at least one objective");
  if (n.size() > 16) r.fail(n, "objectives", "at most 16 objectives");
  const aggregate reduce = n.size() > 1 ? aggregate::last : aggregate::best;
  std::vector<objective_spec> out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string path = index("objectives", i);
    r.expect_map(n[i], path);
    r.require(n[i], "metric", path);
    out.push_back(read_objective(r, n[i], path, reduce));
    for (std::size_t j = 0; j < i; ++j)
      if (out[j].metric == out[i].metric)
        r.fail(n[i]["metric"], join(path, "metric"), "'" + out[i].metric + "' is objective " + std::to_string(j) + " already");
  }
  return out;
}

std::vector<constraint_spec> read_constraints(const yaml_reader& r, const YAML::Node& n) {
  r.expect_sequence(n, "constraints");
  if (n.size() > 64) r.fail(n, "constraints", "at most 64 constraints");
  std::vector<constraint_spec> out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string path = index("constraints", i);
    r.expect_map(n[i], path, {"metric", "min", "max"});
    constraint_spec c;
    c.metric = metric_name(r, r.require(n[i], "metric", path), join(path, "metric"));
    if (auto m = n[i]["min"]) c.min = r.number(m, join(path, "min"));
    if (auto m = n[i]["max"]) c.max = r.number(m, join(path, "max"));
    if (!c.min && !c.max) r.fail(n[i], path, "needs min, max or both");
    if (c.min && c.max && *c.min > *c.max)
      r.fail(n[i], path, "min " + to_text(*c.min) + " is greater than max " + to_text(*c.max));
    out.push_back(std::move(c));
  }
  return out;
}

// What ranks trials by one number cannot take several objectives or
// constraints: it would optimize the first objective and ignore the rest.
void check_several_objectives(const yaml_reader& r, const YAML::Node& doc, const study_spec& s) {
  if (!s.multi_objective() && !s.constrained()) return;
  // Metrics beyond the first objective come in the context, where a name
  // that is a column already (a parameter, Objective, ...) is refused.
  const auto check_metric = [&](const std::string& metric, const YAML::Node& at, const std::string& path) {
    if (metric != s.objective().metric && is_fixed_column(s, metric))
      r.fail(at, path, "'" + metric + "' is a column of the results table already (Trial-ID, Status, Iteration, "
                        "Objective or a parameter): a trial could not report it; rename the metric");
  };
  for (std::size_t i = 1; i < s.objectives.size(); ++i)
    check_metric(s.objectives[i].metric, doc["objectives"][i]["metric"], index("objectives", i) + ".metric");
  for (std::size_t i = 0; i < s.constraints.size(); ++i)
    check_metric(s.constraints[i].metric, doc["constraints"][i]["metric"], index("constraints", i) + ".metric");
  const std::string what = s.multi_objective() ? "several objectives" : "constraints";
  const YAML::Node at = s.multi_objective() ? doc["objectives"] : doc["constraints"];
  const std::string key = s.multi_objective() ? "objectives" : "constraints";
  const std::string algorithm(name_of(s.algorithm.options));
  if (!weighs_several_objectives(s.algorithm.options))
    r.fail(at, key, algorithm + " ranks trials by one objective; with " + what +
                         " use nsga2 or bayesian, or random, grid or iterate");
  if (const auto* bayes = std::get_if<bayesian_options>(&s.algorithm.options);
      bayes && s.constrained() && bayes->acquisition == acquisition::lcb)
    r.fail(doc["algorithm"], "algorithm.acquisition",
            "lcb can be negative, so it cannot be weighed by the probability of feasibility; with constraints use ei or pi");
  if (s.algorithm.repeat.times > 1)
    r.fail(at, key, "algorithm.repeat judges a configuration by one value; it cannot take " + what);
  if (s.stopping.rule != stopping_rule_kind::none && s.multi_objective())
    r.fail(doc["stopping"], "stopping", "the " + std::string(to_string(s.stopping.rule)) +
                                             " rule compares one objective; a study with several objectives has no stopping rule");
}

}  // namespace summit::model::detail
