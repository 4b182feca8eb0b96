#pragma once
// The interface of early-stopping rules. A rule sees every acknowledged
// observation of its study, in the order they were stored, and answers
// whether the trial should stop. Rules keep their own incremental state
// (fed again from the log on replay); a decision must stay cheap with
// thousands of trials.

#include <cstdint>
#include <memory>

#include "model/core/types.hpp"
#include "model/spec/study_spec.hpp"

namespace summit::algorithms {

class stopping_rule {
 public:
  virtual ~stopping_rule() = default;

  /// True when trial should stop after reporting objective at iteration.
  [[nodiscard]] virtual bool observe(trial_id trial, std::int64_t iteration, double objective) = 0;

  /// The trial has ended (completed: it ran to its end, not stopped or
  /// failed); its data may still inform decisions about others.
  virtual void trial_ended(trial_id /*trial*/, bool /*completed*/) {}
};

/// Never stops anything: `stopping: {rule: none}` or no stopping key.
class never_stop final : public stopping_rule {
 public:
  bool observe(trial_id, std::int64_t, double) override { return false; }
};

/// The rule the study's `stopping:` section names.
std::unique_ptr<stopping_rule> make_stopping_rule(const model::study_spec& spec);

}  // namespace summit::algorithms
