#pragma once
// Asynchronous successive halving (Li et al. 2018, "Massively parallel
// hyperparameter tuning"), as SHERPA's SuccessiveHalving implements it.
//
// Rung k trains a configuration to r·η^(s+k) units of resource, for k from 0
// to the top rung K = floor(log_η(R/r)) - s. Whenever a trial is wanted:
//   - from the highest rung below K down to 0, the best not-yet-promoted
//     configuration among the top floor(n/η) of the n COMPLETED trials of
//     that rung is promoted to the next rung;
//   - otherwise a new random configuration starts at rung 0.
// Done once max_finished_configs configurations have been sent to rung K.
//
// Each trial gets the parameters `rung`, `resource` (the rung's budget, the
// total the model should have been trained for when the trial ends),
// `save_to` (where it saves its model) and `load_from` (the save_to of the
// same configuration's previous rung; empty at rung 0). Everything is derived
// from the history: a promoted configuration is one whose save_to is another
// trial's load_from, so nothing but the log is needed after a restart.

#include <string>

#include "algorithms/search/algorithm.hpp"
#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

struct asha_config {
  std::int64_t r = 1;    ///< minimum resource
  std::int64_t R = 9;    ///< maximum resource
  std::int64_t eta = 3;  ///< reduction factor
  std::int64_t s = 0;    ///< minimum early-stopping rate
  std::int64_t max_finished_configs = 50;
  std::uint64_t seed = 0;
  std::string checkpoint_dir;  ///< save_to paths are <checkpoint_dir>/config-<c>-rung-<k>
};

class asha final : public algorithm {
 public:
  asha(search_space space, asha_config config);
  suggestion suggest(const history& h) override;

  /// K: rungs are 0..K.
  int top_rung() const { return top_rung_; }
  std::int64_t resource_of(int rung) const;

 private:
  params with_rung(params p, std::size_t config, int rung, std::string load_from) const;

  search_space space_;
  asha_config config_;
  int top_rung_;
};

}  // namespace summit::algorithms
