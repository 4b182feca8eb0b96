#pragma once
// The study the results-table tests (model/ and views/) share.

#include "helpers.hpp"
#include "model/results/results_table.hpp"

namespace summit::test {

/// A study of two trials: one COMPLETED after three observations with context
/// metrics, one FAILED without any.
inline model::study two_trials() {
  auto spec = test::spec_from(
      "name: r\ncommand: run\nobjective: {goal: minimize}\nalgorithm: {name: random}\n"
      "parameters:\n  lr: {type: continuous, range: [0, 1]}\n  act: {type: choice, values: "
      "['a,b', plain]}\n");
  model::study s(model::study_record{1, spec, study_state::running, false, "/", 0});
  model::trial_record one;
  one.id = 1;
  one.parameters = {{"lr", 0.5}, {"act", std::string("a,b")}};
  s.put_trial(one);
  s.add_observation(1, 1, 0.3, {{"acc", 0.8}});
  s.add_observation(1, 2, 0.2, {{"acc", 0.9}});
  s.add_observation(1, 3, 0.25, {{"acc", 0.85}, {"f1", 0.5}});
  one.status = trial_status::completed;
  s.put_trial(one);
  model::trial_record two;
  two.id = 2;
  two.parameters = {{"lr", 0.1}, {"act", std::string("plain")}};
  two.status = trial_status::failed;
  s.put_trial(two);
  return s;
}

}  // namespace summit::test
