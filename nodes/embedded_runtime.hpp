#pragma once
// `summit run`'s process: the coordinator, storage and stopping-rule actors
// and one local worker node with its trial bridge, in one actor system
// (ARCHITECTURE.md: both columns in one process). The worker talks to the
// coordinator with CAF messages; only trial processes use a socket.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/transport/socket_bridge.hpp"
#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/results/summary.hpp"
#include "model/state/registry.hpp"
#include "storage/store.hpp"

namespace summit::nodes {

struct runtime_options {
  std::string data_dir;
  std::uint32_t slots = 1;
  std::chrono::milliseconds kill_grace{10000};
  std::function<void(const std::string&)> warn = [](const std::string&) {};
};

class embedded_runtime {
 public:
  /// Takes the opened log and its replayed state; trials RUNNING in it were
  /// interrupted with the previous process and run again.
  static expected<std::unique_ptr<embedded_runtime>> start(std::unique_ptr<storage::store> log,
                                                           model::registry state,
                                                           runtime_options options);
  ~embedded_runtime();

  expected<study_id> submit(const model::study_spec& spec, const std::string& workdir);
  /// Runs an unfinished study of the log again; other studies stay as they are.
  expected<bool> resume(study_id id);
  expected<model::study_summary> summary(study_id id);
  expected<storage::store::counters> storage_stats();
  /// A study command, as `summit study` sends it (the dashboard's API).
  expected<model::study_reply> ask(const model::study_command& command);
  const std::string& trial_endpoint() const { return bridge_->endpoint(); }

  /// Kills running trials without recording their end (a rerun resumes
  /// them), then stops every actor and closes the log. Idempotent.
  void shutdown();

 private:
  explicit embedded_runtime(unsigned threads);

  caf::actor_system_config config_;
  caf::actor_system system_;
  std::shared_ptr<actors::socket_bridge> bridge_;
  caf::actor storage_, coordinator_, worker_;
  std::chrono::milliseconds kill_grace_{10000};
  bool stopped_ = false;
};

}  // namespace summit::nodes
