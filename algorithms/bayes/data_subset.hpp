#pragma once
// The rows a GP conditions on once there are more than it can afford (the
// "subset of data" approximation, Rasmussen & Williams 2006 §8.3.1): an
// exact GP costs O(n²) per predicted point and O(n³) per factorization, so
// past `limit` rows a suggestion would grow without bound.
//
// Of the first `anchor` rows, half the base are the best by score (lowest;
// ties by row) — where the acquisition's maximum is sought — and half are
// spread evenly over the others, so the model still knows where the search
// has been; every row after the anchor is kept. The anchor moves by a
// quarter of the limit at a time, so between moves the subset only grows and
// a cached factorization can grow with it:
//   step = limit / 4,  anchor = n - (n - limit) mod step,  base = limit - step.
// Fewer than `limit` rows are kept; with at most `limit`, every row.

#include <vector>

#include <Eigen/Core>

namespace summit::algorithms::bayes {

/// Rows of score (in ascending order) to condition on.
std::vector<Eigen::Index> conditioning_rows(const Eigen::VectorXd& score, std::size_t limit);

}  // namespace summit::algorithms::bayes
