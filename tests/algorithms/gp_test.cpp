#include <cmath>
#include <utility>

#include <catch2/catch.hpp>

#include "algorithms/bayes/acquisition.hpp"
#include "algorithms/bayes/gp_fit.hpp"
#include "algorithms/space/random.hpp"
#include "gradient_check.hpp"

using namespace summit;
using namespace summit::algorithms::bayes;

namespace {

Eigen::MatrixXd random_points(int n, int d, std::uint64_t seed) {
  random_engine rng(seed);
  Eigen::MatrixXd x(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) x(i, j) = rng.uniform();
  return x;
}

gp_parameters some_parameters(int d) {
  gp_parameters p;
  p.kernel.log_lengths = Eigen::VectorXd::LinSpaced(d, std::log(0.2), std::log(0.9));
  p.kernel.log_variance = std::log(1.3);
  p.log_noise = std::log(0.01);
  p.mean = 0.2;
  return p;
}

Eigen::VectorXd toy_outputs(const Eigen::MatrixXd& x) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y[i] = std::sin(6 * x(i, 0)) + x.row(i).squaredNorm();
  return y;
}

/// The GP fitted on the first `first` points, and the one fitted on all of them.
std::pair<gp, gp> fitted_on_first_and_all(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::Index first) {
  const int d = static_cast<int>(x.cols());
  auto part = gp::fit(x.topRows(first), y.head(first), some_parameters(d));
  auto whole = gp::fit(x, y, some_parameters(d));
  REQUIRE(part.has_value());
  REQUIRE(whole.has_value());
  return {std::move(*part), std::move(*whole)};
}

}  // namespace

TEST_CASE("the Matern kernel is s^2 at zero distance and decays with it", "[bayes]") {
  matern52 k{Eigen::VectorXd::Constant(2, std::log(0.5)), std::log(2.0)};
  Eigen::Vector2d a(0.1, 0.2), b(0.9, 0.7);
  CHECK(k(a, a) == Approx(2.0));
  CHECK(k(a, b) < k(a, a));
  CHECK(k(a, b) == Approx(k.matrix(a.transpose(), b.transpose())(0, 0)));
}

TEST_CASE("kernel gradients match finite differences", "[bayes]") {
  const int d = 3;
  const Eigen::MatrixXd x = random_points(5, d, 1);
  matern52 k{Eigen::Vector3d(std::log(0.3), std::log(0.7), std::log(1.5)), std::log(0.8)};
  for (int p = 0; p <= d; ++p) {
    auto entry = [&](const Eigen::VectorXd& theta) {
      matern52 kk{theta.head(d), theta[d]};
      return kk.matrix(x, x)(1, 3);
    };
    Eigen::VectorXd theta(d + 1);
    theta << k.log_lengths, k.log_variance;
    const auto numeric = test::numeric_gradient(entry, theta);
    CHECK(k.gradient(x, p)(1, 3) == Approx(numeric[p]).margin(1e-6));
  }
  const Eigen::VectorXd at = x.row(0).transpose();
  const auto analytic = k.gradient_x(at, x.bottomRows(3));
  for (int j = 0; j < 3; ++j) {
    auto f = [&](const Eigen::VectorXd& point) { return k(point, x.row(2 + j).transpose()); };
    test::check_gradient(analytic.row(j).transpose(), test::numeric_gradient(f, at));
  }
}

TEST_CASE("the likelihood's weighted kernel gradients are the sums over each gradient matrix", "[bayes]") {
  Eigen::MatrixXd x = random_points(12, 4, 31);
  for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, 2) = (i % 3) / 2.0;  // a choice of three values
  matern52 k{Eigen::Vector4d(std::log(0.3), std::log(0.7), std::log(0.9), std::log(1.5)), std::log(0.8),
             {false, false, true, false}};
  Eigen::MatrixXd a = random_points(12, 12, 37);
  a = (a + a.transpose()).eval();
  const Eigen::VectorXd sums = k.weighted_gradients(x, a);
  REQUIRE(sums.size() == 5);
  for (int p = 0; p <= 4; ++p) CHECK(sums[p] == Approx(a.cwiseProduct(k.gradient(x, p)).sum()).epsilon(1e-10));
}

