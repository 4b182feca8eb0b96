#include "algorithms/bayes/data_subset.hpp"

#include <algorithm>
#include <numeric>

namespace summit::algorithms::bayes {

std::vector<Eigen::Index> conditioning_rows(const Eigen::VectorXd& score, std::size_t limit) {
  const auto n = static_cast<std::size_t>(score.size());
  std::vector<Eigen::Index> all(n);
  std::iota(all.begin(), all.end(), 0);
  if (n <= limit || limit < 4) return all;
  const std::size_t step = limit / 4, anchor = n - (n - limit) % step, base = limit - step, best = base / 2;

  std::vector<Eigen::Index> head(all.begin(), all.begin() + static_cast<long>(anchor));
  std::nth_element(head.begin(), head.begin() + static_cast<long>(best), head.end(), [&](auto a, auto b) {
    return score[a] < score[b] || (score[a] == score[b] && a < b);
  });
  std::vector<bool> kept(n, false);
  for (std::size_t i = 0; i < best; ++i) kept[static_cast<std::size_t>(head[i])] = true;
  std::vector<Eigen::Index> others;
  others.reserve(anchor - best);
  for (std::size_t i = 0; i < anchor; ++i)
    if (!kept[i]) others.push_back(static_cast<Eigen::Index>(i));
  const std::size_t spread = base - best;
  for (std::size_t i = 0; i < spread; ++i) kept[static_cast<std::size_t>(others[i * others.size() / spread])] = true;
  for (std::size_t i = anchor; i < n; ++i) kept[i] = true;

  std::vector<Eigen::Index> out;
  out.reserve(base + (n - anchor));
  for (std::size_t i = 0; i < n; ++i)
    if (kept[i]) out.push_back(static_cast<Eigen::Index>(i));
  return out;
}

}  // namespace summit::algorithms::bayes
