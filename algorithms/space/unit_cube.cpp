#include "algorithms/space/unit_cube.hpp"

#include <algorithm>
#include <cmath>

namespace summit::algorithms {

std::size_t value_index(double u, std::size_t n) {
  const auto count = static_cast<double>(n);
  const double at = std::isfinite(u) ? u : 0.0;
  return static_cast<std::size_t>(std::clamp(std::floor(at * count), 0.0, count - 1));
}

Eigen::VectorXd encode(const search_space& space, const params& values) {
  Eigen::VectorXd x(space.dimensions());
  int at = 0;
  for (const auto& p : space.parameters()) {
    const auto found = values.find(p.name);
    if (found == values.end()) {
      x[at] = inactive_coordinate;
      at += p.dimensions();
      continue;
    }
    const value& v = found->second;
    if (p.is_numeric()) {
      x[at] = to_unit(p, as_number(v).value_or(p.low));
    } else {
      const auto index = static_cast<std::size_t>(std::find(p.values.begin(), p.values.end(), v) - p.values.begin());
      x[at] = value_coordinate(std::min(index, p.values.size() - 1), p.values.size());
    }
    at += p.dimensions();
  }
  return x;
}

params decode(const search_space& space, const Eigen::Ref<const Eigen::VectorXd>& x) {
  params out;
  int at = 0;
  for (const auto& p : space.parameters()) {
    switch (p.type) {
      case parameter_type::continuous: out.emplace(p.name, from_unit(p, x[at])); break;
      case parameter_type::discrete:
        out.emplace(p.name, static_cast<std::int64_t>(from_unit(p, x[at])));
        break;
      case parameter_type::ordinal:
      case parameter_type::choice: out.emplace(p.name, p.values[value_index(x[at], p.values.size())]); break;
    }
    at += p.dimensions();
  }
  return space.active_part(std::move(out));
}

std::vector<bool> categorical_dimensions(const search_space& space) {
  std::vector<bool> out;
  for (const auto& p : space.parameters()) out.push_back(p.type == parameter_type::choice);
  return out;
}

}  // namespace summit::algorithms
