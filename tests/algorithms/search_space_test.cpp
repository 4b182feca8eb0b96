#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/space/unit_cube.hpp"
#include "model/study_file/study_file.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

namespace {

const char* mixed = R"(  lr: {type: continuous, range: [1.0e-4, 1.0e-1], scale: log}
  units: {type: discrete, range: [16, 256], scale: log}
  momentum: {type: continuous, range: [0.9, 0.999], scale: reverse_log}
  act: {type: choice, values: [relu, tanh, sigmoid]}
  batch: {type: ordinal, values: [16, 32, 64, 128]}
)";

}  // namespace

TEST_CASE("the encoding gives one coordinate per parameter, choices' marked categorical", "[space]") {
  auto spec = test::spec_from(test::study_yaml(mixed, "{name: random}"));
  CHECK(spec.space.dimensions() == 5);
  CHECK(categorical_dimensions(spec.space) == std::vector<bool>{false, false, false, true, false});
  const auto x = encode(spec.space, {{"lr", 0.01}, {"units", std::int64_t{16}}, {"momentum", 0.9},
                                     {"act", std::string("sigmoid")}, {"batch", std::int64_t{32}}});
  CHECK(x[3] == Approx(2.5 / 3));  // value 2 of 3
  CHECK(x[4] == Approx(1.5 / 4));
}

TEST_CASE("a choice of 100,000 values is one coordinate", "[space]") {
  std::string values;
  for (int i = 0; i < 100000; ++i) values += (i ? ", v" : "v") + std::to_string(i);
  auto spec = test::spec_from(test::study_yaml("  c: {type: choice, values: [" + values + "]}\n", "{name: random}"));
  CHECK(spec.space.dimensions() == 1);
  const params last{{"c", std::string("v99999")}};
  CHECK(decode(spec.space, encode(spec.space, last)) == last);
}

TEST_CASE("encode then decode returns every sampled point", "[space]") {
  auto spec = test::spec_from(test::study_yaml(mixed, "{name: random}"));
  random_engine rng(42);
  for (int i = 0; i < 500; ++i) {
    const params p = spec.space.sample(rng);
    const params back = decode(spec.space, encode(spec.space, p));
    REQUIRE(back.size() == p.size());
    for (const auto& [name, v] : p) {
      if (auto d = std::get_if<double>(&v))
        CHECK(std::get<double>(back.at(name)) == Approx(*d).epsilon(1e-9));
      else
        CHECK(back.at(name) == v);
    }
  }
}

TEST_CASE("encoded points lie in the unit cube", "[space]") {
  auto spec = test::spec_from(test::study_yaml(mixed, "{name: random}"));
  random_engine rng(3);
  for (int i = 0; i < 200; ++i) {
    auto x = encode(spec.space, spec.space.sample(rng));
    CHECK(x.minCoeff() >= 0.0);
    CHECK(x.maxCoeff() <= 1.0);
  }
}

TEST_CASE("decoding any point, even outside the cube or NaN, gives a valid member", "[space]") {
  auto spec = test::spec_from(test::study_yaml(mixed, "{name: random}"));
  random_engine rng(9);
  for (int i = 0; i < 500; ++i) {
    Eigen::VectorXd x(spec.space.dimensions());
    for (int k = 0; k < x.size(); ++k) x[k] = rng.uniform() * 4 - 2;
    if (i % 7 == 0) x[i % x.size()] = std::numeric_limits<double>::quiet_NaN();
    auto p = decode(spec.space, x);
    auto valid = spec.space.coerce(p);
    INFO((valid ? "" : valid.error().message));
    CHECK(valid.has_value());
  }
}

TEST_CASE("coerce names a missing or unknown parameter", "[space]") {
  auto spec = test::spec_from(test::study_yaml("  a: {type: continuous, range: [0, 1]}\n", "{name: random}"));
  CHECK(spec.space.coerce({}).error().message == "a: missing (every parameter needs a value)");
  CHECK(spec.space.coerce({{"a", 0.5}, {"b", 1.0}}).error().message ==
        "b: not a parameter of this study");
}
