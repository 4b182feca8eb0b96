#include "algorithms/space/unit_cube.hpp"

#include <algorithm>
#include <cmath>

namespace summit::algorithms {

Eigen::VectorXd encode(const search_space& space, const params& values) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(space.dimensions());
  int at = 0;
  for (const auto& p : space.parameters()) {
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

params decode(const search_space& space, const Eigen::Ref<const Eigen::VectorXd>& x) {
  params out;
  int at = 0;
  for (const auto& p : space.parameters()) {
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

}  // namespace summit::algorithms
