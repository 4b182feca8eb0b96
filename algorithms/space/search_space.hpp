#pragma once
// The parameters of a study, and the unit-cube encoding that model-based
// algorithms work in: numeric and ordinal parameters take one coordinate
// each (ordinal value i of n sits at (i + 0.5) / n), a choice of k values
// takes k one-hot coordinates and decodes to the largest one. decode() of any
// point, even outside the cube, is a valid member of the space.

#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "algorithms/space/parameter.hpp"

namespace summit::algorithms {

class search_space {
 public:
  search_space() = default;
  explicit search_space(std::vector<parameter> parameters);

  const std::vector<parameter>& parameters() const { return parameters_; }
  const parameter* find(std::string_view name) const;
  bool empty() const { return parameters_.empty(); }

  /// Length of encode()'s vectors.
  int dimensions() const { return dimensions_; }

  params sample(random_engine& rng) const;

  /// p must hold a valid value for every parameter (see coerce()).
  Eigen::VectorXd encode(const params& p) const;
  params decode(const Eigen::Ref<const Eigen::VectorXd>& x) const;

  /// p with every value as its parameter holds it, or an error naming the
  /// first parameter that is missing, unknown or out of its range.
  expected<params> coerce(const params& p) const;

 private:
  std::vector<parameter> parameters_;
  int dimensions_ = 0;
};

}  // namespace summit::algorithms
