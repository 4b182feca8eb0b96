#include "model/study_file/yaml_reader.hpp"

#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

namespace summit::model::detail {

namespace {

const char* describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    default: return "a scalar";
  }
}

bool is_plain(const YAML::Node& n) { return n.Tag() == "?"; }

std::optional<bool> plain_bool(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

const std::regex& integer_pattern() {
  static const std::regex r("[-+]?[0-9]+");
  return r;
}

const std::regex& float_pattern() {
  static const std::regex r(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  return r;
}

std::optional<double> special_float(const std::string& s) {
  static const std::set<std::string> inf{".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"};
  static const std::set<std::string> ninf{"-.inf", "-.Inf", "-.INF"};
  static const std::set<std::string> nan{".nan", ".NaN", ".NAN"};
  if (inf.count(s)) return HUGE_VAL;
  if (ninf.count(s)) return -HUGE_VAL;
  if (nan.count(s)) return std::nan("");
  return std::nullopt;
}

}  // namespace

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string comma_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void yaml_reader::fail(const YAML::Node& at, const std::string& path,
                       const std::string& reason) const {
  std::string where = source_;
  const int line = at.Mark().line;
  if (line >= 0) where += ":" + std::to_string(line + 1);
  throw failure{make_error(where + ": " + (path.empty() ? "" : path + ": ") + reason)};
}

void yaml_reader::expect_map(const YAML::Node& n, const std::string& path,
                             const std::vector<std::string_view>& allowed) const {
  if (!n.IsMap()) fail(n, path, std::string("expected a mapping, got ") + describe(n));
  std::set<std::string> seen;
  for (const auto& entry : n) {
    if (!entry.first.IsScalar()) fail(entry.first, path, "keys must be plain names");
    const std::string key = entry.first.Scalar();
    if (!seen.insert(key).second) fail(entry.first, join(path, key), "duplicate key");
    if (allowed.empty()) continue;
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(entry.first, join(path, key), "unknown key (expected one of: " + list + ")");
    }
  }
}

void yaml_reader::expect_sequence(const YAML::Node& n, const std::string& path) const {
  if (!n.IsSequence()) fail(n, path, std::string("expected a list, got ") + describe(n));
}

YAML::Node yaml_reader::require(const YAML::Node& map, const std::string& key,
                                const std::string& path) const {
  YAML::Node n = map[key];
  if (!n) fail(map, join(path, key), "missing");
  return n;
}

const std::string& yaml_reader::checked(const YAML::Node& n, const std::string& path, const std::string& s) const {
  if (!refuse_control_) return s;
  for (const unsigned char c : s)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "0x%02x", c);
      fail(n, path, std::string("control character ") + code +
                        " (written as an escape); only tab and line breaks are allowed");
    }
  return s;
}

std::string yaml_reader::string(const YAML::Node& n, const std::string& path) const {
  if (!n.IsScalar()) fail(n, path, std::string("expected a string, got ") + describe(n));
  return checked(n, path, n.Scalar());
}

std::int64_t yaml_reader::integer(const YAML::Node& n, const std::string& path, std::int64_t min,
                                  std::int64_t max) const {
  const value v = scalar(n, path);
  const auto* i = std::get_if<std::int64_t>(&v);
  if (!i) fail(n, path, "expected an integer, got '" + to_text(v) + "'");
  if (*i < min || *i > max)
    fail(n, path, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                      ", got " + std::to_string(*i));
  return *i;
}

double yaml_reader::number(const YAML::Node& n, const std::string& path) const {
  const value v = scalar(n, path);
  const auto x = as_number(v);
  if (!x) fail(n, path, "expected a number, got '" + to_text(v) + "'");
  return *x;  // finite: scalar() refuses NaN and infinities
}

value yaml_reader::scalar(const YAML::Node& n, const std::string& path) const {
  if (!n.IsScalar()) fail(n, path, std::string("expected a value, got ") + describe(n));
  const std::string& s = checked(n, path, n.Scalar());
  if (!is_plain(n)) return s;
  if (auto b = plain_bool(s)) return *b;
  if (std::regex_match(s, integer_pattern())) {
    try {
      return static_cast<std::int64_t>(std::stoll(s));
    } catch (const std::out_of_range&) {
      fail(n, path, "integer out of range: " + s);
    }
  }
  if (std::regex_match(s, float_pattern())) {
    try {
      return std::stod(s);
    } catch (const std::out_of_range&) {
      fail(n, path, "number out of range: " + s);
    }
  }
  // No study value may be NaN or infinite: not a bound, not a choice, not a
  // point (JSON, the canonical form, cannot even write them).
  if (auto x = special_float(s)) fail(n, path, "expected a finite number, got " + to_text(value{*x}));
  return s;
}

}  // namespace summit::model::detail
