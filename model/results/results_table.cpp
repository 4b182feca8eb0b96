#include "model/results/results_table.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace summit::model {

namespace {

constexpr std::uint32_t fixed_columns = 4;  // Trial-ID, Status, Iteration, Objective

class row_maker {
 public:
  /// `metric_names` hold every name of s.metric_names(), perhaps more.
  row_maker(const study& s, const std::vector<std::string>& metric_names) : names_(parameter_columns(s.spec())) {
    const auto first_metric = static_cast<std::uint32_t>(fixed_columns + names_.size());
    std::unordered_map<std::string_view, std::uint32_t> column_of;
    for (std::uint32_t i = 0; i < metric_names.size(); ++i) column_of.emplace(metric_names[i], first_metric + i);
    for (const auto& name : s.metric_names()) metric_column_.push_back(column_of.at(name));
  }

  results_table::row operator()(const trial& t, std::string status, std::optional<std::int64_t> iteration,
                                std::optional<double> objective, const observation* context) const {
    results_table::row row;
    row.reserve(fixed_columns + names_.size() + (context ? context->context.size() : 0));
    row.emplace_back(0, static_cast<std::int64_t>(t.record.id));
    row.emplace_back(1, std::move(status));
    if (iteration) row.emplace_back(2, *iteration);
    if (objective) row.emplace_back(3, *objective);
    for (std::uint32_t i = 0; i < names_.size(); ++i) {
      auto it = t.record.parameters.find(names_[i]);
      if (it != t.record.parameters.end()) row.emplace_back(fixed_columns + i, it->second);
    }
    if (context) {
      const auto from = row.size();
      for (const auto& [index, v] : context->context) row.emplace_back(metric_column_[index], v);
      // An observation lists its metrics as reported, not by column.
      std::sort(row.begin() + static_cast<std::ptrdiff_t>(from), row.end(),
                [](const results_table::cell& a, const results_table::cell& b) { return a.first < b.first; });
    }
    return row;
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::uint32_t> metric_column_;  ///< by the study's own metric index
};

}  // namespace

const value* cell_at(const results_table::row& r, std::uint32_t column) {
  auto it = std::lower_bound(r.begin(), r.end(), column,
                             [](const results_table::cell& c, std::uint32_t col) { return c.first < col; });
  return it != r.end() && it->first == column ? &it->second : nullptr;
}

std::vector<std::string> parameter_columns(const study_spec& spec) {
  std::vector<std::string> names;
  for (const auto& p : spec.space.parameters()) names.push_back(p.name);
  for (const auto& name : own_parameters(spec.algorithm.options)) names.push_back(name);
  return names;
}

bool is_fixed_column(const study_spec& spec, const std::string& name) {
  if (name == "Trial-ID" || name == "Status" || name == "Iteration" || name == "Objective") return true;
  if (spec.space.find(name)) return true;
  const auto own = own_parameters(spec.algorithm.options);
  return std::find(own.begin(), own.end(), name) != own.end();
}

results_table results_header(const study& s) { return results_header(s, s.metric_names()); }

results_table results_header(const study& s, const std::vector<std::string>& metric_names) {
  results_table t;
  t.columns = {"Trial-ID", "Status", "Iteration", "Objective"};
  const auto names = parameter_columns(s.spec());
  t.columns.insert(t.columns.end(), names.begin(), names.end());
  t.first_metric = static_cast<std::uint32_t>(t.columns.size());
  t.columns.insert(t.columns.end(), metric_names.begin(), metric_names.end());
  return t;
}

std::size_t results_row_count(const study& s) {
  std::size_t rows = 0;
  for (const auto& tr : s.trials()) rows += tr.observations.size() + (tr.record.status == trial_status::running ? 0 : 1);
  return rows;
}

void for_each_results_row(const study& s, const std::function<void(const results_table::row&)>& visit) {
  for_each_results_row(s, s.metric_names(), visit);
}

void for_each_results_row(const study& s, const std::vector<std::string>& metric_names,
                          const std::function<void(const results_table::row&)>& visit) {
  const row_maker make_row(s, metric_names);
  for (const auto& tr : s.trials()) {
    for (const auto& o : tr.observations) visit(make_row(tr, "INTERMEDIATE", o.iteration, o.objective, &o));
    if (tr.record.status == trial_status::running) continue;
    // As SHERPA's finalize: the trial's value and that observation's
    // context, at the trial's last iteration.
    const auto v = s.value_of(tr);
    visit(make_row(tr, std::string(to_string(tr.record.status)),
                   v ? std::optional(tr.observations.back().iteration) : std::nullopt,
                   v ? std::optional(v->objective) : std::nullopt, v ? v->source : nullptr));
  }
}

results_table make_results_table(const study& s) { return make_results_page(s, s.metric_names()); }

results_table make_results_page(const study& s, const std::vector<std::string>& metric_names) {
  results_table t = results_header(s, metric_names);
  t.rows.reserve(results_row_count(s));
  for_each_results_row(s, metric_names, [&t](const results_table::row& r) { t.rows.push_back(r); });
  return t;
}

}  // namespace summit::model
