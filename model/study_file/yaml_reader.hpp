#pragma once
// Typed, strict reading of a YAML (or JSON) document with errors that name
// the file, the line, the key path and the reason:
//   study.yaml:7: parameters.lr.range: min 0.1 is greater than max 0.001
// Internal to the study-file parser: failures are thrown as
// yaml_reader::failure and turned into an error value by parse_study().

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/core/expected.hpp"
#include "model/core/value.hpp"

namespace summit::model::detail {

class yaml_reader {
 public:
  struct failure {
    summit::error what;
  };

  /// refuse_control: strings may not hold control characters (but tab and
  /// line breaks) even written as escapes, "\u001b" — a study name reaches
  /// terminals, a NUL would cut a command short.
  explicit yaml_reader(std::string source, bool refuse_control = true)
      : source_(std::move(source)), refuse_control_(refuse_control) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& path,
                         const std::string& reason) const;

  /// A mapping whose keys are unique scalars, each in `allowed` (when given).
  void expect_map(const YAML::Node& n, const std::string& path,
                  const std::vector<std::string_view>& allowed = {}) const;
  void expect_sequence(const YAML::Node& n, const std::string& path) const;

  /// map[key], failing with "missing" when absent.
  YAML::Node require(const YAML::Node& map, const std::string& key, const std::string& path) const;

  std::string string(const YAML::Node& n, const std::string& path) const;
  std::int64_t integer(const YAML::Node& n, const std::string& path, std::int64_t min,
                       std::int64_t max) const;
  double number(const YAML::Node& n, const std::string& path) const;  ///< finite
  /// A scalar as a parameter value: bool, integer, float or string; quoted
  /// scalars stay strings ("16" is a string, 16 an integer).
  value scalar(const YAML::Node& n, const std::string& path) const;

  const std::string& source() const { return source_; }

 private:
  const std::string& checked(const YAML::Node& n, const std::string& path, const std::string& s) const;

  std::string source_;
  bool refuse_control_;
};

/// "a.b" joined, or "b" at the top.
std::string join(const std::string& path, std::string_view key);
std::string index(const std::string& path, std::size_t i);
/// "a, b, c", for the choices an error lists.
std::string comma_list(const std::vector<std::string>& names);

}  // namespace summit::model::detail
