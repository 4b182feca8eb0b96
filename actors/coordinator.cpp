#include "actors/coordinator.hpp"

#include <filesystem>
#include <random>

#include "actors/coordinator_actor.hpp"
#include "actors/stopping_actor.hpp"
#include "actors/suggester.hpp"
#include "coordinator/study_reads.hpp"

namespace summit::actors {

namespace detail {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

coordinator::core_options core_options_of(const coordinator_options& o) {
  return {o.interrupt_orphans, o.resume_all};
}

/// An end and its last observation, in one write.
storage::batch records_of(const coordinator::end_trial& e) {
  storage::batch out;
  if (e.last) out.emplace_back(*e.last);
  out.emplace_back(e.record);
  return out;
}

}  // namespace

coordinator_actor::coordinator_actor(caf::actor_config& cfg, model::registry state, caf::actor storage,
                                     coordinator_options options)
    : caf::event_based_actor(cfg),
      core_(std::move(state), core_options_of(options)),
      storage_(std::move(storage)),
      options_(std::move(options)) {}

caf::behavior coordinator_actor::make_behavior() {
  recover();
  const auto join = [=](const protocol::register_worker& w, worker_handle handle, bool again) {
    workers_[w.name] = std::move(handle);
    run(core_.join(w, again, now_ms()));
    return true;
  };
  return {
      [=](register_atom, const protocol::register_worker& w, const caf::actor& handle) {
        return join(w, {handle, nullptr}, false);
      },
      [=](register_atom, const protocol::register_worker& w, const caf::actor& handle, bool again) {
        return join(w, {handle, nullptr}, again);
      },
      [=](register_atom, const protocol::register_worker& w, const remote_outlet& outlet, bool again) {
        return join(w, {nullptr, outlet}, again);
      },
      [=](lost_atom, const std::string& worker, const std::string& why) {
        run(core_.lost(worker, why, now_ms()));
        workers_.erase(worker);
      },
      [=](claim_atom) { run(core_.claims_closed(now_ms())); },
      [=](study_atom, model::study_command& c) { return study_command(c); },
      [=](observe_atom, const protocol::observations& batch, const std::string& worker) {
        auto reply = make_response_promise<protocol::replies>();
        observe(batch, worker, [=](protocol::replies answers) mutable { reply.deliver(std::move(answers)); });
        return reply;
      },
      [=](observe_atom, const protocol::observation& o, const std::string& worker) {
        auto reply = make_response_promise<protocol::message>();
        observe(protocol::observations{{o}}, worker, [=](const protocol::replies& answers) mutable {
          reply.deliver(std::visit([](const auto& a) { return protocol::message{a}; }, answers.items.front()));
        });
        return reply;
      },
      [=](ended_atom, const protocol::trial_ended& e, const std::string& worker) -> caf::result<protocol::message> {
        auto ending = core_.ending_of(e, worker, now_ms());
        if (auto* refusal = std::get_if<protocol::error_reply>(&ending)) return protocol::message{std::move(*refusal)};
        const protocol::message ack = protocol::ended_ack{e.trial};
        auto* end = std::get_if<coordinator::end_trial>(&ending);
        if (!end) return ack;
        // An urgent end (its worker has nothing else queued here) is stored
        // urgent too: a suggestion may wait for it.
        const bool urgent = current_mailbox_element()->mid.is_urgent_message();
        auto reply = make_response_promise<protocol::message>();
        auto records = records_of(*end);  // before it moves into the callback
        auto next = core_.ending(*end, now_ms());
        store(std::move(records), [=, stored = std::move(*end)]() mutable {
          run(core_.ended(stored, now_ms()));
          reply.deliver(ack);
        }, urgent);
        run(std::move(next));  // after the end's write is asked for: the log sees it first
        return reply;
      },
      [=](ask_atom, std::uint32_t count, const std::string& client) { run(core_.ask(client, count, now_ms())); },
      [=](stop_atom, trial_id trial, const std::string& reason) { run(core_.stop(trial, reason, false)); },
      [=](retry_atom, std::uint64_t token) {
        auto it = retries_.find(token);
        if (it == retries_.end()) return;
        auto retry = std::move(it->second);
        retries_.erase(it);
        retry();
      },
      [=](resume_atom, study_id id) {
        auto resumed = core_.resume(id, now_ms());
        if (!resumed) return false;
        run(std::move(*resumed));
        return true;
      },
      [=](serve_atom, const protocol::serve_algorithm& offer, const caf::actor& process) {
        return serve(offer, process);
      },
      [=](suggest_atom, const protocol::suggestions& answer, const caf::actor& process) -> caf::result<summit::status> {
        auto it = studies_.find(answer.study);
        if (it == studies_.end())
          return summit::status{protocol::make_error(protocol::errc::algorithm_refused,
                                                     "study " + std::to_string(answer.study) + " does not run")};
        auto reply = make_response_promise<summit::status>();
        request(it->second.suggester, caf::infinite, suggest_atom::value, answer, process)
            .then([=](summit::status& refusal) mutable { reply.deliver(std::move(refusal)); });
        return reply;
      },
      [=](wake_atom, study_id id) { run(core_.wake(id, now_ms())); },
      [=](waiting_atom, study_id id, const std::string& why) {
        if (why.empty())
          waiting_.erase(id);
        else
          waiting_[id] = why;
      },
      [=](summary_atom, study_id id) -> caf::result<model::study_summary> {
        if (auto s = core_.summary(id)) {
          s->waiting = waiting_for(*s);
          return *s;
        }
        return caf::make_error(caf::sec::runtime_error, "unknown study " + std::to_string(id));
      },
  };
}

void coordinator_actor::on_exit() {
  // The reader answers for this actor only; it ends with it.
  if (options_.reader) send_exit(options_.reader, caf::exit_reason::user_shutdown);
  options_.reader = nullptr;
  workers_.clear();
  studies_.clear();
  retries_.clear();
  storage_ = nullptr;
  core_ = coordinator::core{model::registry{}, {}};
}

void coordinator_actor::store(storage::batch records, std::function<void()> on_stored, bool urgent) {
  const auto stored = [=](const summit::status& failed) mutable {
    if (!failed) return on_stored();
    options_.warn("storage: " + failed->message + " (retrying in 1 s)");
    const auto token = next_retry_++;
    retries_.emplace(token, [=]() mutable { store(std::move(records), std::move(on_stored), urgent); });
    delayed_send(this, std::chrono::seconds(1), retry_atom::value, token);
  };
  if (urgent)
    request<caf::message_priority::high>(storage_, caf::infinite, write_atom::value, records).then(stored);
  else
    request(storage_, caf::infinite, write_atom::value, records).then(stored);
}

void coordinator_actor::recover() {
  // The trials the log shows running may be running still: their workers
  // claim them when they register again; what nobody claims is lost.
  if (!options_.interrupt_orphans) delayed_send(this, options_.claim_grace, claim_atom::value);
  run(core_.recover());
  auto interrupted = core_.interrupted_trials(now_ms());
  if (!interrupted.empty()) store_before_anything_else(std::move(interrupted));
}

void coordinator_actor::store_before_anything_else(storage::batch records) {
  // await, not then: no other message is handled on a state the log does
  // not hold yet.
  request(storage_, caf::infinite, write_atom::value, records).await([=](const summit::status& failed) {
    if (failed) {
      options_.warn("storage: " + failed->message + " (retrying)");
      return store_before_anything_else(records);
    }
    run(core_.interrupted_stored(records, now_ms()));
  });
}

/// One overload per effect.
struct coordinator_actor::effect_runner {
  coordinator_actor& self;

