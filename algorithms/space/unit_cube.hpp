#pragma once
// The unit-cube encoding of a search space that model-based algorithms work
// in: one coordinate per parameter. Numeric ones map their range (in their
// scale) onto [0, 1]; value i of n of an ordinal or a choice sits at
// (i + 0.5) / n. An ordinal's coordinate is ordered; a choice's only names
// its value (categorical_dimensions(): a kernel compares it for equality),
// so a choice of 10,000 values costs one coordinate, not 10,000 one-hot
// ones. decode() of any point, even outside the cube, is a valid member of
// the space.
//
// In a conditional space (`when:`) an inactive parameter's coordinate is
// inactive_coordinate, outside the cube: as SMAC does, the kernel then sees
// every inactive value as one value, apart from all active ones, and no
// invented value reaches the model. decode() drops what its point makes
// inactive.

#include <vector>

#include <Eigen/Core>

#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

/// p must hold a valid value for every active parameter (see
/// search_space::coerce()). The vector has space.dimensions() coordinates.
Eigen::VectorXd encode(const search_space& space, const params& p);
params decode(const search_space& space, const Eigen::Ref<const Eigen::VectorXd>& x);

constexpr double inactive_coordinate = -0.5;

/// Per coordinate: whether it is a choice's.
std::vector<bool> categorical_dimensions(const search_space& space);

/// The coordinate of value i of a choice or ordinal with n values.
inline double value_coordinate(std::size_t i, std::size_t n) {
  return (static_cast<double>(i) + 0.5) / static_cast<double>(n);
}

/// The index of the value whose coordinate is nearest u, clamped (NaN: 0).
std::size_t value_index(double u, std::size_t n);

}  // namespace summit::algorithms
