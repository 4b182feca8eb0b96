#pragma once
// Several objectives and constraints: which trials no other beats. After
// K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, "A fast and elitist
// multiobjective genetic algorithm: NSGA-II", IEEE Trans. Evol. Comp. 6(2),
// 2002 — its fast non-dominated sort, crowding distance and constrained
// domination (§III-A, §III-B, §VI).
//
// a dominates b when a is no worse in every objective and better in one
// (each objective under its own goal). With constraints, a feasible point
// dominates an infeasible one, and of two infeasible points the one with
// the smaller total violation dominates (Σ over constraints of how far a
// bound is passed). A point whose value is missing or NaN in any objective
// or constraint is infeasible with violation +∞: it never dominates a
// feasible point and never crashes anything.
//
// The crowding distance of a point in a front is the sum over objectives of
// the gap between its two neighbours in that objective, divided by the
// front's range in it; the extremes of each objective get +∞. Pure: no I/O.

#include <cstddef>
#include <optional>
#include <vector>

#include "model/core/types.hpp"

namespace summit::algorithms {

/// One trial as the sort sees it.
struct scored_point {
  std::vector<std::optional<double>> objectives;  ///< one per objective; empty: missing
  double violation = 0;                            ///< Σ of bounds passed; 0: feasible
};

/// A bound on a metric: feasible when min <= value <= max.
struct constraint_bound {
  std::optional<double> min, max;
};

/// How far `value` passes the bound (0 inside; +∞ when missing or NaN).
double violation_of(const constraint_bound& bound, std::optional<double> value);

/// How far `value` is past the bound, negative inside it (the margin to the
/// nearer bound): what a model of the constraint predicts; empty when
/// missing or NaN.
std::optional<double> slack_of(const constraint_bound& bound, std::optional<double> value);

/// Whether a constrained-dominates b (see above).
bool dominates(const scored_point& a, const scored_point& b, const std::vector<goal>& goals);

/// The fronts of the fast non-dominated sort: indices into points, the first
/// front first; equal points share a front. O(M·N²).
std::vector<std::vector<std::size_t>> non_dominated_fronts(const std::vector<scored_point>& points,
                                                           const std::vector<goal>& goals);

/// The first fronts of that sort that hold at least `count` points between
/// them (every front when there are fewer points), each in index order: what
/// NSGA-II's survivor selection needs, in O(F·N·M) for F fronts rather
/// than O(M·N²). Feasible points sort as in non_dominated_fronts; the
/// infeasible ones follow, one front per violation, smallest first.
std::vector<std::vector<std::size_t>> leading_fronts(const std::vector<scored_point>& points,
                                                     const std::vector<goal>& goals, std::size_t count);

/// The crowding distance of each point of `front` (indices into points), in
/// the front's order.
std::vector<double> crowding_distances(const std::vector<scored_point>& points, const std::vector<std::size_t>& front);

/// The Pareto front: the feasible points no other point dominates, in index order.
std::vector<std::size_t> pareto_front(const std::vector<scored_point>& points, const std::vector<goal>& goals);

}  // namespace summit::algorithms
