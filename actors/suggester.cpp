#include "actors/suggester.hpp"

#include "actors/atoms.hpp"
#include "algorithms/search/make_algorithm.hpp"

namespace summit::actors {

namespace {

struct suggester_state {
  std::unique_ptr<algorithms::algorithm> algorithm;
};

caf::behavior suggester(caf::stateful_actor<suggester_state>* self, algorithms::study_spec spec) {
  self->state.algorithm = algorithms::make_algorithm(spec);
  return {
      [=](suggest_atom, const algorithms::history& h) { return self->state.algorithm->suggest(h); },
  };
}

}  // namespace

caf::actor spawn_suggester(caf::actor_system& sys, const algorithms::study_spec& spec) {
  return sys.spawn(suggester, spec);
}

}  // namespace summit::actors
