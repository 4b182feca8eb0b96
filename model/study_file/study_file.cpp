#include "model/study_file/study_file.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <unordered_set>

#include "model/core/utf8.hpp"
#include "model/spec/command_line.hpp"
#include "model/study_file/algorithm_sections.hpp"
#include "model/study_file/objective_sections.hpp"
#include "model/study_file/yaml_reader.hpp"

namespace summit::model {

namespace {

using algorithms::parameter_type;
using algorithms::parameter_type_from;
using algorithms::scale;
using algorithms::scale_from;
using detail::comma_list;
using detail::index;
using detail::join;
using detail::check_several_objectives;
using detail::read_algorithm;
using detail::read_constraints;
using detail::read_objective;
using detail::read_objectives;
using detail::read_points;
using detail::yaml_reader;

constexpr std::size_t max_name_length = 64;

bool is_identifier(const std::string& s) {
  static const std::regex r("[A-Za-z_][A-Za-z0-9_]*");
  return s.size() <= max_name_length && std::regex_match(s, r);
}

class study_parser {
 public:
  study_parser(const std::string& source, study_origin origin) : r_(source, origin == study_origin::new_study) {}

  study_spec parse(const YAML::Node& doc) {
    r_.expect_map(doc, "",
                  {"name", "command", "objective", "objectives", "constraints", "algorithm", "stopping",
                   "max_concurrent", "retries", "max_context_names", "parameters", "enqueue"});
    study_spec s;
    s.name = r_.string(r_.require(doc, "name", ""), "name");
    if (s.name.empty() || s.name.size() > 200)
      r_.fail(doc["name"], "name", "must be 1 to 200 characters");
    s.space = parse_parameters(r_.require(doc, "parameters", ""));
    if (doc["objective"] && doc["objectives"])
      r_.fail(doc["objectives"], "objectives", "give objective (one) or objectives (a list), not both");
    if (auto list = doc["objectives"])
      s.objectives = read_objectives(r_, list);
    else
      s.objectives = {read_objective(r_, r_.require(doc, "objective", ""), "objective", aggregate::best)};
    if (auto n = doc["constraints"]) s.constraints = read_constraints(r_, n);
    s.algorithm = read_algorithm(r_, r_.require(doc, "algorithm", ""), s.space);
    const std::string algorithm(name_of(s.algorithm.options));
    const auto own = own_parameters(s.algorithm.options);
    for (const auto& name : own)
      if (s.space.find(name))
        r_.fail(doc["parameters"][name], join("parameters", name),
                "'" + name + "' is a parameter " + algorithm + " sets itself; rename this one");
    // Without a command the trials run in the processes that ask for them.
    if (doc["command"]) s.command = parse_command(doc["command"], s.space, own);
    if (auto too_long = exceeds_exec_limits(s)) {
      const bool command = too_long->key == "command";
      r_.fail(command ? doc["command"] : doc["parameters"][too_long->key.substr(std::string("parameters.").size())],
              too_long->key, too_long->message);
    }
    if (auto n = doc["stopping"]) s.stopping = parse_stopping(n);
    check_several_objectives(r_, doc, s);
    if (auto n = doc["max_concurrent"])
      s.max_concurrent = static_cast<int>(r_.integer(n, "max_concurrent", 1, 100000));
    if (auto n = doc["retries"]) s.retries = static_cast<int>(r_.integer(n, "retries", 0, 100));
    if (auto n = doc["max_context_names"])
      s.max_context_names = static_cast<std::uint32_t>(r_.integer(n, "max_context_names", 1, 100000));
    if (auto n = doc["enqueue"]) {
      if (!own.empty())
        r_.fail(n, "enqueue", algorithm + " makes every trial itself; enqueue is not available with it");
      s.enqueue = read_points(r_, n, "enqueue", s.space);
    }
    return s;
  }

