#pragma once
// The study file's `parameters:`: each one's type, range or values, scale
// and `when:` conditions (a parent that exists, holds the values given, and
// no cycle). Internal to the study-file parser (study_file.cpp); failures
// are thrown as yaml_reader::failure like the rest of it.

#include <yaml-cpp/yaml.h>

#include "model/spec/study_spec.hpp"
#include "model/study_file/yaml_reader.hpp"

namespace summit::model::detail {

search_space read_parameters(const yaml_reader& r, const YAML::Node& n);

}  // namespace summit::model::detail
