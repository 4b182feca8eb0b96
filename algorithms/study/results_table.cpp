#include "algorithms/study/results_table.hpp"

#include "algorithms/search/make_algorithm.hpp"

namespace summit::algorithms {

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

std::string csv_field(const results_table::cell& c) {
  if (!c) return "";
  std::string text = to_text(*c);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

}  // namespace

std::vector<std::string> parameter_columns(const study_spec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.space.parameters()) names.push_back(p.name);
  for (const auto& name : own_parameters(spec.algorithm.name)) names.push_back(name);
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

std::string to_csv(const results_table& t) {
  std::string out;
  for (std::size_t i = 0; i < t.columns.size(); ++i)
    out += (i ? "," : "") + csv_field(value{t.columns[i]});
  out += "\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\n";
  }
  return out;
}

nlohmann::ordered_json to_json(const results_table& t) {
  auto rows = nlohmann::ordered_json::array();
  for (const auto& row : t.rows) {
    nlohmann::ordered_json r;
    for (std::size_t i = 0; i < row.size(); ++i)
      r[t.columns[i]] = row[i] ? nlohmann::ordered_json(summit::to_json(*row[i])) : nullptr;
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace summit::algorithms
