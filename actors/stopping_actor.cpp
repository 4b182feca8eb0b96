#include "actors/stopping_actor.hpp"

#include "actors/atoms.hpp"
#include "algorithms/stopping/stopping_rule.hpp"

namespace summit::actors {

namespace {

struct stopping_state {
  std::unique_ptr<algorithms::stopping_rule> rule;
  std::string rule_name;
};

caf::behavior stopping_actor(caf::stateful_actor<stopping_state>* self,
                             model::study_spec spec, caf::actor coordinator) {
  self->state.rule = algorithms::make_stopping_rule(spec);
  self->state.rule_name = model::to_string(spec.stopping.rule);
  return {
      [=](observe_atom, trial_id trial, std::int64_t iteration, double objective, bool live) {
        if (self->state.rule->observe(trial, iteration, objective) && live)
          self->send(coordinator, stop_atom::value, trial,
                     "stopped by the " + self->state.rule_name + " rule at iteration " +
                         std::to_string(iteration));
      },
      [=](ended_atom, trial_id trial, bool completed) { self->state.rule->trial_ended(trial, completed); },
  };
}

}  // namespace

caf::actor spawn_stopping_actor(caf::actor_system& sys, const model::study_spec& spec,
                                const caf::actor& coordinator) {
  return sys.spawn(stopping_actor, spec, coordinator);
}

}  // namespace summit::actors