  template <class Atom, class Message>
  void to_worker(const std::string& name, Atom atom, Message&& m) const {
    auto it = self.workers_.find(name);
    if (it == self.workers_.end()) return;
    if (it->second.outlet)
      it->second.outlet(protocol::message{std::forward<Message>(m)});
    else
      self.send(it->second.actor, atom, std::forward<Message>(m));
  }
  void operator()(coordinator::send_run& e) const { to_worker(e.worker, run_atom::value, std::move(e.run)); }
  void operator()(coordinator::send_kill& e) const { to_worker(e.worker, kill_atom::value, std::move(e.kill)); }
  void operator()(coordinator::send_over& e) const { to_worker(e.client, over_atom::value, std::move(e.over)); }
  void operator()(coordinator::ask_suggestions& e) const {
    const study_id id = e.study;
    auto it = self.studies_.find(id);
    if (it == self.studies_.end()) {
      // The core asks only of studies it started; were it otherwise, the
      // reserved slots must still come back.
      self.run(self.core_.suggested(id, {algorithms::suggestion::done()}, now_ms()));
      return;
    }
    // Urgent, every one (they carry the history's changes in order): under
    // load the answer must not queue behind the observations that came
    // meanwhile, or each hand-out waits for all of them.
    self.request<caf::message_priority::high>(it->second.suggester, caf::infinite, suggest_atom::value,
                                              std::move(e.history), e.count)
        .then([s = &self, id](const std::vector<algorithms::suggestion>& suggestions) {
          s->run(s->core_.suggested(id, suggestions, now_ms()));
        });
  }
  void operator()(coordinator::create_trial& e) const {
    // Urgent: nothing queued at normal priority is about a trial not yet
    // created, and its worker's slot waits for it.
    self.store({e.record}, [s = &self, record = e.record] { s->run(s->core_.created(record, now_ms())); }, true);
  }
  void operator()(coordinator::end_trial& e) const {
    auto records = records_of(e);  // before e moves into the callback
    self.store(std::move(records), [s = &self, stored = std::move(e)] { s->run(s->core_.ended(stored, now_ms())); });
  }
  void operator()(coordinator::write& e) const { self.store(std::move(e.records), [] {}); }
  void operator()(coordinator::start_study& e) const { self.start_study(e.study); }
  void operator()(coordinator::rule_observes& e) const {
    if (auto it = self.studies_.find(e.study); it != self.studies_.end())
      self.send(it->second.stopper, observe_atom::value, e.trial, e.iteration, e.objective, e.live);
  }
  void operator()(coordinator::rule_ends& e) const {
    if (auto it = self.studies_.find(e.study); it != self.studies_.end())
      self.send(it->second.stopper, ended_atom::value, e.trial, e.completed);
  }
  void operator()(coordinator::note& e) const { self.options_.log(e.line); }
};

void coordinator_actor::run(coordinator::effects effects) {
  for (auto& e : effects) std::visit(effect_runner{*this}, e);
}

void coordinator_actor::start_study(study_id id) {
  if (studies_.count(id)) return;
  const auto& spec = core_.state().find(id)->spec();
  const auto checkpoints = std::filesystem::path(options_.checkpoint_dir) / ("study-" + std::to_string(id));
  if (!model::own_parameters(spec.algorithm.options).empty()) {
    std::error_code ignored;  // a trial that cannot save says so itself
    std::filesystem::create_directories(checkpoints, ignored);
  }
  auto& a = studies_[id];
  a.suggester = spawn_suggester(system(), id, spec, checkpoints.string(), caf::actor_cast<caf::actor>(this));
  a.stopper = spawn_stopping_actor(system(), spec, caf::actor_cast<caf::actor>(this));
  // They live and die with the coordinator.
  link_to(a.suggester);
  link_to(a.stopper);
}

std::string coordinator_actor::waiting_for(const model::study_summary& s) const {
  if (s.state != study_state::running) return {};
  if (auto it = waiting_.find(s.id); it != waiting_.end()) return it->second;
  const auto* study = core_.state().find(s.id);
  if (!study || !study->spec().command.empty() || s.counts.running > 0) return {};
  if (core_.workers().has_client(s.id)) return {};
  return "clients to run its trials (it has no command: summit.Study or ask and tell); none is connected";
}

void coordinator_actor::note_waiting(model::study_reply& reply) const {
  if (auto* d = std::get_if<model::study_details>(&reply)) d->summary.waiting = waiting_for(d->summary);
  if (auto* l = std::get_if<model::study_list>(&reply))
    for (auto& s : l->studies) s.waiting = waiting_for(s);
}

caf::result<summit::status> coordinator_actor::serve(const protocol::serve_algorithm& offer,
                                                     const caf::actor& process) {
  const auto refuse = [](std::string why) {
    return summit::status{protocol::make_error(protocol::errc::algorithm_refused, std::move(why))};
  };
  const auto* s = core_.state().find(offer.study);
  if (!s) return refuse("unknown study " + std::to_string(offer.study));
  if (!std::holds_alternative<model::external_options>(s->spec().algorithm.options))
    return refuse("study " + std::to_string(offer.study) + " has algorithm " +
                  std::string(model::name_of(s->spec().algorithm.options)) + ", not external");
  auto it = studies_.find(offer.study);
  if (it == studies_.end() || s->record().state != study_state::running)
    return refuse("study " + std::to_string(offer.study) + " is " + std::string(to_string(s->record().state)) +
                  ": it takes no suggestions");
  auto reply = make_response_promise<summit::status>();
  request(it->second.suggester, caf::infinite, serve_atom::value, process, offer.name)
      .then([=](summit::status& refusal) mutable {
        if (!refusal) options_.log("algorithm process " + offer.name + " serves study " + std::to_string(offer.study));
        reply.deliver(std::move(refusal));
      });
  return reply;
}

caf::result<expected<model::study_reply>> coordinator_actor::study_command(model::study_command& c) {
  if (const auto* e = std::get_if<model::export_results>(&c); e && options_.reader) {
    auto answer = make_response_promise();
    answer.delegate(options_.reader, study_atom::value, *e);
    return answer;
  }
  if (model::is_read(c)) {
    auto answer = coordinator::read(core_.state(), c);
    if (answer) note_waiting(*answer);
    return answer;
  }
  if (auto* submit = std::get_if<model::submit_study>(&c)) {
    const auto record = core_.new_study(std::move(submit->spec), std::move(submit->workdir), now_ms(),
                                        std::random_device{}() & 0x7fffffff);
    auto reply = make_response_promise<expected<model::study_reply>>();
    store({record}, [=]() mutable {
      run(core_.submitted(record, now_ms()));
      reply.deliver(expected<model::study_reply>(model::study_submitted{record.id, record.spec.name}));
    });
    return reply;
  }
  auto [answer, effects] = core_.change(c);
  run(std::move(effects));
  return std::move(answer);
}

void coordinator_actor::observe(const protocol::observations& batch, const std::string& worker,
                                std::function<void(protocol::replies)> answer) {
  protocol::replies out;
  out.items.resize(batch.items.size());
  storage::batch records;
  std::vector<std::size_t> waiting;
  const auto now = now_ms();
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    auto admitted = core_.admit(batch.items[i], worker, now);
    if (auto* record = std::get_if<storage::observation_record>(&admitted)) {
      records.emplace_back(std::move(*record));
      waiting.push_back(i);
    } else if (auto* a = std::get_if<protocol::ack>(&std::get<protocol::message>(admitted))) {
      out.items[i] = *a;
    } else {
      out.items[i] = std::get<protocol::error_reply>(std::get<protocol::message>(admitted));
    }
  }
  if (records.empty()) return answer(std::move(out));
  request(storage_, caf::infinite, write_atom::value, records)
      .then([=](const summit::status& failed) mutable {
        coordinator::effects effects;
        for (std::size_t k = 0; k < waiting.size(); ++k) {
          const auto& r = std::get<storage::observation_record>(records[k]);
          if (failed) {
            core_.not_stored(r);
            out.items[waiting[k]] =
                protocol::error_reply{protocol::errc::internal, "not stored: " + failed->message, r.trial, r.iteration};
          } else
            out.items[waiting[k]] = core_.observed(r, effects);
        }
        answer(std::move(out));
        run(std::move(effects));
      });
}

}  // namespace detail

caf::actor spawn_coordinator(caf::actor_system& sys, model::registry state, caf::actor storage,
                             coordinator_options options) {
  return sys.spawn<detail::coordinator_actor>(std::move(state), std::move(storage), std::move(options));
}

expected<model::study_reply> ask_study(caf::actor_system& sys, const caf::actor& coordinator,
                                       const model::study_command& command, std::chrono::milliseconds timeout) {
  caf::scoped_actor self{sys};
  expected<model::study_reply> out =
      make_error("the coordinator did not answer", static_cast<std::uint16_t>(protocol::errc::unavailable));
  self->request(coordinator, timeout, study_atom::value, command)
      .receive([&](expected<model::study_reply>& answer) { out = std::move(answer); }, [](const caf::error&) {});
  return out;
}

std::string describe(const caf::error& e) {
  if (e.context().match_elements<std::string>()) return e.context().get_as<std::string>(0);
  return caf::to_string(e);
}

}  // namespace summit::actors
