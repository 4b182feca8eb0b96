#include "actors/suggester.hpp"

#include "actors/atoms.hpp"
#include "algorithms/search/make_algorithm.hpp"

namespace summit::actors {

namespace {

struct suggester_state {
  std::unique_ptr<algorithms::algorithm> algorithm;
};

caf::behavior suggester(caf::stateful_actor<suggester_state>* self, model::study_spec spec,
                        algorithms::algorithm_context context) {
  self->state.algorithm = algorithms::make_algorithm(spec, context);
  return {
      [=](suggest_atom, algorithms::history& h, std::size_t n) {
        std::vector<algorithms::suggestion> out;
        for (std::size_t i = 0; i < n; ++i) {
          out.push_back(self->state.algorithm->suggest(h));
          const auto& s = out.back();
          if (s.what != algorithms::suggestion::kind::run) break;
          // Stands for the trial that will be created, until it is.
          h.trials.push_back({0, s.parameters, trial_status::running, s.origin, std::nullopt, -1});
        }
        return out;
      },
  };
}

}  // namespace

caf::actor spawn_suggester(caf::actor_system& sys, const model::study_spec& spec,
                           const std::string& checkpoint_dir) {
  return sys.spawn(suggester, spec, algorithms::algorithm_context{checkpoint_dir});
}

}  // namespace summit::actors
