#pragma once
// The study file's `algorithm:` section, read into an algorithm_spec and
// written back in canonical form: one reader and one writer per entry of
// the table of algorithms (model/spec/algorithm_options.hpp). Internal to the
// study-file parser; failures are thrown as yaml_reader::failure like the
// rest of it.

#include <yaml-cpp/yaml.h>

#include "model/spec/study_spec.hpp"
#include "model/study_file/yaml_reader.hpp"

namespace summit::model::detail {

/// The algorithm section n, valid in space.
algorithm_spec read_algorithm(const yaml_reader& r, const YAML::Node& n, const search_space& space);

/// Its canonical form, as the value of the `algorithm` key.
void write_algorithm(YAML::Emitter& out, const algorithm_spec& a);

/// A full parameter map, valid in space (enqueue, iterate points, seeds).
params read_point(const yaml_reader& r, const YAML::Node& n, const std::string& at, const search_space& space);
std::vector<params> read_points(const yaml_reader& r, const YAML::Node& n, const std::string& path,
                                const search_space& space);

/// Canonical scalars: strings always double-quoted (so "16" stays a
/// string), floats always with a point or an exponent (so 1.0 stays a
/// float), both in the shortest form that reads back the same.
void write_value(YAML::Emitter& out, const value& v);
void write_params(YAML::Emitter& out, const params& p);
void write_points(YAML::Emitter& out, const std::vector<params>& points);
void write_number(YAML::Emitter& out, double x);
void write_key(YAML::Emitter& out, std::string_view key);

}  // namespace summit::model::detail
