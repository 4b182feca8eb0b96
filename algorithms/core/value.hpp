#pragma once
// A parameter value and a trial's parameters. Continuous parameters carry
// doubles, discrete ones integers; choice and ordinal values keep the type the
// study file gave them (number, string or boolean).

#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "algorithms/core/expected.hpp"

namespace summit {

using value = std::variant<bool, std::int64_t, double, std::string>;

/// A trial's parameters by name. Ordered so that every rendering (JSON,
/// command line, results table) is the same on every run.
using params = std::map<std::string, value>;

/// The shortest text that reads back as the same value: 0.001, 64, relu, true.
/// Used for the command line, SUMMIT_PARAM_<name> and the results table.
std::string to_text(const value& v);

/// The value as a number, when it is one (bools are not numbers here).
std::optional<double> as_number(const value& v);

nlohmann::json to_json(const value& v);
nlohmann::json to_json(const params& p);

/// Refuses null, arrays and objects: a parameter value is a scalar.
expected<value> value_from_json(const nlohmann::json& j);
expected<params> params_from_json(const nlohmann::json& j);

}  // namespace summit
