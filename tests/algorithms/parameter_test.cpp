#include <algorithm>
#include <cmath>
#include <set>

#include <catch2/catch.hpp>

#include "algorithms/space/parameter.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

parameter numeric(parameter_type t, double lo, double hi, scale s = scale::linear) {
  parameter p;
  p.name = "x";
  p.type = t;
  p.low = lo;
  p.high = hi;
  p.scaling = s;
  return p;
}

std::vector<double> draws(const parameter& p, int n, std::uint64_t seed = 1) {
  random_engine rng(seed);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(*as_number(sample(p, rng)));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("samples stay inside the range on every scale", "[space]") {
  for (auto s : {scale::linear, scale::log, scale::reverse_log}) {
    auto p = numeric(parameter_type::continuous, 0.5, 8.0, s);
    auto xs = draws(p, 5000);
    CHECK(xs.front() >= 0.5);
    CHECK(xs.back() <= 8.0);
  }
}

TEST_CASE("a log scale puts the median near the geometric mean", "[space]") {
  auto xs = draws(numeric(parameter_type::continuous, 1e-4, 1e-0, scale::log), 20001);
  CHECK(xs[10000] == Approx(1e-2).epsilon(0.1));
}

TEST_CASE("a reverse_log scale is dense near the top of the range", "[space]") {
  // Mirror of the log scale: the median sits at low + high - geometric mean.
  auto xs = draws(numeric(parameter_type::continuous, 1.0, 100.0, scale::reverse_log), 20001);
  CHECK(xs[10000] == Approx(101.0 - 10.0).epsilon(0.02));
  const auto top_tenth = std::count_if(xs.begin(), xs.end(), [](double x) { return x > 90.1; });
  CHECK(top_tenth > 9000);  // half the draws in the top tenth of the range
}

TEST_CASE("to_unit and from_unit invert each other on every scale", "[space]") {
  for (auto s : {scale::linear, scale::log, scale::reverse_log}) {
    auto p = numeric(parameter_type::continuous, 0.9, 0.999, s);
    for (double u : {0.0, 0.1, 0.5, 0.77, 1.0}) CHECK(to_unit(p, from_unit(p, u)) == Approx(u).margin(1e-9));
    CHECK(from_unit(p, 0.0) == Approx(0.9));
    CHECK(from_unit(p, 1.0) == Approx(0.999));
  }
}

TEST_CASE("a discrete parameter draws every integer, the ends included", "[space]") {
  auto xs = draws(numeric(parameter_type::discrete, 1, 5), 5000);
  std::set<double> seen(xs.begin(), xs.end());
  CHECK(seen == std::set<double>{1, 2, 3, 4, 5});
  const auto ones = std::count(xs.begin(), xs.end(), 1.0);
  CHECK(ones > 800);  // about a fifth, not the half-share plain rounding would give the ends
  CHECK(ones < 1200);
}

TEST_CASE("a discrete log parameter keeps integer draws inside the range", "[space]") {
  auto xs = draws(numeric(parameter_type::discrete, 16, 256, scale::log), 5000);
  CHECK(xs.front() == 16);
  CHECK(xs.back() == 256);
  for (double x : xs) CHECK(std::floor(x) == x);
}

TEST_CASE("grid points sit inside the range as SHERPA places them", "[space]") {
  auto p = numeric(parameter_type::continuous, 1, 2);
  auto two = grid_values(p, 2);
  REQUIRE(two.size() == 2);
  CHECK(std::get<double>(two[0]) == Approx(1 + 1.0 / 3));
  CHECK(std::get<double>(two[1]) == Approx(1 + 2.0 / 3));
  auto three = grid_values(p, 3);
  CHECK(std::get<double>(three[0]) == Approx(1.25));
  CHECK(std::get<double>(three[1]) == Approx(1.5));
  CHECK(std::get<double>(three[2]) == Approx(1.75));
}

TEST_CASE("grid points follow the parameter's scale", "[space]") {
  auto one = grid_values(numeric(parameter_type::continuous, 1, 100, scale::log), 1);
  CHECK(std::get<double>(one.at(0)) == Approx(10));
}

TEST_CASE("discrete grid points are rounded and unique", "[space]") {
  auto g = grid_values(numeric(parameter_type::discrete, 1, 3), 5);
  CHECK(g == std::vector<value>{std::int64_t{1}, std::int64_t{2}, std::int64_t{3}});
}

TEST_CASE("choice and ordinal grids hold every value", "[space]") {
  parameter p;
  p.type = parameter_type::choice;
  p.values = {std::string("relu"), std::string("tanh"), true};
  CHECK(grid_values(p, 2) == p.values);
}

TEST_CASE("coerce accepts members and says why others do not belong", "[space]") {
  auto c = numeric(parameter_type::continuous, 0, 1);
  CHECK(std::get<double>(*coerce(c, std::int64_t{1})) == 1.0);
  CHECK(coerce(c, 1.5).error().message == "1.5 is outside the range [0, 1]");
  // A suggestion from an algorithm process or a study file's point: NaN is no value.
  CHECK(coerce(c, std::nan("")).error().message.find("is outside the range [0, 1]") != std::string::npos);
  CHECK_FALSE(coerce(numeric(parameter_type::discrete, 0, 10), std::nan("")));
  CHECK(coerce(c, std::string("a")).error().message == "expected a number, got 'a'");
  auto d = numeric(parameter_type::discrete, 0, 10);
  CHECK(std::get<std::int64_t>(*coerce(d, 4.0)) == 4);
  CHECK(coerce(d, 2.5).error().message == "expected an integer, got 2.5");
  parameter ch;
  ch.type = parameter_type::ordinal;
  ch.values = {std::int64_t{16}, std::int64_t{32}};
  CHECK(std::get<std::int64_t>(*coerce(ch, 32.0)) == 32);
  CHECK(coerce(ch, std::int64_t{8}).error().message == "'8' is not one of the values");
}
