#pragma once
// Every study of a data directory, and the next free ids. The coordinator
// applies each record to it once stored; replay applies the log's records in
// the same way, so the state after a restart is the state before it.

#include <map>
#include <unordered_map>

#include "model/state/study.hpp"

namespace summit::model {

class registry {
 public:
  /// Inserts a study or replaces its record (state, archived flag).
  void put_study(study_record r);
  /// Inserts or replaces a trial of a known study; ignored otherwise.
  void put_trial(trial_record r);
  /// Adds an observation of a known trial; ignored otherwise.
  void add_observation(trial_id trial, std::int64_t iteration, double objective,
                       const std::vector<std::pair<std::string, double>>& context);

  study* find(study_id id);
  const study* find(study_id id) const;
  study* study_of(trial_id trial);
  const study* study_of(trial_id trial) const;
  /// The newest study with this name, if any.
  const study* find_by_name(const std::string& name) const;

  const std::map<study_id, study>& studies() const { return studies_; }
  std::map<study_id, study>& studies() { return studies_; }

  study_id next_study_id() const { return next_study_; }
  trial_id next_trial_id() const { return next_trial_; }

 private:
  std::map<study_id, study> studies_;
  std::unordered_map<trial_id, study_id> trial_study_;
  study_id next_study_ = 1;
  trial_id next_trial_ = 1;
};

}  // namespace summit::model
