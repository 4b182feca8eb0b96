#pragma once
// The worker nodes a coordinator knows, by name, and their slots: each slot
// runs a trial or is reserved for one being created (a suggestion or a
// trial record on its way to storage), so that a slot is never promised
// twice. How to reach a worker is the actor's business, not the pool's.
//
// A worker node runs any study's trials that have a command. A client that
// runs trials itself (ask and tell: summit.Study, a Python loop) joins as a
// worker bound to one study and gets that study's trials only; a study
// without a command runs in such clients alone.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/core/types.hpp"

namespace summit::coordinator {

class worker_pool {
 public:
  struct worker {
    std::uint32_t slots = 0;
    std::uint32_t reserved = 0;
    std::set<trial_id> running;
    study_id only = 0;  ///< a client's study; 0 for a worker node
    /// A client that asks with ask_trials: each trial's end gives its slot
    /// back (one that registers its slots anew each time does not).
    bool asks = false;

    std::uint32_t free() const {
      const auto used = reserved + static_cast<std::uint32_t>(running.size());
      return slots > used ? slots - used : 0;
    }
  };

  /// Adds a worker, or updates one that registers again; `running` are the
  /// trials it runs now (claimed after a restart of either side).
  void join(const std::string& name, std::uint32_t slots, std::set<trial_id> running = {}, study_id only = 0);
  void leave(const std::string& name);
  /// A client's `count` more slots; false for a worker node or one unknown.
  bool ask(const std::string& name, std::uint32_t count);
  /// Whether any worker runs the trial.
  bool runs(trial_id trial) const;

  std::size_t free_slots() const;
  /// The worker with the most free slots that may run a trial of `study`
  /// (a worker node when it has a command, else one of its clients).
  std::optional<std::string> with_free_slot(study_id study, bool has_command) const;

  /// False when the worker is unknown (it left).
  bool reserve(const std::string& name);
  void release(const std::string& name);
  /// Turns a reservation into a running trial; false when the worker left.
  bool start(const std::string& name, trial_id trial);
  /// The trial ended; an asking client's slot goes with it.
  void finish(const std::string& name, trial_id trial);

  const worker* find(const std::string& name) const;
  /// Whether a client of the study (ask and tell) is connected.
  bool has_client(study_id study) const;
  /// The clients bound to the study.
  std::vector<std::string> clients_of(study_id study) const;

 private:
  std::map<std::string, worker> workers_;
};

}  // namespace summit::coordinator
