#include "algorithms/space/parameter.hpp"

#include <algorithm>
#include <cmath>

namespace summit::algorithms {

namespace {

double transform(scale s, double a, double b, double x) {
  switch (s) {
    case scale::linear: return x;
    case scale::log: return std::log(x);
    case scale::reverse_log: return -std::log(a + b - x);
  }
  return x;
}

double inverse(scale s, double a, double b, double t) {
  switch (s) {
    case scale::linear: return t;
    case scale::log: return std::exp(t);
    case scale::reverse_log: return a + b - std::exp(-t);
  }
  return t;
}

// The interval that [0, 1] maps onto (see the header for discrete widening).
std::pair<double, double> unit_range(const parameter& p) {
  if (p.type == parameter_type::discrete) return {p.low - 0.5, p.high + 0.5};
  return {p.low, p.high};
}

double to_unit_on(scale s, double a, double b, double x) {
  const double ta = transform(s, a, b, a), tb = transform(s, a, b, b);
  if (!(tb > ta)) return 0.5;
  return std::clamp((transform(s, a, b, x) - ta) / (tb - ta), 0.0, 1.0);
}

double from_unit_on(scale s, double a, double b, double u) {
  u = u >= 0.0 ? std::min(u, 1.0) : 0.0;  // NaN lands on 0: decoding never fails
  const double ta = transform(s, a, b, a), tb = transform(s, a, b, b);
  return std::clamp(inverse(s, a, b, ta + u * (tb - ta)), a, b);
}

double round_into(const parameter& p, double x) {
  return std::clamp(std::round(x), p.low, p.high);
}

bool same_value(const value& a, const value& b) {
  auto na = as_number(a), nb = as_number(b);
  if (na && nb) return *na == *nb;
  return a == b;
}

}  // namespace

std::string_view to_string(parameter_type t) {
  switch (t) {
    case parameter_type::continuous: return "continuous";
    case parameter_type::discrete: return "discrete";
    case parameter_type::choice: return "choice";
    case parameter_type::ordinal: return "ordinal";
  }
  return "continuous";
}

std::string_view to_string(scale s) {
  switch (s) {
    case scale::linear: return "linear";
    case scale::log: return "log";
    case scale::reverse_log: return "reverse_log";
  }
  return "linear";
}

std::optional<parameter_type> parameter_type_from(std::string_view name) {
  for (auto t : {parameter_type::continuous, parameter_type::discrete, parameter_type::choice,
                 parameter_type::ordinal})
    if (name == to_string(t)) return t;
  return std::nullopt;
}

std::optional<scale> scale_from(std::string_view name) {
  for (auto s : {scale::linear, scale::log, scale::reverse_log})
    if (name == to_string(s)) return s;
  return std::nullopt;
}

double to_unit(const parameter& p, double x) {
  auto [a, b] = unit_range(p);
  return to_unit_on(p.scaling, a, b, x);
}

double from_unit(const parameter& p, double u) {
  auto [a, b] = unit_range(p);
  const double x = from_unit_on(p.scaling, a, b, u);
  return p.type == parameter_type::discrete ? round_into(p, x) : std::clamp(x, p.low, p.high);
}

value scaled(const parameter& p, const value& v, double factor, double low, double high) {
  const double x = std::clamp(as_number(v).value_or(p.low) * factor, low, high);
  if (p.type != parameter_type::discrete) return x;
  return static_cast<std::int64_t>(std::llround(std::clamp(std::round(x), std::ceil(low), std::floor(high))));
}

value sample(const parameter& p, random_engine& rng) {
  switch (p.type) {
    case parameter_type::continuous: return from_unit(p, rng.uniform());
    case parameter_type::discrete: return static_cast<std::int64_t>(from_unit(p, rng.uniform()));
    case parameter_type::choice:
    case parameter_type::ordinal: return p.values[rng.below(p.values.size())];
  }
  return value{};
}

std::vector<value> grid_values(const parameter& p, int n) {
  if (!p.is_numeric()) return p.values;
  std::vector<value> out;
  for (int i = 0; i < n; ++i) {
    const double u = static_cast<double>(i + 1) / (n + 1);
    const double x = from_unit_on(p.scaling, p.low, p.high, u);
    if (p.type == parameter_type::continuous) {
      out.emplace_back(x);
      continue;
    }
    value v = static_cast<std::int64_t>(round_into(p, x));
    if (out.empty() || out.back() != v) out.push_back(v);
  }
  return out;
}

expected<value> coerce(const parameter& p, const value& v) {
  switch (p.type) {
    case parameter_type::continuous:
    case parameter_type::discrete: {
      auto x = as_number(v);
      if (!x) return make_error("expected a number, got '" + to_text(v) + "'");
      if (p.type == parameter_type::discrete && std::floor(*x) != *x)
        return make_error("expected an integer, got " + to_text(v));
      if (!(*x >= p.low && *x <= p.high))  // NaN too: no comparison holds for it
        return make_error(to_text(v) + " is outside the range [" + to_text(p.low) + ", " +
                          to_text(p.high) + "]");
      if (p.type == parameter_type::discrete) return value{static_cast<std::int64_t>(*x)};
      return value{*x};
    }
    case parameter_type::choice:
    case parameter_type::ordinal:
      for (const auto& member : p.values)
        if (same_value(member, v)) return member;
      return make_error("'" + to_text(v) + "' is not one of the values");
  }
  return make_error("unknown parameter type");
}

}  // namespace summit::algorithms
