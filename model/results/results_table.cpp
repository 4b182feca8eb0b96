#include "model/results/results_table.hpp"

namespace summit::model {

namespace {

constexpr std::size_t fixed_columns = 4;  // Trial-ID, Status, Iteration, Objective

std::vector<results_table::cell> make_row(const study& s, const std::vector<std::string>& names,
                                          const trial& t, std::string status,
                                          std::optional<std::int64_t> iteration,
                                          std::optional<double> objective,
                                          const observation* context) {
  std::vector<results_table::cell> row;
  row.reserve(fixed_columns + names.size() + s.metric_names().size());
  row.emplace_back(static_cast<std::int64_t>(t.record.id));
  row.emplace_back(std::move(status));
  row.push_back(iteration ? results_table::cell(*iteration) : std::nullopt);
  row.push_back(objective ? results_table::cell(*objective) : std::nullopt);
  for (const auto& name : names) {
    auto it = t.record.parameters.find(name);
    row.push_back(it == t.record.parameters.end() ? std::nullopt : results_table::cell(it->second));
  }
  const std::size_t first_metric = row.size();
  row.resize(first_metric + s.metric_names().size());
  if (context)
    for (const auto& [index, v] : context->context) row[first_metric + index] = v;
  return row;
}

}  // namespace

std::vector<std::string> parameter_columns(const study_spec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.space.parameters()) names.push_back(p.name);
  for (const auto& name : own_parameters(spec.algorithm.options)) names.push_back(name);
  return names;
}

results_table make_results_table(const study& s) {
  results_table t;
  t.columns = {"Trial-ID", "Status", "Iteration", "Objective"};
  const auto names = parameter_columns(s.spec());
  t.columns.insert(t.columns.end(), names.begin(), names.end());
  for (const auto& m : s.metric_names()) t.columns.push_back(m);
  for (const auto& tr : s.trials()) {
    for (const auto& o : tr.observations)
      t.rows.push_back(make_row(s, names, tr, "INTERMEDIATE", o.iteration, o.objective, &o));
    if (tr.record.status == trial_status::running) continue;
    const auto v = s.value_of(tr);
    t.rows.push_back(make_row(s, names, tr, std::string(to_string(tr.record.status)),
                              v ? std::optional(v->iteration) : std::nullopt,
                              v ? std::optional(v->objective) : std::nullopt,
                              v ? v->source : nullptr));
  }
  return t;
}

}  // namespace summit::model
