#pragma once
// SLURM's view of a job read back as a trial's end. Pure functions over
// text; slurm_scheduler runs sbatch, scontrol and scancel, and
// batch_trial_runner drives a trial through them.

#include <optional>
#include <string>
#include <vector>

namespace summit::actors {

/// What `scontrol show job -o ID` says, reduced to what a runner needs.
struct job_view {
  std::string state;     ///< PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...
  int exit_code = 0;     ///< ExitCode=A:B, A
  int signal = 0;        ///< ExitCode=A:B, B
  bool ended() const;
};

/// Nothing when the text is not a job record (e.g. "Invalid job id").
std::optional<job_view> parse_job(const std::string& scontrol_line);

struct trial_outcome {
  int exit_code = 0;
  int signal = 0;
};

/// How an ended job ends its trial. COMPLETED and FAILED carry the exit
/// code; a job SLURM cancelled or killed (time limit, node failure, out of
/// memory, preemption) ends as if killed by SIGTERM or SIGKILL.
trial_outcome outcome_of(const job_view& job);

}  // namespace summit::actors
