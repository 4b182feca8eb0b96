#include "actors/external_suggester.hpp"

#include <algorithm>

#include "actors/atoms.hpp"
#include "actors/suggester.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "algorithms/search/study_history.hpp"
#include "protocol/codec.hpp"

namespace summit::actors {

namespace {

struct external_state {
  study_id study = 0;
  model::study_spec spec;
  caf::actor coordinator;
  std::shared_ptr<algorithms::external_feed> feed = std::make_shared<algorithms::external_feed>();
  std::unique_ptr<algorithms::algorithm> algorithm;
  algorithms::history_mirror history;
  caf::actor process;  ///< the algorithm process's proxy; none while it is away
  std::string name;
  std::size_t wanted = 1;   ///< how many the last request out could use
  bool asked = false;       ///< a suggest is out and not answered yet
  std::string refused;      ///< why its last answer was refused, until the next one
  std::string waiting;      ///< what the coordinator was last told
};

using self_ptr = caf::stateful_actor<external_state>*;

/// Tells the coordinator what the study waits for, when that changed.
void tell_waiting(self_ptr self) {
  auto& st = self->state;
  std::string why;
  if (st.feed->hungry && !st.feed->done) {
    if (!st.process)
      why = "its algorithm process (algorithm external): none is connected" +
            (st.refused.empty() ? std::string() : "; the last one, " + st.name + ", sent " + st.refused);
    else
      why = "its algorithm process " + st.name + " to suggest " + std::to_string(st.wanted) + " trial" +
            (st.wanted == 1 ? "" : "s");
  }
  if (why == st.waiting) return;
  st.waiting = why;
  self->send(st.coordinator, waiting_atom::value, st.study, why);
}

void ask_process(self_ptr self) {
  auto& st = self->state;
  if (st.process && !st.asked && st.feed->hungry && !st.feed->done) {
    self->send(st.process, suggest_atom::value,
               protocol::suggest{st.study, static_cast<std::uint32_t>(std::clamp<std::size_t>(st.wanted, 1, 1024))});
    st.asked = true;
  }
  tell_waiting(self);
}

/// An answer's points as the space holds them, or why one is not in it.
expected<std::vector<params>> checked(const model::study_spec& spec, const std::vector<params>& items) {
  std::vector<params> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto p = spec.space.coerce(items[i]);
    if (!p) return make_error("suggestion " + std::to_string(i + 1) + ": " + p.error().message);
    out.push_back(std::move(*p));
  }
  return out;
}

caf::behavior external_suggester(self_ptr self, study_id study, model::study_spec spec, caf::actor coordinator) {
  auto& st = self->state;
  st.study = study;
  st.spec = std::move(spec);
  st.coordinator = std::move(coordinator);
  st.algorithm = algorithms::make_algorithm(st.spec, algorithms::algorithm_context{{}, st.feed});
  self->set_down_handler([=](caf::down_msg& down) {
    auto& s = self->state;
    if (down.source != s.process.address()) return;
    s.process = nullptr;
    s.asked = false;
    tell_waiting(self);
  });
  return {
      [=](suggest_atom, algorithms::history& changes, std::size_t n) {
        auto& h = self->state.history.apply(std::move(changes));
        const auto known = h.trials.size();
        auto out = suggest_up_to(*self->state.algorithm, h, n);
        const auto runs = static_cast<std::size_t>(std::count_if(out.begin(), out.end(), [](const auto& s) {
          return s.what == algorithms::suggestion::kind::run;
        }));
        std::size_t wanted = n - runs;
        // Never more than max_trials leaves room for (h holds the new ones).
        if (const auto max = std::get<model::external_options>(self->state.spec.algorithm.options).max_trials) {
          const std::size_t made = h.trials.size() - h.count(trial_origin::retry);
          wanted = std::min(wanted, static_cast<std::size_t>(*max) > made ? *max - made : 0);
        }
        h.trials.resize(known);
        self->state.wanted = std::max<std::size_t>(1, wanted);
        ask_process(self);
        return out;
      },
      [=](serve_atom, const caf::actor& process, const std::string& name) -> summit::status {
        auto& s = self->state;
        if (s.process && s.process != process)
          return protocol::make_error(protocol::errc::algorithm_busy,
                                      "study " + std::to_string(s.study) + " is served by " + s.name + " already");
        if (s.process != process) self->monitor(process);
        s.process = process;
        s.name = name;
        s.asked = false;  // a process that registers again lost what it was asked
        ask_process(self);
        return std::nullopt;
      },
      [=](suggest_atom, const protocol::suggestions& answer, const caf::actor& process) -> summit::status {
        auto& s = self->state;
        if (process != s.process)
          return protocol::make_error(protocol::errc::algorithm_refused,
                                      "this process does not serve study " + std::to_string(s.study) +
                                          ": send serve_algorithm first");
        s.asked = false;
        auto points = checked(s.spec, answer.items);
        if (!points) {
          // It serves no more: the study waits for a process whose points fit.
          s.refused = "a point outside the search space (" + points.error().message + ")";
          self->demonitor(s.process);
          s.process = nullptr;
          tell_waiting(self);
          return protocol::make_error(protocol::errc::algorithm_refused,
                                      "refused, none taken: " + points.error().message);
        }
        s.refused.clear();
        for (auto& p : *points) s.feed->ready.push_back(std::move(p));
        if (answer.done) s.feed->done = true;
        if (!s.feed->ready.empty() || s.feed->done) {
          s.feed->hungry = false;
          self->send(s.coordinator, wake_atom::value, s.study);
        } else {
          ask_process(self);  // nothing yet: ask again (the process paces itself)
        }
        tell_waiting(self);
        return std::nullopt;
      },
  };
}

}  // namespace

caf::actor spawn_external_suggester(caf::actor_system& sys, study_id study, const model::study_spec& spec,
                                    const caf::actor& coordinator) {
  return sys.spawn(external_suggester, study, spec, coordinator);
}

}  // namespace summit::actors
