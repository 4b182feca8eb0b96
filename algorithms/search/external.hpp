#pragma once
// Suggestions made by a process outside the coordinator: SHERPA's "writing
// new algorithms", served by summit.AlgorithmServer (clients/python). The
// process answers in its own time, so this algorithm hands out what its
// feed holds and says "wait" when the feed is empty, marking it hungry; the
// feed's owner (the study's suggester actor) asks the process for more and
// has the study ask again when they come.
//
// Unlike the other algorithms its answers are the process's, not a
// function of the history. The log holds every suggestion made into a
// trial; one not made into a trial yet is lost with a restart and asked for
// again.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>

#include "algorithms/search/algorithm.hpp"

namespace summit::algorithms {

struct external_feed {
  std::deque<params> ready;  ///< checked against the space, not yet handed out
  bool done = false;         ///< the process said it has no more
  bool hungry = false;       ///< a suggest() found nothing ready: ask the process
};

struct external_config {
  std::optional<std::int64_t> max_trials;  ///< configurations, retries not counted
};

class external final : public algorithm {
 public:
  external(std::shared_ptr<external_feed> feed, external_config config);

  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;

 private:
  std::shared_ptr<external_feed> feed_;
  external_config config_;
};

}  // namespace summit::algorithms
