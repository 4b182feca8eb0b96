#include <algorithm>
#include <numeric>
#include <set>

#include <catch2/catch.hpp>

#include "algorithms/bayes/data_subset.hpp"
#include "algorithms/space/random.hpp"

using namespace summit;
using namespace summit::algorithms::bayes;

namespace {

Eigen::VectorXd random_scores(Eigen::Index n, std::uint64_t seed) {
  random_engine rng(seed);
  Eigen::VectorXd s(n);
  for (Eigen::Index i = 0; i < n; ++i) s[i] = rng.uniform();
  return s;
}

bool contains(const std::vector<Eigen::Index>& rows, Eigen::Index r) {
  return std::binary_search(rows.begin(), rows.end(), r);
}

}  // namespace

TEST_CASE("up to the limit every row is kept", "[bayes]") {
  for (Eigen::Index n : {0, 1, 99, 100}) {
    const auto rows = conditioning_rows(random_scores(n, 1), 100);
    CHECK(rows.size() == static_cast<std::size_t>(n));
  }
}

TEST_CASE("past the limit: fewer rows, the best of them, the newest, spread over the rest", "[bayes]") {
  const std::size_t limit = 100;  // step 25, base 75: the 37 best of the first `anchor` rows
  for (Eigen::Index n : {101, 124, 125, 126, 400, 1000, 5003}) {
    const Eigen::VectorXd score = random_scores(n, static_cast<std::uint64_t>(n));
    const auto rows = conditioning_rows(score, limit);
    INFO("n = " << n);
    CHECK(rows.size() < limit);
    CHECK(std::is_sorted(rows.begin(), rows.end()));
    CHECK(std::set<Eigen::Index>(rows.begin(), rows.end()).size() == rows.size());
    const Eigen::Index anchor = n - (n - 100) % 25;
    for (Eigen::Index r = anchor; r < n; ++r) CHECK(contains(rows, r));
    std::vector<Eigen::Index> order(static_cast<std::size_t>(anchor));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return score[a] < score[b]; });
    for (std::size_t k = 0; k < 37; ++k) CHECK(contains(rows, order[k]));
    // The spread half reaches both ends of the older rows.
    const auto older = std::count_if(rows.begin(), rows.end(), [&](auto r) { return r < anchor; });
    CHECK(older == 75);
    CHECK(rows.front() < anchor / 10);
  }
}

TEST_CASE("between moves of the anchor the subset only grows, so a factorization can grow with it", "[bayes]") {
  const Eigen::VectorXd score = random_scores(700, 5);
  std::size_t grown = 0, moved = 0;
  for (Eigen::Index n = 101; n < 700; ++n) {
    const auto before = conditioning_rows(score.head(n), 100), after = conditioning_rows(score.head(n + 1), 100);
    const bool kept = std::includes(after.begin(), after.end(), before.begin(), before.end());
    if ((n + 1 - 100) % 25 == 0) {
      ++moved;
    } else {
      CHECK(kept);
      CHECK(after.size() == before.size() + 1);
      grown += kept ? 1 : 0;
    }
  }
  CHECK(moved == 24);
  CHECK(grown == 599 - 24);
}

TEST_CASE("ties are broken by row, so the subset is a function of the scores alone", "[bayes]") {
  const Eigen::VectorXd same = Eigen::VectorXd::Constant(300, 1.0);
  const auto rows = conditioning_rows(same, 100);
  for (Eigen::Index r = 0; r < 37; ++r) CHECK(contains(rows, r));
  CHECK(rows == conditioning_rows(same, 100));
}
