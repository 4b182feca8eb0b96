#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/external.hpp"
#include "algorithms/search/make_algorithm.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

std::unique_ptr<algorithm> external_of(const std::string& section, std::shared_ptr<external_feed> feed) {
  auto spec = test::spec_from(test::study_yaml("  x: {type: continuous, range: [0, 1]}\n", section));
  return make_algorithm(spec, algorithm_context("checkpoints", std::move(feed)));
}

}  // namespace

TEST_CASE("external hands out what its process sent, in order, and waits hungry when it has none", "[search]") {
  auto feed = std::make_shared<external_feed>();
  auto alg = external_of("{name: external}", feed);
  history h;
  CHECK(alg->suggest(h).what == suggestion::kind::wait);
  CHECK(feed->hungry);
  feed->ready.push_back({{"x", 0.25}});
  feed->ready.push_back({{"x", 0.75}});
  auto first = alg->suggest(h);
  REQUIRE(first.what == suggestion::kind::run);
  CHECK(first.parameters == params{{"x", 0.25}});
  CHECK_FALSE(feed->hungry);
  CHECK(alg->suggest(h).parameters == params{{"x", 0.75}});
  CHECK(alg->suggest(h).what == suggestion::kind::wait);
  CHECK(feed->hungry);
  feed->ready.push_back({{"x", 0.5}});
  feed->done = true;  // the points sent with done still run
  CHECK(alg->suggest(h).parameters == params{{"x", 0.5}});
  CHECK(alg->suggest(h).what == suggestion::kind::done);
  CHECK_FALSE(feed->hungry);
  CHECK_FALSE(alg->planned_trials());
}

TEST_CASE("external is done at max_trials, retries not counted", "[search]") {
  auto feed = std::make_shared<external_feed>();
  auto alg = external_of("{name: external, max_trials: 2}", feed);
  CHECK(alg->planned_trials() == std::optional<std::size_t>(2));
  history h;
  h.trials.push_back({1, {{"x", 0.1}}, trial_status::failed, trial_origin::algorithm, std::nullopt, -1});
  h.trials.push_back({2, {{"x", 0.1}}, trial_status::running, trial_origin::retry, std::nullopt, -1});
  feed->ready.push_back({{"x", 0.5}});
  CHECK(alg->suggest(h).what == suggestion::kind::run);
  h.trials.push_back({3, {{"x", 0.5}}, trial_status::running, trial_origin::algorithm, std::nullopt, -1});
  feed->ready.push_back({{"x", 0.6}});
  CHECK(alg->suggest(h).what == suggestion::kind::done);  // the process's surplus is not run
}

TEST_CASE("external without a process waits for ever", "[search]") {
  auto spec = test::spec_from(test::study_yaml("  x: {type: continuous, range: [0, 1]}\n", "{name: external}"));
  auto alg = make_algorithm(spec);
  history h;
  for (int i = 0; i < 3; ++i) CHECK(alg->suggest(h).what == suggestion::kind::wait);
}