 private:
  search_space parse_parameters(const YAML::Node& n) {
    r_.expect_map(n, "parameters");
    if (n.size() == 0) r_.fail(n, "parameters", "at least one parameter is needed");
    std::vector<parameter> out;
    for (const auto& entry : n) {
      const std::string name = entry.first.Scalar();
      const std::string path = join("parameters", name);
      if (!is_identifier(name))
        r_.fail(entry.first, path,
                "a parameter name is a letter or _ followed by letters, digits or _ (at most 64)");
      out.push_back(parse_parameter(entry.second, name, path));
    }
    for (std::size_t i = 0; i < out.size(); ++i)
      if (auto when = n[out[i].name]["when"]) check_conditions(when, out, i);
    return search_space(std::move(out));
  }

  // `when: {optimizer: sgd}` or `when: {layers: {in: [2, 3]}}`; several keys
  // must all hold. Parents are checked once every parameter is read.
  std::vector<algorithms::condition> parse_when(const YAML::Node& n, const std::string& path) {
    r_.expect_map(n, path);
    if (n.size() == 0) r_.fail(n, path, "needs at least one condition, as {optimizer: sgd}");
    std::vector<algorithms::condition> out;
    for (const auto& entry : n) {
      algorithms::condition c;
      c.parent = entry.first.Scalar();
      const std::string at = join(path, c.parent);
      if (entry.second.IsMap()) {
        r_.expect_map(entry.second, at, {"in"});
        const auto list = r_.require(entry.second, "in", at);
        r_.expect_sequence(list, join(at, "in"));
        if (list.size() == 0) r_.fail(list, join(at, "in"), "needs at least one value");
        for (std::size_t i = 0; i < list.size(); ++i) c.values.push_back(r_.scalar(list[i], index(join(at, "in"), i)));
      } else {
        c.values.push_back(r_.scalar(entry.second, at));
      }
      out.push_back(std::move(c));
    }
    return out;
  }

  void check_conditions(const YAML::Node& when, std::vector<parameter>& space, std::size_t i) {
    const std::string path = join(join("parameters", space[i].name), "when");
    const auto find = [&](const std::string& name) -> parameter* {
      for (auto& p : space)
        if (p.name == name) return &p;
      return nullptr;
    };
    for (auto& c : space[i].when) {
      const std::string at = join(path, c.parent);
      const parameter* parent = find(c.parent);
      if (!parent) r_.fail(when, at, "'" + c.parent + "' names no parameter");
      if (parent->type == parameter_type::continuous)
        r_.fail(when, at, "'" + c.parent + "' is continuous; a condition needs a choice, ordinal or discrete parameter");
      for (auto& v : c.values) {
        auto held = algorithms::coerce(*parent, v);
        if (!held) r_.fail(when, at, held.error().message);
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
          r_.fail(when, path, "conditions form a cycle: '" + space[i].name + "' depends on itself through '" + p->name + "'");
        if (const parameter* parent = find(c.parent); parent && seen.insert(parent->name).second) todo.push_back(parent);
      }
    }
  }

  parameter parse_parameter(const YAML::Node& n, const std::string& name,
                            const std::string& path) {
    r_.expect_map(n, path);
    parameter p;
    p.name = name;
    const auto type_node = r_.require(n, "type", path);
    const auto type = parameter_type_from(r_.string(type_node, join(path, "type")));
    if (!type)
      r_.fail(type_node, join(path, "type"),
              "unknown type '" + type_node.Scalar() +
                  "' (expected continuous, discrete, choice or ordinal)");
    p.type = *type;
    if (p.is_numeric()) {
      r_.expect_map(n, path, {"type", "range", "scale", "when"});
      parse_range(n, path, p);
    } else {
      r_.expect_map(n, path, {"type", "values", "when"});
      parse_values(r_.require(n, "values", path), join(path, "values"), p);
    }
    if (auto when = n["when"]) p.when = parse_when(when, join(path, "when"));
    return p;
  }

