#pragma once
// Runs every configuration of another algorithm several times (SHERPA's
// Repeat), for noisy objectives or several seeds. `repeat: {times, wait,
// aggregate}` in the study file's algorithm section.
//
// The trials of one configuration are its first suggestion and the
// times - 1 copies that follow it. The inner algorithm sees one trial per
// configuration: running while any copy runs, COMPLETED with the aggregate
// (mean, median or best) of the completed copies, else FAILED or STOPPED.
// With wait, no new configuration is asked for while copies still run.

#include <memory>

#include "algorithms/search/algorithm.hpp"
#include "model/spec/algorithm_options.hpp"

namespace summit::algorithms {

using model::repeat_aggregate;

struct repeat_config {
  std::int64_t times = 2;
  bool wait = false;
  repeat_aggregate aggregate = repeat_aggregate::mean;
};

class repeat final : public algorithm {
 public:
  repeat(std::unique_ptr<algorithm> inner, repeat_config config);
  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;

 private:
  std::unique_ptr<algorithm> inner_;
  repeat_config config_;
};

}  // namespace summit::algorithms
