#pragma once
// Builds specs from inline YAML, so each test states its study the way a
// user would write it.

#include <catch2/catch.hpp>

#include "model/study_file/study_file.hpp"

namespace summit::test {

inline model::study_spec spec_from(const std::string& yaml) {
  auto spec = model::parse_study(yaml, "test.yaml");
  if (!spec) FAIL(spec.error().message);
  return *spec;
}

/// A study with `parameters` and `algorithm` YAML fragments filled in.
inline std::string study_yaml(const std::string& parameters, const std::string& algorithm,
                              const std::string& extra = "") {
  return "name: t\ncommand: run\nobjective: {goal: minimize}\nalgorithm: " + algorithm +
         "\nparameters:\n" + parameters + extra;
}

/// The error parsing `text` as study.yaml gives with `from` replaced by `to`.
inline std::string error_with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  auto spec = model::parse_study(text, "study.yaml");
  REQUIRE_FALSE(spec.has_value());
  return spec.error().message;
}

}  // namespace summit::test
