#pragma once
// Iterate (SHERPA's Iterate): runs an explicit list of points, in order,
// once each. Points were validated against the space with the study file.

#include "algorithms/search/algorithm.hpp"

namespace summit::algorithms {

class iterate final : public algorithm {
 public:
  explicit iterate(std::vector<params> points) : points_(std::move(points)) {}
  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override { return points_.size(); }

 private:
  std::vector<params> points_;
};

}  // namespace summit::algorithms
