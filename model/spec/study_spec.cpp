#include "model/spec/study_spec.hpp"

namespace summit::model {

std::string_view to_string(stopping_rule_kind r) {
  switch (r) {
    case stopping_rule_kind::none: return "none";
    case stopping_rule_kind::threshold: return "threshold";
    case stopping_rule_kind::median: return "median";
  }
  return "none";
}

std::string_view to_string(compare_with c) { return c == compare_with::completed ? "completed" : "all"; }

std::optional<stopping_rule_kind> stopping_rule_from(std::string_view name) {
  for (auto r : {stopping_rule_kind::none, stopping_rule_kind::threshold, stopping_rule_kind::median})
    if (to_string(r) == name) return r;
  return std::nullopt;
}

std::optional<compare_with> compare_with_from(std::string_view name) {
  for (auto c : {compare_with::all, compare_with::completed})
    if (to_string(c) == name) return c;
  return std::nullopt;
}

const std::vector<std::string>& stopping_rule_names() {
  static const std::vector<std::string> names{"none", "threshold", "median"};
  return names;
}

}  // namespace summit::model
