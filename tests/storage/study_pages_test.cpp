#include <catch2/catch.hpp>

#include "model/results/results_table.hpp"
#include "storage/study_pages.hpp"
#include "fixtures.hpp"

using namespace summit;
using namespace summit::storage;
using namespace summit::test;

namespace {

observation_record reporting(trial_id trial, std::int64_t iteration, std::vector<std::string> names) {
  observation_record o{trial, iteration, 0.1 * static_cast<double>(iteration), {}, 99};
  for (auto& n : names) o.context.emplace_back(std::move(n), static_cast<double>(trial));
  return o;
}

/// Study 1: six trials (and study 2's between them), each reporting metrics
/// of its own as well as shared ones; trial 4 never reported, trial 6 runs.
void fill(store& log) {
  batch b{a_study(1), a_study(2)};
  for (trial_id t = 1; t <= 7; ++t) {
    auto r = a_trial(t, t == 5 ? 2 : 1);
    if (t != 6) r.status = t % 2 ? trial_status::completed : trial_status::failed;
    b.push_back(r);
    if (t == 4) continue;
    for (std::int64_t i = 1; i <= static_cast<std::int64_t>(t); ++i)
      b.push_back(reporting(t, i, {"m" + std::to_string(t), "acc", "it" + std::to_string(i)}));
  }
  REQUIRE_FALSE(log.commit(b));
}

model::results_table whole_table(const store& log) {
  model::registry r;
  REQUIRE_FALSE(load_study(log, 1, r));
  return model::make_results_table(*r.find(1));
}

/// Every page's rows after each other, and how many pages there were.
std::pair<model::results_table, int> paged(const study_pages& pages, std::size_t values) {
  model::results_table all;
  int count = 0;
  trial_id after = 0;
  for (bool more = true; more; ++count) {
    auto page = pages.read(after, values);
    REQUIRE(page.has_value());
    const auto t = model::make_results_page(*page->state.find(1), pages.metric_names());
    all.columns = t.columns;
    all.first_metric = t.first_metric;
    all.rows.insert(all.rows.end(), t.rows.begin(), t.rows.end());
    after = page->last;
    more = page->more;
    REQUIRE(count < 100);
  }
  return {all, count};
}

}  // namespace

TEST_CASE("pages of whole trials read from the log make the table a whole load gives", "[storage][pages]") {
  test::temp_dir dir;
  auto log = open_rw(dir);
  fill(*log);
  const auto whole = whole_table(*log);
  auto pages = study_pages::open(*log, 1);
  REQUIRE(pages.has_value());
  REQUIRE(*pages);
  CHECK((*pages)->metric_names() ==
        std::vector<std::string>(whole.columns.begin() + whole.first_metric, whole.columns.end()));
  for (std::size_t values : {1, 10, 30, 60, 100000}) {
    INFO(values << " values a page");
    const auto [table, count] = paged(**pages, values);
    CHECK(table.columns == whole.columns);
    CHECK(table.rows == whole.rows);
    if (values == 1) CHECK(count == 6);  // one trial a page: never split
    if (values == 100000) CHECK(count == 1);
  }
}

TEST_CASE("a paged read sees the log as it was when it began", "[storage][pages]") {
  test::temp_dir dir;
  auto log = open_rw(dir);
  fill(*log);
  const auto before = whole_table(*log);
  auto pages = study_pages::open(*log, 1);
  REQUIRE(pages.has_value());
  auto first = (*pages)->read(0, 1);
  REQUIRE(first.has_value());
  REQUIRE(first->more);
  // Between two pages: a new trial, a new metric, another observation.
  REQUIRE_FALSE(log->commit(batch{a_trial(8, 1), reporting(8, 1, {"late"}), reporting(6, 9, {"acc"})}));
  CHECK(paged(**pages, 1).first.rows == before.rows);
  CHECK(whole_table(*log).rows.size() == before.rows.size() + 2);
}

TEST_CASE("a study the log does not hold has no pages", "[storage][pages]") {
  test::temp_dir dir;
  auto log = open_rw(dir);
  fill(*log);
  auto pages = study_pages::open(*log, 9);
  REQUIRE(pages.has_value());
  CHECK(*pages == nullptr);
  CHECK((*study_pages::open(*log, 2))->read(0, 100)->state.find(2)->trials().size() == 1);
}
