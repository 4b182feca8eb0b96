#include "actors/coordinator_actor.hpp"
#include "coordinator/study_reads.hpp"

namespace summit::actors::detail {

namespace {

using model::study_errc;
using answer = expected<model::study_reply>;

}  // namespace

/// The commands that change something; the reads are coordinator::read's.
struct coordinator_actor::study_writer {
  coordinator_actor& self;

  caf::result<answer> operator()(model::submit_study& c) const {
    const std::string name = c.spec.name;
    auto reply = self.make_response_promise<answer>();
    self.submit(std::move(c.spec), std::move(c.workdir), [=](study_id id) mutable {
      reply.deliver(answer(model::study_submitted{id, name}));
    });
    return reply;
  }
  caf::result<answer> operator()(const model::stop_study& c) const { return self.change_state(c.study, "stop"); }
  caf::result<answer> operator()(const model::kill_study& c) const { return self.change_state(c.study, "kill"); }
  caf::result<answer> operator()(const model::archive_study& c) const { return self.change_state(c.study, "archive"); }
  caf::result<answer> operator()(const model::stop_trial& c) const { return self.stop_trial(c); }
  template <class Read>
  caf::result<answer> operator()(const Read& c) const {
    return coordinator::read(self.reg_, model::study_command{c});
  }
};

caf::result<answer> coordinator_actor::study_command(model::study_command& c) {
  return std::visit(study_writer{*this}, c);
}

answer coordinator_actor::change_state(study_id id, const std::string& command) {
  study* s = reg_.find(id);
  if (!s) return make_error(study_errc::unknown_study, "no study " + std::to_string(id));
  const study_state state = s->record().state;
  if (command == "archive") {
    auto record = s->record();
    record.archived = true;
    s->set_archived(true);
    store({record}, [] {});
  } else if (command == "stop" && (state == study_state::running || state == study_state::pending)) {
    set_state(*s, study_state::stopping);
    maybe_finish(*s);
  } else if (command == "kill" && !is_terminal(state)) {
    set_state(*s, study_state::killed);
    for (const auto& t : s->trials())
      if (t.record.status == trial_status::running) stop(t.record.id, "the study was killed", true);
  }
  return model::study_reply{coordinator::summary_of(*s)};
}

answer coordinator_actor::stop_trial(const model::stop_trial& c) {
  study* s = reg_.find(c.study);
  if (!s) return make_error(study_errc::unknown_study, "no study " + std::to_string(c.study));
  const auto* t = s->find(c.trial);
  if (!t)
    return make_error(study_errc::unknown_trial,
                      "study " + std::to_string(c.study) + " has no trial " + std::to_string(c.trial));
  if (t->record.status != trial_status::running)
    return make_error(study_errc::wrong_state, "trial " + std::to_string(c.trial) + " is " +
                                                   std::string(to_string(t->record.status)) + ", not running");
  stop(c.trial, "stopped from the dashboard", false);
  return model::study_reply{model::trial_stopping{c.trial}};
}

}  // namespace summit::actors::detail