  void parse_range(const YAML::Node& n, const std::string& path, parameter& p) {
    const std::string range_path = join(path, "range");
    const auto range = r_.require(n, "range", path);
    r_.expect_sequence(range, range_path);
    if (range.size() != 2) r_.fail(range, range_path, "expected [min, max]");
    if (p.type == parameter_type::discrete) {
      constexpr std::int64_t limit = std::int64_t{1} << 53;  // exact as a double
      p.low = static_cast<double>(r_.integer(range[0], index(range_path, 0), -limit, limit));
      p.high = static_cast<double>(r_.integer(range[1], index(range_path, 1), -limit, limit));
    } else {
      p.low = r_.number(range[0], index(range_path, 0));
      p.high = r_.number(range[1], index(range_path, 1));
    }
    if (p.low > p.high)
      r_.fail(range, range_path,
              "min " + to_text(p.low) + " is greater than max " + to_text(p.high));
    if (auto s = n["scale"]) {
      const auto scaling = scale_from(r_.string(s, join(path, "scale")));
      if (!scaling)
        r_.fail(s, join(path, "scale"),
                "unknown scale '" + s.Scalar() + "' (expected linear, log or reverse_log)");
      p.scaling = *scaling;
    }
    if (p.scaling != scale::linear && p.low <= 0)
      r_.fail(range, range_path,
              std::string(to_string(p.scaling)) + " scale needs a positive range, got min " +
                  to_text(p.low));
  }

  void parse_values(const YAML::Node& n, const std::string& path, parameter& p) {
    r_.expect_sequence(n, path);
    if (n.size() == 0) r_.fail(n, path, "needs at least one value");
    // A hash set: a choice of 100,000 values is read at every replay too.
    std::unordered_set<value> seen;
    seen.reserve(n.size());
    for (std::size_t i = 0; i < n.size(); ++i) {
      value v = r_.scalar(n[i], index(path, i));
      if (!seen.insert(v).second) r_.fail(n[i], index(path, i), "duplicate value '" + to_text(v) + "'");
      p.values.push_back(std::move(v));
    }
  }

  std::string parse_command(const YAML::Node& n, const search_space& space,
                            const std::vector<std::string>& algorithm_parameters) {
    std::string command = r_.string(n, "command");
    if (command.find_first_not_of(" \t\n") == std::string::npos)
      r_.fail(n, "command", "must not be empty");
    for (const auto& name : placeholders(command))
      if (!space.find(name) && std::find(algorithm_parameters.begin(), algorithm_parameters.end(),
                                         name) == algorithm_parameters.end())
        r_.fail(n, "command", "placeholder :" + name + ": names no parameter");
    return command;
  }

  stopping_spec parse_stopping(const YAML::Node& n) {
    r_.expect_map(n, "stopping");
    stopping_spec s;
    const auto rule_node = r_.require(n, "rule", "stopping");
    const std::string rule = r_.string(rule_node, "stopping.rule");
    const auto known = stopping_rule_from(rule);
    if (!known)
      r_.fail(rule_node, "stopping.rule", "unknown rule '" + rule + "' (available: " + comma_list(stopping_rule_names()) + ")");
    s.rule = *known;
    switch (s.rule) {
      case stopping_rule_kind::none:
        r_.expect_map(n, "stopping", {"rule"});
        return s;
      case stopping_rule_kind::threshold:
        r_.expect_map(n, "stopping", {"rule", "threshold", "min_iterations"});
        s.threshold = r_.number(r_.require(n, "threshold", "stopping"), "stopping.threshold");
        break;
      case stopping_rule_kind::median:
        r_.expect_map(n, "stopping", {"rule", "min_iterations", "min_trials", "compare_with"});
        if (auto m = n["min_trials"]) s.min_trials = r_.integer(m, "stopping.min_trials", 1, 1000000);
        if (auto c = n["compare_with"]) {
          const std::string with = r_.string(c, "stopping.compare_with");
          const auto which = compare_with_from(with);
          if (!which) r_.fail(c, "stopping.compare_with", "expected all or completed, got '" + with + "'");
          s.compare_with = *which;
        }
        break;
    }
    if (auto m = n["min_iterations"])
      s.min_iterations = r_.integer(m, "stopping.min_iterations", 0, INT64_MAX);
    return s;
  }