TEST_CASE("a categorical dimension counts a differing value as distance 1, whatever the coordinates", "[bayes]") {
  matern52 k{Eigen::Vector2d(std::log(0.5), std::log(0.25)), std::log(2.0), {false, true}};
  Eigen::Vector2d a(0.1, 0.125), b(0.1, 0.875), c(0.1, 0.375);
  CHECK(k(a, b) == Approx(k(a, c)));  // any other value is as far
  matern52 numeric{Eigen::Vector2d(std::log(0.5), std::log(0.25)), std::log(2.0)};
  CHECK(k(a, b) == Approx(numeric(Eigen::Vector2d(0.1, 0.0), Eigen::Vector2d(0.1, 1.0))));
  CHECK(k(a, a) == Approx(2.0));
  const Eigen::MatrixXd rows = (Eigen::MatrixXd(3, 2) << a.transpose(), b.transpose(), c.transpose()).finished();
  CHECK(k.matrix(rows, rows)(0, 1) == Approx(k(a, b)));
  CHECK(k.matrix(rows, rows)(1, 1) == Approx(2.0));
  CHECK(k.gradient_x(a, rows.bottomRows(2)).col(1).isZero());  // a value is chosen, not moved
}

TEST_CASE("kernel gradients match finite differences with a categorical dimension", "[bayes]") {
  Eigen::MatrixXd x = random_points(5, 3, 4);
  for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, 1) = (i % 2 + 0.5) / 2;  // two values
  matern52 k{Eigen::Vector3d(std::log(0.3), std::log(0.7), std::log(1.5)), std::log(0.8), {false, true, false}};
  for (int p = 0; p <= 3; ++p) {
    auto entry = [&](const Eigen::VectorXd& theta) {
      matern52 kk{theta.head(3), theta[3], k.categorical};
      return kk.matrix(x, x)(1, 2);
    };
    Eigen::VectorXd theta(4);
    theta << k.log_lengths, k.log_variance;
    CHECK(k.gradient(x, p)(1, 2) == Approx(test::numeric_gradient(entry, theta)[p]).margin(1e-6));
  }
}

TEST_CASE("the posterior matches a hand-computed two-point case", "[bayes]") {
  // Two points far apart (k between them ~0), no mean: each predicts its own
  // value shrunk by s² / (s² + σ²), with variance s² σ² / (s² + σ²).
  gp_parameters p;
  p.kernel.log_lengths = Eigen::VectorXd::Constant(1, std::log(0.01));
  p.kernel.log_variance = 0;
  p.log_noise = std::log(0.25);
  p.mean = 0;
  Eigen::MatrixXd x(2, 1);
  x << 0.0, 1.0;
  Eigen::VectorXd y(2);
  y << 1.0, -1.0;  // standardized: mean 0, sd sqrt(2)
  auto model = gp::fit(x, y, p);
  REQUIRE(model.has_value());
  Eigen::VectorXd mean, variance;
  model->predict(x, mean, variance);
  const double ys = 1 / std::sqrt(2.0);
  CHECK(mean[0] == Approx(ys * 1.0 / 1.25));
  CHECK(mean[1] == Approx(-ys * 1.0 / 1.25));
  CHECK(variance[0] == Approx(0.25 / 1.25));
  // Far from both: the prior.
  Eigen::MatrixXd middle(1, 1);
  middle << 0.5;
  model->predict(middle, mean, variance);
  CHECK(mean[0] == Approx(0).margin(1e-9));
  CHECK(variance[0] == Approx(1.0));
}

TEST_CASE("log likelihood and posterior gradients match finite differences", "[bayes]") {
  const Eigen::MatrixXd x = random_points(12, 2, 3);
  const Eigen::VectorXd y = toy_outputs(x);
  const Eigen::VectorXd theta = some_parameters(2).pack();
  auto model = gp::fit(x, y, some_parameters(2));
  REQUIRE(model.has_value());
  auto lml = [&](const Eigen::VectorXd& t) { return gp::fit(x, y, gp_parameters::unpack(t))->log_likelihood(); };
  test::check_gradient(model->log_likelihood_gradient(), test::numeric_gradient(lml, theta));
  Eigen::VectorXd g;
  log_posterior(x, y, theta, g);
  auto posterior = [&](const Eigen::VectorXd& t) {
    Eigen::VectorXd ignored;
    return log_posterior(x, y, t, ignored);
  };
  test::check_gradient(g, test::numeric_gradient(posterior, theta));
}

TEST_CASE("acquisition gradients match finite differences", "[bayes]") {
  const Eigen::MatrixXd x = random_points(10, 2, 5);
  auto model = gp::fit(x, toy_outputs(x), some_parameters(2));
  REQUIRE(model.has_value());
  for (auto kind : {acquisition_kind::ei, acquisition_kind::pi, acquisition_kind::lcb}) {
    bayes::acquisition acq{kind, model->outputs().minCoeff(), 0.01, 2.0};
    const Eigen::Vector2d at(0.37, 0.61);
    Eigen::VectorXd g;
    acq.value_and_gradient(*model, at, g);
    auto f = [&](const Eigen::VectorXd& p) {
      Eigen::VectorXd ignored;
      return acq.value_and_gradient(*model, p, ignored);
    };
    INFO(to_string(kind));
    test::check_gradient(g, test::numeric_gradient(f, at), 1e-3);
    CHECK(acq.values(*model, at.transpose())[0] == Approx(f(at)));
  }
}

