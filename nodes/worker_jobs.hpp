#pragma once
// The worker jobs that `summit slurm workers` and `summit sge workers`
// submit from a directory: their scripts (DIR/workers-N.sh) and their job
// ids (DIR/jobs, a line each), so that `status` and `cancel` know them.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/execution/batch_scheduler.hpp"
#include "model/core/expected.hpp"
#include "nodes/keys.hpp"

namespace summit::nodes {

class worker_jobs {
 public:
  /// The directory, made absolute; created when `create`.
  static expected<worker_jobs> at(const std::string& dir, bool create);

  const std::string& dir() const { return dir_; }
  /// DIR/workers-N.sh for the first N not taken.
  std::string next_script() const;
  void record(const std::string& job) const;
  /// Every job recorded, oldest first.
  std::vector<std::string> recorded() const;

  struct submitted {
    std::string job, script;
  };
  /// Writes `script` as the next DIR/workers-N.sh, submits it with
  /// `scheduler` and records the job; or says why not ("cannot write ...",
  /// "PROGRAM refused the workers' job: ...").
  expected<submitted> submit(const std::string& script, actors::batch_scheduler& scheduler,
                             const std::string& program) const;

 private:
  explicit worker_jobs(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

std::string joined(const std::vector<std::string>& items, char separator);

/// What a worker job's task runs: `SUMMIT worker --join J --slots S --logs
/// DIR/logs-<logs_suffix>` with --idle-exit and the keys when given (paths
/// made absolute). logs_suffix may name the scheduler's variables ($SLURM_JOB_ID).
std::string worker_command(const std::string& summit_binary, const std::string& join, std::uint32_t slots,
                           const std::string& dir, const std::string& logs_suffix, double idle_exit,
                           const client_keys& keys);

/// `cancel` of either scheduler: the given jobs, else every one recorded,
/// with `program` (scancel, qdel). The process exit code.
int cancel_worker_jobs(const worker_jobs& record, std::vector<std::string> jobs, const std::string& program,
                       const std::string& scheduler, const std::string& command);

}  // namespace summit::nodes
