#pragma once
// The unit-cube encoding of a search space that model-based algorithms work
// in: numeric and ordinal parameters take one coordinate each (ordinal value
// i of n sits at (i + 0.5) / n), a choice of k values takes k one-hot
// coordinates and decodes to the largest one. decode() of any point, even
// outside the cube, is a valid member of the space.

#include <Eigen/Core>

#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

/// p must hold a valid value for every parameter (see search_space::coerce()).
/// The vector has space.dimensions() coordinates.
Eigen::VectorXd encode(const search_space& space, const params& p);
params decode(const search_space& space, const Eigen::Ref<const Eigen::VectorXd>& x);

}  // namespace summit::algorithms
