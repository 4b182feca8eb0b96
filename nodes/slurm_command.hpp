#pragma once
// `summit slurm workers | status | cancel`: worker nodes as SLURM jobs.
// Summit allocates nothing itself: it writes a batch script that runs one
// `summit worker --join` per task with srun, submits it with sbatch, and
// keeps the job ids in DIR/jobs so that `status` and `cancel` know them.

#include <cstdint>
#include <string>
#include <vector>

#include "nodes/keys.hpp"

namespace summit::nodes {

struct slurm_options {
  std::string command;  ///< workers, status or cancel
  std::string dir = "summit-slurm";  ///< job scripts, job ids, worker logs
  // workers
  std::string join;
  std::uint32_t nodes = 1;
  std::uint32_t workers_per_node = 1;
  std::uint32_t slots = 1;  ///< per worker; also its --cpus-per-task
  std::string gres, partition, time;
  std::vector<std::string> sbatch_args;
  double idle_exit = 0;  ///< seconds; 0: workers stay until the job ends
  client_keys keys;
  // cancel
  std::vector<std::string> jobs;  ///< empty: every job DIR/jobs lists
};

/// The process exit code: 0, 1 when SLURM refused or is missing, 2 for bad
/// arguments.
int slurm_command(const slurm_options& options);

/// The batch script `summit slurm workers` submits (for tests and --help).
std::string worker_job_script(const slurm_options& options, const std::string& summit_binary);

}  // namespace summit::nodes
