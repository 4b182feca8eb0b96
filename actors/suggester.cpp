#include "actors/suggester.hpp"

#include "actors/atoms.hpp"
#include "actors/external_suggester.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "algorithms/search/study_history.hpp"

namespace summit::actors {

namespace {

/// What a background job gives back to its algorithm.
struct job_result {
  std::function<void()> give_back;
};

}  // namespace

}  // namespace summit::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::actors::job_result)

namespace summit::actors {

namespace {

struct suggester_state {
  std::unique_ptr<algorithms::algorithm> algorithm;
  algorithms::history_mirror history;
};

/// Runs one job and sends its result to the suggester that asked for it.
void background_worker(caf::blocking_actor* self, const caf::actor& owner, const algorithms::background_job& job) {
  self->send(owner, fitted_atom::value, job_result{job.run()});
}

/// Each job the algorithm asked for runs on a thread of its own (a model fit
/// takes up to a second of CPU, which must hold up no other actor); its
/// result is given back here, between suggestions. (The job is an argument,
/// not a capture: CAF 0.17 binds a reference to a null pointer when a
/// function actor has no arguments, which UBSan reports.)
void run_background_jobs(caf::stateful_actor<suggester_state>* self) {
  for (auto& job : self->state.algorithm->take_background_jobs())
    self->spawn<caf::detached>(background_worker, caf::actor_cast<caf::actor>(self), std::move(job));
}

caf::behavior suggester(caf::stateful_actor<suggester_state>* self, model::study_spec spec,
                        algorithms::algorithm_context context) {
  self->state.algorithm = algorithms::make_algorithm(spec, context);
  return {
      [=](suggest_atom, algorithms::history& changes, std::size_t n) {
        auto& h = self->state.history.apply(std::move(changes));
        const auto known = h.trials.size();
        auto out = suggest_up_to(*self->state.algorithm, h, n);
        h.trials.resize(known);
        run_background_jobs(self);
        return out;
      },
      [=](fitted_atom, job_result& result) { result.give_back(); },
  };
}

}  // namespace

std::vector<algorithms::suggestion> suggest_up_to(algorithms::algorithm& a, algorithms::history& h, std::size_t n) {
  std::vector<algorithms::suggestion> out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(a.suggest(h));
    const auto& s = out.back();
    if (s.what != algorithms::suggestion::kind::run) break;
    // Stands for the trial that will be created, until it is.
    h.trials.push_back({0, s.parameters, trial_status::running, s.origin, std::nullopt, -1});
  }
  return out;
}

caf::actor spawn_suggester(caf::actor_system& sys, study_id study, const model::study_spec& spec,
                           const std::string& checkpoint_dir, const caf::actor& coordinator) {
  if (std::holds_alternative<model::external_options>(spec.algorithm.options))
    return spawn_external_suggester(sys, study, spec, coordinator);
  return sys.spawn(suggester, spec, algorithms::algorithm_context{checkpoint_dir, nullptr});
}

}  // namespace summit::actors
