#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "algorithms/multi/pareto.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

const std::vector<goal> two_minimized{goal::minimize, goal::minimize};

scored_point at(double a, double b, double violation = 0) { return {{a, b}, violation}; }

}  // namespace

TEST_CASE("domination: no worse in every objective, better in one, each under its goal", "[pareto]") {
  CHECK(dominates(at(1, 1), at(2, 2), two_minimized));
  CHECK(dominates(at(1, 2), at(2, 2), two_minimized));
  CHECK_FALSE(dominates(at(2, 2), at(2, 2), two_minimized));  // a tie dominates neither way
  CHECK_FALSE(dominates(at(1, 3), at(2, 2), two_minimized));
  CHECK_FALSE(dominates(at(2, 2), at(1, 3), two_minimized));
  const std::vector<goal> min_max{goal::minimize, goal::maximize};
  CHECK(dominates(at(1, 3), at(2, 2), min_max));
  CHECK_FALSE(dominates(at(1, 1), at(2, 2), min_max));
}

TEST_CASE("constrained domination: feasible first, then the smaller violation", "[pareto]") {
  CHECK(dominates(at(9, 9), at(1, 1, 0.5), two_minimized));       // feasible beats infeasible, however good
  CHECK(dominates(at(5, 5, 0.1), at(1, 1, 0.5), two_minimized));  // two infeasible: the smaller violation
  CHECK_FALSE(dominates(at(1, 1, 0.5), at(5, 5, 0.5), two_minimized));
  constraint_bound memory{std::nullopt, 16.0};
  CHECK(violation_of(memory, 12.0) == 0);
  CHECK(violation_of(memory, 18.5) == 2.5);
  CHECK(violation_of(constraint_bound{1.0, 2.0}, 0.25) == 0.75);
  CHECK(std::isinf(violation_of(memory, std::nullopt)));
  CHECK(std::isinf(violation_of(memory, std::nan(""))));
}

TEST_CASE("a missing or NaN objective is infeasible and never crashes the sort", "[pareto]") {
  std::vector<scored_point> points{at(1, 1), {{2.0, std::nullopt}, 0}, {{std::nan(""), 0.0}, 0}, {{3.0}, 0}, at(2, 0)};
  const auto fronts = non_dominated_fronts(points, two_minimized);
  REQUIRE_FALSE(fronts.empty());
  CHECK(fronts[0] == std::vector<std::size_t>{0, 4});
  CHECK(fronts.back() == std::vector<std::size_t>{1, 2, 3});  // all +∞: one front, none better
  CHECK(pareto_front(points, two_minimized) == std::vector<std::size_t>{0, 4});
  CHECK(pareto_front({{{std::nullopt, std::nullopt}, 0}}, two_minimized).empty());
  CHECK(pareto_front({}, two_minimized).empty());
}

TEST_CASE("the fast non-dominated sort gives every front, ties together", "[pareto]") {
  //  front 0: (1,4) (2,2) (2,2) (4,1);  front 1: (3,3) (5,2);  front 2: (5,5)
  std::vector<scored_point> points{at(3, 3), at(1, 4), at(2, 2), at(5, 5), at(4, 1), at(2, 2), at(5, 2)};
  const auto fronts = non_dominated_fronts(points, two_minimized);
  REQUIRE(fronts.size() == 3);
  CHECK(fronts[0] == std::vector<std::size_t>{1, 2, 4, 5});
  CHECK(fronts[1] == std::vector<std::size_t>{0, 6});
  CHECK(fronts[2] == std::vector<std::size_t>{3});
  // Infeasible points come after every feasible one, by violation.
  points.push_back(at(0, 0, 2.0));
  points.push_back(at(0, 0, 1.0));
  const auto constrained = non_dominated_fronts(points, two_minimized);
  REQUIRE(constrained.size() == 5);
  CHECK(constrained[3] == std::vector<std::size_t>{8});
  CHECK(constrained[4] == std::vector<std::size_t>{7});
  CHECK(pareto_front(points, two_minimized) == std::vector<std::size_t>{1, 2, 4, 5});
}

TEST_CASE("crowding distance: extremes infinite, the rest the normalised gap of their neighbours", "[pareto]") {
  // On the line a + b = 4: (0,4) (1,3) (3,1) (4,0); ranges 4 and 4.
  std::vector<scored_point> points{at(3, 1), at(0, 4), at(1, 3), at(4, 0)};
  const auto d = crowding_distances(points, {0, 1, 2, 3});
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(d[1] == inf);
  CHECK(d[3] == inf);
  // (1,3): neighbours (0,4) and (3,1): |3-0|/4 + |4-1|/4 = 1.5; (3,1): neighbours (1,3) and (4,0): 3/4 + 3/4.
  CHECK(d[2] == Approx(1.5));
  CHECK(d[0] == Approx(1.5));
  // Two points are both extremes; one objective without spread adds nothing.
  const auto two = crowding_distances({at(1, 2), at(1, 3)}, {0, 1});
  CHECK(two == std::vector<double>{inf, inf});
  CHECK(crowding_distances({at(1, 1), at(1, 1), at(1, 1)}, {0, 1, 2})[1] == 0);
  CHECK(crowding_distances(points, {}).empty());
}
