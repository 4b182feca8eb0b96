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

  /// A uniform draw of every active parameter.
  params sample(random_engine& rng) const;

  /// Whether some parameter exists only under another's value (`when:`).
  bool conditional() const { return conditional_; }
  /// Whether p's conditions hold in point: each parent is active there and
  /// holds one of the condition's values.
  bool active(const parameter& p, const params& point) const;
  /// point without the values of parameters inactive in it, and with a
  /// fresh draw for each active one it lacks: what an algorithm that
  /// changed a parent's value (a perturbation, a mutation) runs.
  params conform(params point, random_engine& rng) const;
  /// point without the values of parameters inactive in it (names that are
  /// no parameter of the space, an algorithm's own, stay).
  params active_part(params point) const;

  /// p with every value as its parameter holds it, or an error naming the
  /// first parameter that is missing, unknown, inactive in p or out of its
  /// range.
  expected<params> coerce(const params& p) const;

 private:
  bool active(const parameter& p, const params& point, std::size_t depth) const;

  std::vector<parameter> parameters_;
  int dimensions_ = 0;
  bool conditional_ = false;
};

/// The number of points of the grid with n points per numeric range
/// (grid_values), or nothing when it does not fit in 64 bits. In a
/// conditional space, an upper bound: the grid's points differ only in
/// active values, so some coincide.
std::optional<std::uint64_t> grid_size(const search_space& space, int n);

}  // namespace summit::algorithms
