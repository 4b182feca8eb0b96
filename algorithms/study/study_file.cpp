#include "algorithms/study/study_file.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "algorithms/core/utf8.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "algorithms/stopping/stopping_rule.hpp"
#include "algorithms/study/algorithm_options.hpp"
#include "algorithms/study/yaml_reader.hpp"

namespace summit::algorithms {

namespace {

using detail::index;
using detail::join;
using detail::parse_algorithm_options;
using detail::parse_point;
using detail::yaml_reader;

constexpr std::size_t max_name_length = 64;

bool is_identifier(const std::string& s) {
  static const std::regex r("[A-Za-z_][A-Za-z0-9_]*");
  return s.size() <= max_name_length && std::regex_match(s, r);
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class study_parser {
 public:
  explicit study_parser(const std::string& source) : r_(source) {}

  study_spec parse(const YAML::Node& doc) {
    r_.expect_map(doc, "",
                  {"name", "command", "objective", "algorithm", "stopping", "max_concurrent",
                   "retries", "parameters", "enqueue"});
    study_spec s;
    s.name = r_.string(r_.require(doc, "name", ""), "name");
    if (s.name.empty() || s.name.size() > 200)
      r_.fail(doc["name"], "name", "must be 1 to 200 characters");
    s.space = parse_parameters(r_.require(doc, "parameters", ""));
    s.objective = parse_objective(r_.require(doc, "objective", ""));
    s.algorithm = parse_algorithm(r_.require(doc, "algorithm", ""), s.space);
    const auto& own = own_parameters(s.algorithm.name);
    for (const auto& name : own)
      if (s.space.find(name))
        r_.fail(doc["parameters"][name], join("parameters", name),
                "'" + name + "' is a parameter " + s.algorithm.name + " sets itself; rename this one");
    s.command = parse_command(r_.require(doc, "command", ""), s.space, own);
    if (auto n = doc["stopping"]) s.stopping = parse_stopping(n);
    if (auto n = doc["max_concurrent"])
      s.max_concurrent = static_cast<int>(r_.integer(n, "max_concurrent", 1, 100000));
    if (auto n = doc["retries"]) s.retries = static_cast<int>(r_.integer(n, "retries", 0, 100));
    if (auto n = doc["enqueue"]) {
      if (!own.empty())
        r_.fail(n, "enqueue", s.algorithm.name + " makes every trial itself; enqueue is not available with it");
      s.enqueue = parse_points(n, "enqueue", s.space);
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
    return search_space(std::move(out));
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
      r_.expect_map(n, path, {"type", "range", "scale"});
      parse_range(n, path, p);
    } else {
      r_.expect_map(n, path, {"type", "values"});
      parse_values(r_.require(n, "values", path), join(path, "values"), p);
    }
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
    for (std::size_t i = 0; i < n.size(); ++i) {
      value v = r_.scalar(n[i], index(path, i));
      for (const auto& seen : p.values)
        if (seen == v) r_.fail(n[i], index(path, i), "duplicate value '" + to_text(v) + "'");
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

  objective_spec parse_objective(const YAML::Node& n) {
    r_.expect_map(n, "objective", {"metric", "goal", "aggregate"});
    objective_spec o;
    if (auto m = n["metric"]) {
      o.metric = r_.string(m, "objective.metric");
      if (o.metric.empty() || o.metric.size() > 128)
        r_.fail(m, "objective.metric", "must be 1 to 128 characters");
    }
    const auto g = r_.require(n, "goal", "objective");
    const auto direction = goal_from(r_.string(g, "objective.goal"));
    if (!direction)
      r_.fail(g, "objective.goal", "expected minimize or maximize, got '" + g.Scalar() + "'");
    o.direction = *direction;
    if (auto a = n["aggregate"]) {
      const auto reduce = aggregate_from(r_.string(a, "objective.aggregate"));
      if (!reduce)
        r_.fail(a, "objective.aggregate", "expected best, last or mean, got '" + a.Scalar() + "'");
      o.reduce = *reduce;
    }
    return o;
  }

  algorithm_spec parse_algorithm(const YAML::Node& n, const search_space& space) {
    r_.expect_map(n, "algorithm");
    algorithm_spec a;
    a.name = known_name(r_.require(n, "name", "algorithm"), "algorithm.name", "algorithm",
                        known_algorithms());
    if (a.name == "grid")
      r_.expect_map(n, "algorithm", {"name", "max_trials", "seed", "num_grid_points", "repeat"});
    else if (a.name == "iterate")
      r_.expect_map(n, "algorithm", {"name", "seed", "points", "repeat"});
    else if (a.name == "bayesian")
      r_.expect_map(n, "algorithm",
                    {"name", "max_trials", "seed", "acquisition", "num_initial", "initial_points", "repeat"});
    else if (a.name == "asha")
      r_.expect_map(n, "algorithm", {"name", "seed", "r", "R", "eta", "s", "max_finished_configs"});
    else if (a.name == "pbt")
      r_.expect_map(n, "algorithm", {"name", "seed", "population_size", "num_generations",
                                     "perturbation_factors", "parameter_range"});
    else if (a.name == "local_search")
      r_.expect_map(n, "algorithm", {"name", "seed", "seed_configuration", "perturbation_factors",
                                     "repeat_trials", "repeat"});
    else
      r_.expect_map(n, "algorithm", {"name", "max_trials", "seed", "repeat"});
    if (auto m = n["max_trials"])
      a.max_trials = r_.integer(m, "algorithm.max_trials", 1, std::int64_t{1} << 40);
    if (auto s = n["seed"])
      a.seed = static_cast<std::uint64_t>(r_.integer(s, "algorithm.seed", 0, INT64_MAX));
    if (auto g = n["num_grid_points"])
      a.num_grid_points = static_cast<int>(r_.integer(g, "algorithm.num_grid_points", 1, 1000));
    if (auto acq = n["acquisition"]) {
      a.acquisition = r_.string(acq, "algorithm.acquisition");
      if (a.acquisition != "ei" && a.acquisition != "pi" && a.acquisition != "lcb")
        r_.fail(acq, "algorithm.acquisition", "expected ei, pi or lcb, got '" + a.acquisition + "'");
    }
    if (auto k = n["num_initial"]) a.num_initial = static_cast<int>(r_.integer(k, "algorithm.num_initial", 1, 100000));
    if (auto pts = n["initial_points"])
      a.initial_points = parse_points(pts, "algorithm.initial_points", space);
    parse_algorithm_options(r_, n, a, space);
    if (a.name == "iterate") {
      a.points = parse_points(r_.require(n, "points", "algorithm"), "algorithm.points", space);
      if (a.points.empty()) r_.fail(n["points"], "algorithm.points", "needs at least one point");
    }
    return a;
  }

  std::vector<params> parse_points(const YAML::Node& n, const std::string& path,
                                   const search_space& space) {
    r_.expect_sequence(n, path);
    std::vector<params> out;
    for (std::size_t i = 0; i < n.size(); ++i) out.push_back(parse_point(r_, n[i], index(path, i), space));
    return out;
  }

  stopping_spec parse_stopping(const YAML::Node& n) {
    r_.expect_map(n, "stopping");
    stopping_spec s;
    s.rule = known_name(r_.require(n, "rule", "stopping"), "stopping.rule", "rule",
                        known_stopping_rules());
    if (s.rule == "none") {
      r_.expect_map(n, "stopping", {"rule"});
      return s;
    }
    if (s.rule == "threshold") {
      r_.expect_map(n, "stopping", {"rule", "threshold", "min_iterations"});
      s.threshold = r_.number(r_.require(n, "threshold", "stopping"), "stopping.threshold");
    } else {
      r_.expect_map(n, "stopping", {"rule", "min_iterations", "min_trials", "compare_with"});
      if (auto m = n["min_trials"]) s.min_trials = r_.integer(m, "stopping.min_trials", 1, 1000000);
      if (auto c = n["compare_with"]) {
        s.compare_with = r_.string(c, "stopping.compare_with");
        if (s.compare_with != "all" && s.compare_with != "completed")
          r_.fail(c, "stopping.compare_with", "expected all or completed, got '" + s.compare_with + "'");
      }
    }
    if (auto m = n["min_iterations"])
      s.min_iterations = r_.integer(m, "stopping.min_iterations", 0, INT64_MAX);
    return s;
  }

  /// One of `known`, or an error that lists them.
  std::string known_name(const YAML::Node& n, const std::string& path, const std::string& noun,
                         const std::vector<std::string>& known) {
    std::string name = r_.string(n, path);
    if (std::find(known.begin(), known.end(), name) == known.end())
      r_.fail(n, path, "unknown " + noun + " '" + name + "' (available: " + list(known) + ")");
    return name;
  }

  yaml_reader r_;
};

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

expected<study_spec> parse_study(std::string_view text, const std::string& source) {
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
    const YAML::Node doc = YAML::Load(quote_plain_command(text));
    return study_parser(source).parse(doc);
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

}  // namespace summit::algorithms
