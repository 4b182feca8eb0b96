#include "algorithms/bayes/gp_fit.hpp"

#include <cmath>
#include <numeric>

#include "algorithms/bayes/minimize.hpp"
#include "algorithms/space/random.hpp"

namespace summit::algorithms::bayes {

namespace {

struct normal_prior {
  double mean, sd;
  double log_density(double v) const { return -0.5 * (v - mean) * (v - mean) / (sd * sd); }
  double derivative(double v) const { return -(v - mean) / (sd * sd); }
};

const normal_prior length_prior{std::log(0.5), 1.0};
const normal_prior variance_prior{0.0, 1.5};
const normal_prior noise_prior{std::log(1e-3), 3.0};
const normal_prior mean_prior{0.0, 0.2};

void bounds(int d, Eigen::VectorXd& lower, Eigen::VectorXd& upper) {
  lower.resize(d + 3);
  upper.resize(d + 3);
  lower.head(d).setConstant(std::log(0.01));
  upper.head(d).setConstant(std::log(10.0));
  lower[d] = std::log(0.01);
  upper[d] = std::log(100.0);
  lower[d + 1] = std::log(1e-8);
  upper[d + 1] = 0.0;
  lower[d + 2] = -3;
  upper[d + 2] = 3;
}

}  // namespace

double log_posterior(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta,
                     Eigen::VectorXd& gradient, const std::vector<bool>& categorical) {
  const auto d = static_cast<int>(theta.size()) - 3;
  auto model = gp::fit(x, y, gp_parameters::unpack(theta, categorical));
  if (!model) {
    gradient = Eigen::VectorXd::Zero(theta.size());
    return -std::numeric_limits<double>::infinity();
  }
  double value = model->log_likelihood();
  gradient = model->log_likelihood_gradient();
  const auto add = [&](int i, const normal_prior& prior) {
    value += prior.log_density(theta[i]);
    gradient[i] += prior.derivative(theta[i]);
  };
  for (int i = 0; i < d; ++i) add(i, length_prior);
  add(d, variance_prior);
  add(d + 1, noise_prior);
  add(d + 2, mean_prior);
  return value;
}

gp_parameters default_parameters(int dimensions) {
  gp_parameters p;
  p.kernel.log_lengths = Eigen::VectorXd::Constant(dimensions, std::log(0.5));
  p.kernel.log_variance = 0;
  p.log_noise = std::log(1e-3);
  p.mean = 0;
  return p;
}

expected<gp_parameters> fit_parameters(const Eigen::MatrixXd& x_all, const Eigen::VectorXd& y_all,
                                       const fit_options& options) {
  const auto d = static_cast<int>(x_all.cols());
  random_engine rng(options.seed);
  Eigen::MatrixXd x = x_all;
  Eigen::VectorXd y = y_all;
  if (static_cast<std::size_t>(x_all.rows()) > options.max_points) {
    std::vector<Eigen::Index> rows(static_cast<std::size_t>(x_all.rows()));
    std::iota(rows.begin(), rows.end(), 0);
    for (std::size_t i = 0; i < options.max_points; ++i)  // partial Fisher-Yates
      std::swap(rows[i], rows[i + rng.below(rows.size() - i)]);
    rows.resize(options.max_points);
    x.resize(static_cast<Eigen::Index>(rows.size()), d);
    y.resize(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      x.row(static_cast<Eigen::Index>(i)) = x_all.row(rows[i]);
      y[static_cast<Eigen::Index>(i)] = y_all[rows[i]];
    }
  }
  Eigen::VectorXd lower, upper;
  bounds(d, lower, upper);
  auto objective = [&](const Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
    const double value = -log_posterior(x, y, theta, grad, options.categorical);
    grad = -grad;
    return value;
  };
  double best = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta = default_parameters(d).pack();
  for (int start = 0; start <= options.restarts; ++start) {
    Eigen::VectorXd theta = default_parameters(d).pack();
    if (start > 0)
      for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = lower[i] + rng.uniform() * (upper[i] - lower[i]);
    const double value = minimize_bounded(objective, theta, lower, upper, options.max_iterations);
    if (value < best) {
      best = value;
      best_theta = theta;
    }
  }
  if (!std::isfinite(best)) return make_error("no hyperparameters gave a usable Gaussian process");
  return gp_parameters::unpack(best_theta, options.categorical);
}

}  // namespace summit::algorithms::bayes