TEST_CASE("expected improvement is never negative or NaN, even where the model is certain", "[bayes]") {
  bayes::acquisition ei{acquisition_kind::ei, 0.0, 0.01, 2.0};
  for (double mean : {-3.0, 0.0, 3.0})
    for (double sd : {0.0, 1e-12, 0.5}) {
      const double v = ei.value(mean, sd);
      CHECK(std::isfinite(v));
      CHECK(v >= 0);
    }
}

TEST_CASE("extending a GP gives the variances of fitting it on all the points", "[bayes]") {
  const Eigen::MatrixXd x = random_points(9, 2, 7);
  const Eigen::VectorXd y = toy_outputs(x);
  auto [part, whole] = fitted_on_first_and_all(x, y, 6);
  Eigen::VectorXd ys(3);
  for (int i = 0; i < 3; ++i) ys[i] = part.standardize(y[6 + i]);
  REQUIRE_FALSE(part.extend(x.bottomRows(3), ys));
  const Eigen::MatrixXd probe = random_points(4, 2, 9);
  Eigen::VectorXd m1, v1, m2, v2;
  part.predict(probe, m1, v1);
  whole.predict(probe, m2, v2);
  for (int i = 0; i < 4; ++i) CHECK(v1[i] == Approx(v2[i]).epsilon(1e-6));  // variances do not depend on y
}

TEST_CASE("a grown GP is the GP fitted on all its points, means and variances", "[bayes]") {
  const Eigen::MatrixXd x = random_points(40, 3, 21);
  const Eigen::VectorXd y = toy_outputs(x);
  auto [part, whole] = fitted_on_first_and_all(x, y, 31);
  auto grown = part.grown(x.bottomRows(9), y);  // outputs restandardized over all 40
  REQUIRE(grown.has_value());
  CHECK(grown->size() == 40);
  const Eigen::MatrixXd probe = random_points(6, 3, 23);
  Eigen::VectorXd m1, v1, m2, v2;
  grown->predict(probe, m1, v1);
  whole.predict(probe, m2, v2);
  for (int i = 0; i < 6; ++i) {
    CHECK(m1[i] == Approx(m2[i]).margin(1e-9));
    CHECK(v1[i] == Approx(v2[i]).margin(1e-9));
  }
  CHECK(grown->log_likelihood() == Approx(whole.log_likelihood()).epsilon(1e-9));
  CHECK(part.size() == 31);  // the one it grew from is unchanged
}

TEST_CASE("a fantasy keeps the mean and collapses the variance where it is added", "[bayes]") {
  const Eigen::MatrixXd x = random_points(8, 2, 13);
  auto model = gp::fit(x, toy_outputs(x), some_parameters(2));
  REQUIRE(model.has_value());
  const Eigen::MatrixXd at = random_points(1, 2, 17);
  Eigen::VectorXd before_mean, before_var, after_mean, after_var;
  model->predict(at, before_mean, before_var);
  REQUIRE_FALSE(model->extend(at, before_mean));
  model->predict(at, after_mean, after_var);
  CHECK(after_mean[0] == Approx(before_mean[0]).margin(1e-6));
  CHECK(after_var[0] < 0.1 * before_var[0]);
}

TEST_CASE("fitted hyperparameters explain smooth data with little noise", "[bayes]") {
  const Eigen::MatrixXd x = random_points(25, 1, 11);
  Eigen::VectorXd y(25);
  for (int i = 0; i < 25; ++i) y[i] = std::sin(6 * x(i, 0));
  auto p = fit_parameters(x, y, fit_options{});
  REQUIRE(p.has_value());
  CHECK(std::exp(p->log_noise) < 0.01);
  CHECK(std::exp(p->kernel.log_lengths[0]) > 0.05);
  CHECK(std::exp(p->kernel.log_lengths[0]) < 2.0);
}

TEST_CASE("a covariance that is not positive definite gets jitter, not NaN", "[bayes]") {
  Eigen::MatrixXd x(3, 1);
  x << 0.5, 0.5, 0.5;  // the same point three times
  Eigen::VectorXd y(3);
  y << 1, 2, 3;
  gp_parameters p = some_parameters(1);
  p.log_noise = std::log(1e-12);
  auto model = gp::fit(x, y, p);
  REQUIRE(model.has_value());
  Eigen::VectorXd mean, variance;
  model->predict(x, mean, variance);
  CHECK(mean.allFinite());
  CHECK(variance.allFinite());
}
