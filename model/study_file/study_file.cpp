#include "model/study_file/study_file.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "model/core/utf8.hpp"
#include "model/spec/command_line.hpp"
#include "model/study_file/algorithm_sections.hpp"
#include "model/study_file/objective_sections.hpp"
#include "model/study_file/parameter_sections.hpp"
#include "model/study_file/yaml_reader.hpp"

namespace summit::model {

namespace {

using detail::comma_list;
using detail::join;
using detail::check_several_objectives;
using detail::read_algorithm;
using detail::read_constraints;
using detail::read_objective;
using detail::read_objectives;
using detail::read_parameters;
using detail::read_points;
using detail::yaml_reader;

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
    s.space = read_parameters(r_, r_.require(doc, "parameters", ""));
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
