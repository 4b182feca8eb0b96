// libFuzzer target: the coordinator's handling of decoded messages. Each
// input is a sequence of chunks, [selector byte][u16 length][frame]; a frame
// that decodes is handed to a fresh coordinator (over a fresh log, with one
// study running on a registered worker) exactly as the node gateway would
// for the worker the selector names, and every request must be answered: a
// crash, a sanitizer finding or a request left without an answer (10 s) is a
// finding. Afterwards the coordinator must still list its studies.

#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <caf/all.hpp>

#include "../storage/temp_dir.hpp"
#include "actors/atoms.hpp"
#include "actors/coordinator.hpp"
#include "actors/storage_actor.hpp"
#include "model/study_file/study_file.hpp"
#include "protocol/codec.hpp"
#include "protocol/study_messages.hpp"
#include "storage/store.hpp"

using namespace summit;
using namespace summit::actors;

namespace {

constexpr auto answer_within = std::chrono::seconds(10);

const char* seed_study = R"(name: fuzzed
command: run :x: :act:
objective: {goal: minimize}
algorithm: {name: random, max_trials: 6}
stopping: {rule: median, min_iterations: 1, min_trials: 1}
retries: 1
parameters:
  x: {type: continuous, range: [0, 1]}
  act: {type: choice, values: [relu, tanh]}
)";

/// A remote worker as the coordinator sees it: a handle that takes
/// run_trial and kill_trial and does nothing with them. (The name argument
/// is there because CAF 0.17 dereferences a null argument tuple when it
/// spawns a function actor without arguments, which UBSan reports.)
caf::behavior silent_worker(const std::string& /* name */) {
  return {[](run_atom, const protocol::run_trial&) {}, [](kill_atom, const protocol::kill_trial&) {}};
}

// One system for every input, never destroyed: libFuzzer ends the process
// with exit(), and CAF 0.17's actor_system does not survive the static
// destructors that run then.
caf::actor_system& system() {
  static auto* cfg = new caf::actor_system_config;
  static auto* sys = new caf::actor_system{*cfg};
  return *sys;
}

[[noreturn]] void unanswered(const char* what, const caf::error& e) {
  std::fprintf(stderr, "the coordinator did not answer %s: %s\n", what, describe(e).c_str());
  std::abort();
}

template <class Answer, class... Ts>
void ask(caf::scoped_actor& self, const caf::actor& coordinator, const char* what, Ts&&... xs) {
  self->request(coordinator, answer_within, std::forward<Ts>(xs)...)
      .receive([](Answer&) {}, [what](caf::error& e) { unanswered(what, e); });
}

/// Sends what the node gateway would send for `m`, and waits for the answer.
void deliver(caf::scoped_actor& self, const caf::actor& coordinator, const caf::actor& worker,
             const std::string& name, const protocol::message& m) {
  if (auto* w = std::get_if<protocol::register_worker>(&m)) {
    auto named = *w;
    named.name = name;  // one name per connection, as the gateway replaces a name's old connection
    ask<bool>(self, coordinator, "register_worker", register_atom::value, named, worker, false);
  } else if (auto* o = std::get_if<protocol::observation>(&m)) {
    ask<protocol::message>(self, coordinator, "observation", observe_atom::value, *o, name);
  } else if (auto* batch = std::get_if<protocol::observations>(&m)) {
    ask<protocol::replies>(self, coordinator, "observations", observe_atom::value, *batch, name);
  } else if (auto* ended = std::get_if<protocol::trial_ended>(&m)) {
    ask<protocol::message>(self, coordinator, "trial_ended", ended_atom::value, *ended, name);
  } else if (auto* more = std::get_if<protocol::ask_trials>(&m)) {
    self->send(coordinator, ask_atom::value, more->count, name);  // no answer: the next request follows it
  } else if (auto command = protocol::study_command_of(m); command && command->has_value()) {
    // A refused one (a submit that does not parse) is answered by the gateway itself.
    ask<expected<model::study_reply>>(self, coordinator, "study command", study_atom::value, **command);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& sys = system();
  test::temp_dir dir;
  auto log = storage::store::open(dir.str(), storage::store::mode::read_write);
  if (!log) std::abort();
  auto storage = spawn_storage(sys, std::move(*log));
  coordinator_options options;
  options.checkpoint_dir = (dir.path() / "checkpoints").string();
  auto coordinator = spawn_coordinator(sys, model::registry{}, storage, options);
  const std::string names[] = {"w1", "w2"};
  const caf::actor workers[] = {sys.spawn(silent_worker, names[0]), sys.spawn(silent_worker, names[1])};
  {
    caf::scoped_actor self{sys};
    // A study with trials running on w1, so that frames can name real trials.
    // A seed study that stopped parsing would leave the fuzzer nothing to
    // reach: that is a broken harness, not a finding to skip.
    auto spec = model::parse_study(seed_study, "fuzzed.yaml");
    if (!spec) {
      std::fprintf(stderr, "the seed study was refused: %s\n", spec.error().message.c_str());
      std::abort();
    }
    self->request(coordinator, answer_within, study_atom::value,
                  model::study_command{model::submit_study{std::move(*spec), "/"}})
        .receive(
            [](const expected<model::study_reply>& answer) {
              if (!answer) {
                std::fprintf(stderr, "the seed study was refused\n");
                std::abort();
              }
            },
            [](caf::error& e) { unanswered("submit", e); });
    deliver(self, coordinator, workers[0], names[0], protocol::register_worker{"w1", 2, {}, {}, {}});

    std::size_t at = 0;
    while (at + 3 <= size) {
      const std::uint8_t selector = data[at];
      const std::size_t length = std::min<std::size_t>(data[at + 1] | (data[at + 2] << 8), size - at - 3);
      const std::string_view frame(reinterpret_cast<const char*>(data + at + 3), length);
      at += 3 + length;
      const int w = selector & 1;
      if (selector >= 0xfe) {  // the gateway's verdict on a silent worker: 0xfe w1, 0xff w2
        self->send(coordinator, lost_atom::value, names[w], std::string("fuzzed"));
        continue;
      }
      auto decoded = protocol::decode(frame);
      if (decoded) deliver(self, coordinator, workers[w], names[w], *decoded);
    }
    // Still serving: a list and a show of the seeded study are answered.
    for (const protocol::message& request : {protocol::message{model::list_studies{}}, protocol::message{model::show_study{1}}})
      deliver(self, coordinator, workers[0], "", request);
    for (const auto& a : {coordinator, storage, workers[0], workers[1]})
      self->send_exit(a, caf::exit_reason::user_shutdown);
    self->wait_for(coordinator, storage);
  }
  return 0;
}