  yaml_reader r_;
};

std::optional<unsigned> hex4(std::string_view s) {
  if (s.size() < 4) return std::nullopt;
  unsigned v = 0;
  for (char c : s.substr(0, 4)) {
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<unsigned>(d);
  }
  return v;
}

// JSON writes a character past U+FFFF (an emoji) as a UTF-16 surrogate pair,
// "\ud83c\udf89", as Python's json.dump does; yaml-cpp reads each half alone
// and refuses it. Inside double quotes, each such pair becomes the one
// escape YAML has for it, \U0001f389; an escaped backslash stays itself, and
// line numbers stay the same.
std::string join_surrogate_escapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool in_double = false, in_single = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!in_double && !in_single && c == '#') {  // a comment, to the end of its line
      const auto end = text.find('\n', i);
      out.append(text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
      if (end == std::string_view::npos) break;
      i = end - 1;
      continue;
    }
    if (c == '\'' && !in_double) in_single = !in_single;
    if (c == '"' && !in_single) in_double = !in_double;
    if (c != '\\' || !in_double || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    const auto high = text[i + 1] == 'u' ? hex4(text.substr(i + 2)) : std::nullopt;
    const auto low = high && text.substr(i + 6, 2) == "\\u" ? hex4(text.substr(i + 8)) : std::nullopt;
    if (high && low && *high >= 0xd800 && *high <= 0xdbff && *low >= 0xdc00 && *low <= 0xdfff) {
      char escape[11];
      std::snprintf(escape, sizeof escape, "\\U%08x", 0x10000 + ((*high - 0xd800) << 10) + (*low - 0xdc00));
      out += escape;
      i += 11;
      continue;
    }
    out += c;  // any other escape: it and the character it escapes, as they are
    out += text[++i];
  }
  return out;
}

// `command: python3 train.py --lr :lr: --units :units:` is how PRODUCT.md
// and SHERPA write a command, but YAML reads ": " inside a plain scalar as a
// mapping. A top-level command line that is not quoted or a block scalar is
// therefore quoted before parsing; line numbers stay the same. As in YAML, a
// " #" starts a comment.
std::string quote_plain_command(std::string_view text) {
  static const std::regex line(R"(^command:[ \t]+([^"'|>\s][^\n]*)$)", std::regex::multiline);
  std::string in(text), out;
  std::size_t copied = 0;
  for (auto it = std::sregex_iterator(in.begin(), in.end(), line); it != std::sregex_iterator();
       ++it) {
    std::string command = (*it)[1].str();
    if (auto hash = command.find(" #"); hash != std::string::npos) command.resize(hash);
    while (!command.empty() && (command.back() == ' ' || command.back() == '\t' ||
                                command.back() == '\r'))
      command.pop_back();
    std::string quoted = "command: \"";
    for (char c : command) {
      if (c == '\\' || c == '"') quoted += '\\';
      quoted += c;
    }
    out += in.substr(copied, static_cast<std::size_t>(it->position(0)) - copied) + quoted + "\"";
    copied = static_cast<std::size_t>(it->position(0) + it->length(0));
  }
  return out + in.substr(copied);
}

}  // namespace

std::vector<std::string> placeholders(std::string_view command) {
  static const std::regex r(":([A-Za-z_][A-Za-z0-9_]*):");
  std::vector<std::string> out;
  const std::string text(command);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), r); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

expected<study_spec> parse_study(std::string_view text, const std::string& source, study_origin origin) {
  const auto line_of = [&](std::size_t at) {
    return std::to_string(1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  };
  if (auto at = invalid_utf8_at(text))
    return make_error(source + ":" + line_of(*at) + ": not UTF-8 text (byte " + std::to_string(*at) + ")");
  // YAML allows no control character but tab and line breaks; a NUL would
  // also cut a command short.
  const auto control = std::find_if(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
  });
  if (control != text.end()) {
    const auto at = static_cast<std::size_t>(control - text.begin());
    char code[8];
    std::snprintf(code, sizeof code, "0x%02x", static_cast<unsigned char>(*control));
    return make_error(source + ":" + line_of(at) + ": control character " + code + " (byte " +
                      std::to_string(at) + "); only tab and line breaks are allowed");
  }
  try {
    const YAML::Node doc = YAML::Load(quote_plain_command(join_surrogate_escapes(text)));
    return study_parser(source, origin).parse(doc);
  } catch (const yaml_reader::failure& f) {
    return f.what;
  } catch (const YAML::Exception& e) {
    return make_error(source + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
}

expected<study_spec> load_study_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(path + ": cannot read the study file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_study(text.str(), path);
}

}  // namespace summit::model
