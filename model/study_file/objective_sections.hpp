#pragma once
// The study file's `objective:`/`objectives:` and `constraints:`, and the
// rule that only algorithms and stopping rules that can weigh several
// objectives or constraints take them. Internal to the study-file parser
// (study_file.cpp); failures are thrown as yaml_reader::failure like the
// rest of it.

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "model/spec/study_spec.hpp"
#include "model/study_file/yaml_reader.hpp"

namespace summit::model::detail {

/// One objective at `path`; `reduce` is its aggregate unless it names one.
objective_spec read_objective(const yaml_reader& r, const YAML::Node& n, const std::string& path, aggregate reduce);
/// The `objectives:` list: with several, each one's aggregate defaults to last.
std::vector<objective_spec> read_objectives(const yaml_reader& r, const YAML::Node& n);
std::vector<constraint_spec> read_constraints(const yaml_reader& r, const YAML::Node& n);

/// Refuses a study with several objectives or constraints that its
/// algorithm, repeat or stopping rule cannot weigh, and a metric a trial
/// could never report.
void check_several_objectives(const yaml_reader& r, const YAML::Node& doc, const study_spec& s);

}  // namespace summit::model::detail
