#include "algorithms/space/search_space.hpp"

#include <algorithm>
#include <cmath>

namespace summit::algorithms {

search_space::search_space(std::vector<parameter> parameters)
    : parameters_(std::move(parameters)) {
  for (const auto& p : parameters_) dimensions_ += p.dimensions();
}

const parameter* search_space::find(std::string_view name) const {
  for (const auto& p : parameters_)
    if (p.name == name) return &p;
  return nullptr;
}

params search_space::sample(random_engine& rng) const {
  params out;
  for (const auto& p : parameters_) out.emplace(p.name, algorithms::sample(p, rng));
  return out;
}

Eigen::VectorXd search_space::encode(const params& values) const {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(dimensions_);
  int at = 0;
  for (const auto& p : parameters_) {
    const value& v = values.at(p.name);
    if (p.is_numeric()) {
      x[at] = to_unit(p, as_number(v).value_or(p.low));
    } else {
      const auto index = std::find(p.values.begin(), p.values.end(), v) - p.values.begin();
      if (p.type == parameter_type::ordinal)
        x[at] = (static_cast<double>(index) + 0.5) / static_cast<double>(p.values.size());
      else if (index < static_cast<long>(p.values.size()))
        x[at + index] = 1.0;
    }
    at += p.dimensions();
  }
  return x;
}

params search_space::decode(const Eigen::Ref<const Eigen::VectorXd>& x) const {
  params out;
  int at = 0;
  for (const auto& p : parameters_) {
    switch (p.type) {
      case parameter_type::continuous: out.emplace(p.name, from_unit(p, x[at])); break;
      case parameter_type::discrete:
        out.emplace(p.name, static_cast<std::int64_t>(from_unit(p, x[at])));
        break;
      case parameter_type::ordinal: {
        const auto n = static_cast<double>(p.values.size());
        const double u = std::isfinite(x[at]) ? x[at] : 0.0;
        const auto index = static_cast<std::size_t>(std::clamp(std::floor(u * n), 0.0, n - 1));
        out.emplace(p.name, p.values[index]);
        break;
      }
      case parameter_type::choice: {
        std::size_t best = 0;
        for (std::size_t i = 1; i < p.values.size(); ++i)
          if (x[at + static_cast<int>(i)] > x[at + static_cast<int>(best)]) best = i;
        out.emplace(p.name, p.values[best]);
        break;
      }
    }
    at += p.dimensions();
  }
  return out;
}

expected<params> search_space::coerce(const params& values) const {
  params out;
  for (const auto& p : parameters_) {
    auto it = values.find(p.name);
    if (it == values.end()) return make_error(p.name + ": missing (every parameter needs a value)");
    auto v = algorithms::coerce(p, it->second);
    if (!v) return make_error(p.name + ": " + v.error().message);
    out.emplace(p.name, std::move(*v));
  }
  for (const auto& [name, v] : values)
    if (!find(name)) return make_error(name + ": not a parameter of this study");
  return out;
}

}  // namespace summit::algorithms
