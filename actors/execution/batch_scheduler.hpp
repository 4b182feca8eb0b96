#pragma once
// A cluster scheduler that runs batch jobs: what a worker with --executor
// needs to run each trial as a job, and what `summit slurm workers` needs to
// submit the workers' own job. SLURM (slurm_scheduler.hpp) and Grid Engine
// (sge_scheduler.hpp) implement it; Kubernetes would be one more class. The
// trial runner that uses it is batch_trial_runner.hpp. Calls may block (they
// run the scheduler's commands); callers run on their own thread.

#include <memory>
#include <optional>
#include <string>

#include "model/core/expected.hpp"

namespace summit::actors {

/// A job as the runner needs to see it.
struct job_state {
  bool ended = false;
  int exit_code = 0;  ///< when it ended by itself; -1 when a signal (or the scheduler) ended it
  int signal = 0;
  std::string reason;  ///< why the scheduler ended it, when it says (a time limit, a job it could not start)
};

/// A batch job to submit.
struct batch_job {
  std::string script_path;
  std::string name;      ///< empty: what the script says
  std::string log_path;  ///< the job's output is appended here; empty: what the script says
  std::string workdir;   ///< where the job starts; empty: the scheduler's default
};

class batch_scheduler {
 public:
  virtual ~batch_scheduler() = default;

  /// "SLURM", for messages.
  virtual std::string name() const = 0;

  /// What a trial's job script is named after its log: ".sbatch", ".qsub".
  virtual std::string script_suffix() const = 0;

  /// The job id, or the scheduler's own message when it refuses.
  virtual expected<std::string> submit(const batch_job& job) = 0;

  /// Nothing when the scheduler no longer knows the job (purged after it ended).
  virtual std::optional<job_state> status(const std::string& job) = 0;

  /// SIGTERM now, SIGKILL after the scheduler's own grace period.
  virtual void cancel(const std::string& job) = 0;
};

}  // namespace summit::actors
