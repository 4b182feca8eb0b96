#include "model/study_file/parameter_sections.hpp"

#include <regex>
#include <unordered_set>

namespace summit::model::detail {

namespace {

using algorithms::parameter_type;
using algorithms::parameter_type_from;
using algorithms::scale;
using algorithms::scale_from;

constexpr std::size_t max_name_length = 64;

bool is_identifier(const std::string& s) {
  static const std::regex r("[A-Za-z_][A-Za-z0-9_]*");
  return s.size() <= max_name_length && std::regex_match(s, r);
}

// `when: {optimizer: sgd}` or `when: {layers: {in: [2, 3]}}`; several keys
// must all hold. Parents are checked once every parameter is read.
std::vector<algorithms::condition> parse_when(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.expect_map(n, path);
  if (n.size() == 0) r.fail(n, path, "needs at least one condition, as {optimizer: sgd}");
  std::vector<algorithms::condition> out;
  for (const auto& entry : n) {
    algorithms::condition c;
    c.parent = entry.first.Scalar();
    const std::string at = join(path, c.parent);
    if (entry.second.IsMap()) {
      r.expect_map(entry.second, at, {"in"});
      const auto list = r.require(entry.second, "in", at);
      r.expect_sequence(list, join(at, "in"));
      if (list.size() == 0) r.fail(list, join(at, "in"), "needs at least one value");
      for (std::size_t i = 0; i < list.size(); ++i) c.values.push_back(r.scalar(list[i], index(join(at, "in"), i)));
    } else {
      c.values.push_back(r.scalar(entry.second, at));
    }
    out.push_back(std::move(c));
  }
  return out;
}

void check_conditions(const yaml_reader& r, const YAML::Node& when, std::vector<parameter>& space, std::size_t i) {
  const std::string path = join(join("parameters", space[i].name), "when");
  const auto find = [&](const std::string& name) -> parameter* {
    for (auto& p : space)
      if (p.name == name) return &p;
    return nullptr;
  };
  for (auto& c : space[i].when) {
    const std::string at = join(path, c.parent);
    const parameter* parent = find(c.parent);
    if (!parent) r.fail(when, at, "'" + c.parent + "' names no parameter");
    if (parent->type == parameter_type::continuous)
      r.fail(when, at, "'" + c.parent + "' is continuous; a condition needs a choice, ordinal or discrete parameter");
    for (auto& v : c.values) {
      auto held = algorithms::coerce(*parent, v);
      if (!held) r.fail(when, at, held.error().message);
      v = std::move(*held);
    }
  }
  // A cycle would make a parameter exist only when it exists.
  std::vector<const parameter*> todo{&space[i]};
  std::unordered_set<std::string> seen{space[i].name};
  while (!todo.empty()) {
    const parameter* p = todo.back();
    todo.pop_back();
    for (const auto& c : p->when) {
      if (c.parent == space[i].name)
        r.fail(when, path, "conditions form a cycle: '" + space[i].name + "' depends on itself through '" + p->name + "'");
      if (const parameter* parent = find(c.parent); parent && seen.insert(parent->name).second) todo.push_back(parent);
    }
  }
}

void parse_range(const yaml_reader& r, const YAML::Node& n, const std::string& path, parameter& p) {
  const std::string range_path = join(path, "range");
  const auto range = r.require(n, "range", path);
  r.expect_sequence(range, range_path);
  if (range.size() != 2) r.fail(range, range_path, "expected [min, max]");
  if (p.type == parameter_type::discrete) {
    constexpr std::int64_t limit = std::int64_t{1} << 53;  // exact as a double
    p.low = static_cast<double>(r.integer(range[0], index(range_path, 0), -limit, limit));
    p.high = static_cast<double>(r.integer(range[1], index(range_path, 1), -limit, limit));
  } else {
    p.low = r.number(range[0], index(range_path, 0));
    p.high = r.number(range[1], index(range_path, 1));
  }
  if (p.low > p.high)
    r.fail(range, range_path,
            "min " + to_text(p.low) + " is greater than max " + to_text(p.high));
  if (auto s = n["scale"]) {
    const auto scaling = scale_from(r.string(s, join(path, "scale")));
    if (!scaling)
      r.fail(s, join(path, "scale"),
              "unknown scale '" + s.Scalar() + "' (expected linear, log or reverse_log)");
    p.scaling = *scaling;
  }
  if (p.scaling != scale::linear && p.low <= 0)
    r.fail(range, range_path,
            std::string(to_string(p.scaling)) + " scale needs a positive range, got min " +
                to_text(p.low));
}

void parse_values(const yaml_reader& r, const YAML::Node& n, const std::string& path, parameter& p) {
  r.expect_sequence(n, path);
  if (n.size() == 0) r.fail(n, path, "needs at least one value");
  // A hash set: a choice of 100,000 values is read at every replay too.
  std::unordered_set<value> seen;
  seen.reserve(n.size());
  for (std::size_t i = 0; i < n.size(); ++i) {
    value v = r.scalar(n[i], index(path, i));
    if (!seen.insert(v).second) r.fail(n[i], index(path, i), "duplicate value '" + to_text(v) + "'");
    p.values.push_back(std::move(v));
  }
}

parameter parse_parameter(const yaml_reader& r, const YAML::Node& n, const std::string& name,
                          const std::string& path) {
  r.expect_map(n, path);
  parameter p;
  p.name = name;
  const auto type_node = r.require(n, "type", path);
  const auto type = parameter_type_from(r.string(type_node, join(path, "type")));
  if (!type)
    r.fail(type_node, join(path, "type"),
            "unknown type '" + type_node.Scalar() +
                "' (expected continuous, discrete, choice or ordinal)");
  p.type = *type;
  if (p.is_numeric()) {
    r.expect_map(n, path, {"type", "range", "scale", "when"});
    parse_range(r, n, path, p);
  } else {
    r.expect_map(n, path, {"type", "values", "when"});
    parse_values(r, r.require(n, "values", path), join(path, "values"), p);
  }
  if (auto when = n["when"]) p.when = parse_when(r, when, join(path, "when"));
  return p;
}

}  // namespace

search_space read_parameters(const yaml_reader& r, const YAML::Node& n) {
  r.expect_map(n, "parameters");
  if (n.size() == 0) r.fail(n, "parameters", "at least one parameter is needed");
  std::vector<parameter> out;
  for (const auto& entry : n) {
    const std::string name = entry.first.Scalar();
    const std::string path = join("parameters", name);
    if (!is_identifier(name))
      r.fail(entry.first, path,
              "a parameter name is a letter or _ followed by letters, digits or _ (at most 64)");
    out.push_back(parse_parameter(r, entry.second, name, path));
  }
  for (std::size_t i = 0; i < out.size(); ++i)
    if (auto when = n[out[i].name]["when"]) check_conditions(r, when, out, i);
  return search_space(std::move(out));
}

}  // namespace summit::model::detail
