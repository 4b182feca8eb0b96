#pragma once
// The parameters of a study. Their unit-cube encoding, for model-based
// algorithms, is in unit_cube.hpp.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "algorithms/space/parameter.hpp"

namespace summit::algorithms {

class search_space {
 public:
  search_space() = default;
  explicit search_space(std::vector<parameter> parameters);

  const std::vector<parameter>& parameters() const { return parameters_; }
  const parameter* find(std::string_view name) const;
  bool empty() const { return parameters_.empty(); }

  /// Coordinates of the unit-cube encoding (unit_cube.hpp).
  int dimensions() const { return dimensions_; }

  params sample(random_engine& rng) const;

  /// p with every value as its parameter holds it, or an error naming the
  /// first parameter that is missing, unknown or out of its range.
  expected<params> coerce(const params& p) const;

 private:
  std::vector<parameter> parameters_;
  int dimensions_ = 0;
};

/// The number of points of the grid with n points per numeric range
/// (grid_values), or nothing when it does not fit in 64 bits.
std::optional<std::uint64_t> grid_size(const search_space& space, int n);

}  // namespace summit::algorithms
