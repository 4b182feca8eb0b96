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

}  // namespace summit::test
