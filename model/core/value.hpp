#pragma once
// A parameter value and a trial's parameters. Continuous parameters carry
// doubles, discrete ones integers; choice and ordinal values keep the type the
// study file gave them (number, string or boolean). Their JSON form is in
// views/json.hpp.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

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

}  // namespace summit
