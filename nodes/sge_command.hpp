#pragma once
// `summit sge workers | status | cancel`: worker nodes as Grid Engine jobs,
// as `summit slurm` does on SLURM. Summit allocates nothing itself: it
// writes an array job with one `summit worker --join` per task, submits it
// with qsub, and records the job id in DIR/jobs (worker_jobs.hpp).

#include <cstdint>
#include <string>
#include <vector>

#include "nodes/keys.hpp"

namespace summit::nodes {

struct sge_options {
  std::string command;  ///< workers, status or cancel
  std::string dir = "summit-sge";  ///< job scripts, job ids, worker logs
  // workers
  std::string join;
  std::uint32_t jobs = 1;   ///< workers: tasks of one array job
  std::uint32_t slots = 1;  ///< per worker; with --pe, the slots it asks of the PE
  std::string queue, pe, resources;
  std::vector<std::string> qsub_args;
  double idle_exit = 0;  ///< seconds; 0: workers stay until the job ends
  client_keys keys;
  // cancel
  std::vector<std::string> job_ids;  ///< empty: every job DIR/jobs lists
};

/// The process exit code: 0, 1 when Grid Engine refused or is missing, 2
/// for bad arguments.
int sge_command(const sge_options& options);

/// The job script `summit sge workers` submits (for tests and --help).
std::string sge_worker_job_script(const sge_options& options, const std::string& summit_binary);

}  // namespace summit::nodes
