// The canonical form of a study file: one line of JSON (which is also YAML,
// so parse_study() reads it back), keys in a fixed order, parameters in the
// file's order. yaml-cpp writes it, as it reads it.

#include <charconv>

#include "model/study_file/algorithm_sections.hpp"
#include "model/study_file/study_file.hpp"

namespace summit::model {

namespace detail {

void write_key(YAML::Emitter& out, std::string_view key) {
  out << YAML::Key << YAML::DoubleQuoted << std::string(key) << YAML::Value;
}

void write_number(YAML::Emitter& out, double x) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);  // shortest that reads back the same
  std::string text(buf, ec == std::errc{} ? end : buf);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  out << text;
}

void write_value(YAML::Emitter& out, const value& v) {
  struct visitor {
    YAML::Emitter& out;
    void operator()(bool b) const { out << b; }
    void operator()(std::int64_t i) const { out << static_cast<long long>(i); }
    void operator()(double d) const { write_number(out, d); }
    void operator()(const std::string& s) const { out << YAML::DoubleQuoted << s; }
  };
  std::visit(visitor{out}, v);
}

void write_params(YAML::Emitter& out, const params& p) {
  out << YAML::BeginMap;
  for (const auto& [name, v] : p) {
    write_key(out, name);
    write_value(out, v);
  }
  out << YAML::EndMap;
}

void write_points(YAML::Emitter& out, const std::vector<params>& points) {
  out << YAML::BeginSeq;
  for (const auto& p : points) write_params(out, p);
  out << YAML::EndSeq;
}

}  // namespace detail

namespace {

using namespace detail;

void write_parameter(YAML::Emitter& out, const parameter& p) {
  out << YAML::BeginMap;
  write_key(out, "type");
  out << YAML::DoubleQuoted << std::string(to_string(p.type));
  if (p.is_numeric()) {
    write_key(out, "range");
    out << YAML::BeginSeq;
    for (double bound : {p.low, p.high}) {
      if (p.type == algorithms::parameter_type::discrete)
        out << static_cast<long long>(bound);
      else
        write_number(out, bound);
    }
    out << YAML::EndSeq;
    write_key(out, "scale");
    out << YAML::DoubleQuoted << std::string(to_string(p.scaling));
  } else {
    write_key(out, "values");
    out << YAML::BeginSeq;
    for (const auto& v : p.values) write_value(out, v);
    out << YAML::EndSeq;
  }
  if (!p.when.empty()) {
    write_key(out, "when");
    out << YAML::BeginMap;
    for (const auto& c : p.when) {
      write_key(out, c.parent);
      out << YAML::BeginMap;
      write_key(out, "in");
      out << YAML::BeginSeq;
      for (const auto& v : c.values) write_value(out, v);
      out << YAML::EndSeq << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void write_objective(YAML::Emitter& out, const objective_spec& o) {
  out << YAML::BeginMap;
  write_key(out, "metric");
  out << YAML::DoubleQuoted << o.metric;
  write_key(out, "goal");
  out << YAML::DoubleQuoted << std::string(to_string(o.direction));
  write_key(out, "aggregate");
  out << YAML::DoubleQuoted << std::string(to_string(o.reduce));
  out << YAML::EndMap;
}

void write_constraints(YAML::Emitter& out, const std::vector<constraint_spec>& constraints) {
  write_key(out, "constraints");
  out << YAML::BeginSeq;
  for (const auto& c : constraints) {
    out << YAML::BeginMap;
    write_key(out, "metric");
    out << YAML::DoubleQuoted << c.metric;
    for (const auto& [key, bound] : {std::pair{"min", c.min}, std::pair{"max", c.max}})
      if (bound) {
        write_key(out, key);
        write_number(out, *bound);
      }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void write_stopping(YAML::Emitter& out, const stopping_spec& s) {
  write_key(out, "stopping");
  out << YAML::BeginMap;
  write_key(out, "rule");
  out << YAML::DoubleQuoted << std::string(to_string(s.rule));
  if (s.rule == stopping_rule_kind::threshold) {
    write_key(out, "threshold");
    write_number(out, s.threshold);
  }
  write_key(out, "min_iterations");
  out << static_cast<long long>(s.min_iterations);
  if (s.rule == stopping_rule_kind::median) {
    write_key(out, "min_trials");
    out << static_cast<long long>(s.min_trials);
    write_key(out, "compare_with");
    out << YAML::DoubleQuoted << std::string(to_string(s.compare_with));
  }
  out << YAML::EndMap;
}

}  // namespace

std::string canonical_text(const study_spec& s) {
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << YAML::BeginMap;
  write_key(out, "name");
  out << YAML::DoubleQuoted << s.name;
  if (!s.command.empty()) {  // none: the trials run where they are asked for
    write_key(out, "command");
    out << YAML::DoubleQuoted << s.command;
  }
  if (s.multi_objective()) {
    write_key(out, "objectives");
    out << YAML::BeginSeq;
    for (const auto& o : s.objectives) write_objective(out, o);
    out << YAML::EndSeq;
  } else {
    write_key(out, "objective");
    write_objective(out, s.objective());
  }
  if (s.constrained()) write_constraints(out, s.constraints);
  write_key(out, "algorithm");
  write_algorithm(out, s.algorithm);
  if (s.stopping.rule != stopping_rule_kind::none) write_stopping(out, s.stopping);
  if (s.max_concurrent > 0) {
    write_key(out, "max_concurrent");
    out << s.max_concurrent;
  }
  write_key(out, "retries");
  out << s.retries;
  if (s.max_context_names != study_spec{}.max_context_names) {
    write_key(out, "max_context_names");
    out << s.max_context_names;
  }
  write_key(out, "parameters");
  out << YAML::BeginMap;
  for (const auto& p : s.space.parameters()) {
    write_key(out, p.name);
    write_parameter(out, p);
  }
  out << YAML::EndMap;
  if (!s.enqueue.empty()) {
    write_key(out, "enqueue");
    write_points(out, s.enqueue);
  }
  out << YAML::EndMap;
  return out.c_str();
}

}  // namespace summit::model
