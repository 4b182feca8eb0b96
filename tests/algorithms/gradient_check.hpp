#pragma once
// One helper for every analytic gradient: central differences, compared
// with a tolerance relative to the gradient's size.

#include <functional>

#include <Eigen/Core>
#include <catch2/catch.hpp>

namespace summit::test {

inline Eigen::VectorXd numeric_gradient(const std::function<double(const Eigen::VectorXd&)>& f,
                                        const Eigen::VectorXd& x, double h = 1e-6) {
  Eigen::VectorXd g(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    Eigen::VectorXd a = x, b = x;
    a[i] += h;
    b[i] -= h;
    g[i] = (f(a) - f(b)) / (2 * h);
  }
  return g;
}

inline void check_gradient(const Eigen::VectorXd& analytic, const Eigen::VectorXd& numeric, double tolerance = 1e-4) {
  INFO("analytic: " << analytic.transpose() << "\nnumeric:  " << numeric.transpose());
  const double scale = std::max(1.0, numeric.cwiseAbs().maxCoeff());
  CHECK((analytic - numeric).cwiseAbs().maxCoeff() <= tolerance * scale);
}

}  // namespace summit::test
