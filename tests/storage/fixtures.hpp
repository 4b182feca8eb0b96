#pragma once
// Records and stores the storage tests share.

#include <memory>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "storage/load.hpp"
#include "storage/store.hpp"
#include "temp_dir.hpp"

namespace summit::test {

inline model::study_record a_study(study_id id = 1) {
  auto spec = test::spec_from(
      "name: s\ncommand: run :x:\nobjective: {goal: minimize}\nalgorithm: {name: random, seed: 3}\n"
      "parameters:\n  x: {type: continuous, range: [0, 1]}\n  c: {type: choice, values: [a, 2, true]}\n");
  return model::study_record{id, spec, study_state::running, false, "/tmp/w", 1700000000000};
}

inline model::trial_record a_trial(trial_id id, study_id study = 1) {
  model::trial_record t;
  t.id = id;
  t.study = study;
  t.parameters = {{"x", 0.25}, {"c", std::string("a")}, {"n", std::int64_t{-3}}, {"b", true}};
  t.worker = "local";
  t.started_ms = 5;
  return t;
}

inline storage::observation_record an_observation(trial_id trial, std::int64_t iteration, double objective) {
  return storage::observation_record{trial, iteration, objective, {{"acc", objective / 2}}, 99};
}

inline std::unique_ptr<storage::store> open_rw(const test::temp_dir& dir) {
  auto s = storage::store::open(dir.str(), storage::store::mode::read_write);
  REQUIRE(s.has_value());
  return std::move(*s);
}

inline model::registry replayed(const storage::store& s) {
  model::registry r;
  auto failed = storage::load(s, r);
  INFO((failed ? failed->message : ""));
  REQUIRE_FALSE(failed);
  return r;
}

}  // namespace summit::test
