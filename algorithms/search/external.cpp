#include "algorithms/search/external.hpp"

namespace summit::algorithms {

external::external(std::shared_ptr<external_feed> feed, external_config config)
    : feed_(feed ? std::move(feed) : std::make_shared<external_feed>()), config_(config) {}

suggestion external::suggest(const history& h) {
  const std::size_t n = h.trials.size() - h.count(trial_origin::retry);
  const bool enough = config_.max_trials && n >= static_cast<std::size_t>(*config_.max_trials);
  feed_->hungry = false;
  if (enough || (feed_->ready.empty() && feed_->done)) return suggestion::done();
  if (feed_->ready.empty()) {
    feed_->hungry = true;
    return suggestion::wait();
  }
  auto next = std::move(feed_->ready.front());
  feed_->ready.pop_front();
  return suggestion::run(std::move(next));
}

std::optional<std::size_t> external::planned_trials() const {
  if (!config_.max_trials) return std::nullopt;
  return static_cast<std::size_t>(*config_.max_trials);
}

}  // namespace summit::algorithms
