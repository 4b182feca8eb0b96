// The acquisition of several objectives: a random Chebyshev scalarization of
// a GP per objective (algorithms/bayes/scalarized.hpp).

#include <cmath>

#include <catch2/catch.hpp>

#include "algorithms/bayes/scalarized.hpp"
#include "gradient_check.hpp"

using namespace summit;
using namespace summit::algorithms::bayes;

namespace {

gp_parameters smooth_parameters(int d) {
  gp_parameters p;
  p.kernel.log_lengths = Eigen::VectorXd::Constant(d, std::log(0.4));
  p.log_noise = std::log(1e-4);
  return p;
}

/// Two conflicting objectives on [0, 1]²: distances to two corners.
Eigen::MatrixXd two_objectives(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd f(x.rows(), 2);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    f(i, 0) = (x.row(i) - Eigen::RowVector2d(0.2, 0.3)).squaredNorm();
    f(i, 1) = (x.row(i) - Eigen::RowVector2d(0.9, 0.7)).squaredNorm();
  }
  return f;
}

struct fixture {
  Eigen::MatrixXd x, f;
  std::vector<gp> models;

  explicit fixture(std::uint64_t seed) {
    random_engine rng(seed);
    x.resize(12, 2);
    for (Eigen::Index i = 0; i < x.rows(); ++i) x.row(i) = Eigen::RowVector2d(rng.uniform(), rng.uniform());
    f = two_objectives(x);
    for (Eigen::Index k = 0; k < f.cols(); ++k) models.push_back(*gp::fit(x, f.col(k), smooth_parameters(2)));
  }
};

}  // namespace

TEST_CASE("the Chebyshev scalarization weighs each objective over its range, from below the least value",
          "[scalarized]") {
  Eigen::MatrixXd values(3, 2);
  values << 0, 10, 1, 5, 2, 0;
  const chebyshev s = chebyshev::over(values, Eigen::Vector2d(0.5, 0.5));
  CHECK(s.low[0] == Approx(-0.2));  // a tenth of the range below
  CHECK(s.range[1] == Approx(10));
  // u = (1.2 / 2, 5.5 / 10) = (0.6, 0.55): max 0.3, plus 0.05 · 0.575
  Eigen::VectorXd df;
  CHECK(s.with_gradient(Eigen::Vector2d(1, 4.5), df) == Approx(0.3 + 0.05 * 0.575));
  CHECK(df[0] == Approx(0.5 / 2 * 1.05));  // the max's term
  CHECK(df[1] == Approx(0.05 * 0.5 / 10));
  // A column every row shares weighs nothing.
  values.col(1).setConstant(3);
  const chebyshev flat = chebyshev::over(values, Eigen::Vector2d(0.5, 0.5));
  CHECK(flat(Eigen::Vector2d(1, 3)) == flat(Eigen::Vector2d(1, 100)));
}

TEST_CASE("simplex weights are positive and sum to one", "[scalarized]") {
  random_engine rng(4);
  for (int i = 0; i < 50; ++i) {
    const Eigen::VectorXd w = simplex_weights(3, rng);
    CHECK(w.minCoeff() > 0);
    CHECK(w.sum() == Approx(1));
  }
}

TEST_CASE("the scalarized acquisitions' gradients match finite differences", "[scalarized]") {
  const fixture data(7);
  for (auto kind : {acquisition_kind::ei, acquisition_kind::lcb}) {
    random_engine rng(11);
    const scalarized term(data.models, data.f, std::vector<bool>(12, true), kind, rng);
    for (const Eigen::Vector2d& at : {Eigen::Vector2d(0.37, 0.61), Eigen::Vector2d(0.55, 0.45)}) {
      Eigen::VectorXd g;
      const double v = term.value_and_gradient(at, g);
      const auto f = [&](const Eigen::VectorXd& p) {
        Eigen::VectorXd ignored;
        return term.value_and_gradient(p, ignored);
      };
      INFO(to_string(kind) << " at " << at.transpose());
      test::check_gradient(g, test::numeric_gradient(f, at), 1e-3);
      CHECK(term.values(at.transpose())[0] == Approx(v));
    }
  }
}

TEST_CASE("scalarized improvement is never negative, largest between the objectives' optima, and needs a feasible "
          "trial", "[scalarized]") {
  const fixture data(3);
  random_engine rng(5);
  const scalarized ei(data.models, data.f, std::vector<bool>(12, true), acquisition_kind::ei, rng);
  CHECK(ei.improving());
  Eigen::MatrixXd grid(121, 2);
  for (int i = 0; i <= 10; ++i)
    for (int j = 0; j <= 10; ++j) grid.row(i * 11 + j) = Eigen::RowVector2d(i / 10.0, j / 10.0);
  const Eigen::VectorXd v = ei.values(grid);
  CHECK(v.minCoeff() >= 0);
  CHECK(v.allFinite());
  // Far from the segment between the two optima, nothing is Pareto-optimal.
  Eigen::Index best = 0;
  v.maxCoeff(&best);
  const Eigen::RowVector2d a(0.2, 0.3), b(0.9, 0.7), p = grid.row(best);
  const double t = std::clamp((p - a).dot(b - a) / (b - a).squaredNorm(), 0.0, 1.0);
  CHECK((p - (a + t * (b - a))).norm() < 0.2);
  const scalarized none(data.models, data.f, std::vector<bool>(12, false), acquisition_kind::ei, rng);
  CHECK_FALSE(none.improving());
}

TEST_CASE("the probability of improvement counts draws below the best", "[scalarized]") {
  const fixture data(9);
  random_engine rng(2);
  const scalarized pi(data.models, data.f, std::vector<bool>(12, true), acquisition_kind::pi, rng);
  const Eigen::VectorXd v = pi.values(data.x);
  CHECK(v.minCoeff() >= 0);
  CHECK(v.maxCoeff() <= 1);
  // At a trial the models are all but certain: no draw beats the best by much.
  CHECK(v.maxCoeff() < 0.6);
  Eigen::VectorXd g;
  pi.value_and_gradient(Eigen::Vector2d(0.5, 0.5), g);
  CHECK(g.isZero());
}
