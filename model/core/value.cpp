#include "model/core/value.hpp"

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

}  // namespace summit
