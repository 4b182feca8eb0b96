#include "algorithms/core/value.hpp"

#include <charconv>
#include <cmath>

namespace summit {

namespace {

std::string format_double(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[32];
  // general: shortest round-trip digits, fixed notation for moderate exponents
  // (0.0001 rather than 1e-04), as Python prints floats.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general);
  return ec == std::errc{} ? std::string(buf, end) : std::to_string(x);
}

}  // namespace

std::string to_text(const value& v) {
  struct visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_double(d); }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(visitor{}, v);
}

std::optional<double> as_number(const value& v) {
  if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

nlohmann::json to_json(const value& v) {
  return std::visit([](const auto& x) { return nlohmann::json(x); }, v);
}

nlohmann::json to_json(const params& p) {
  auto j = nlohmann::json::object();
  for (const auto& [name, v] : p) j[name] = to_json(v);
  return j;
}

expected<value> value_from_json(const nlohmann::json& j) {
  if (j.is_boolean()) return value{j.get<bool>()};
  if (j.is_number_integer()) {
    if (j.is_number_unsigned() && j.get<std::uint64_t>() > INT64_MAX)
      return make_error("integer out of range");
    return value{j.get<std::int64_t>()};
  }
  if (j.is_number_float()) return value{j.get<double>()};
  if (j.is_string()) return value{j.get<std::string>()};
  return make_error(std::string("expected a number, string or boolean, got ") + j.type_name());
}

expected<params> params_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return make_error(std::string("expected an object, got ") + j.type_name());
  params out;
  for (const auto& [name, v] : j.items()) {
    auto parsed = value_from_json(v);
    if (!parsed) return make_error(name + ": " + parsed.error().message);
    out.emplace(name, std::move(*parsed));
  }
  return out;
}

}  // namespace summit
