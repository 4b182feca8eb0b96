#pragma once
// `summit worker --join tcp://HOST:7700 [--slots N] [--resources a,b]
// [--name NAME] [--logs DIR] [--key F --coordinator-key F]`: a worker node. Runs up to N trials at once,
// each given one resource as SUMMIT_RESOURCE, and keeps going while its
// coordinator is away, until SIGINT or SIGTERM (which stops its trials).

#include <chrono>
#include <string>
#include <vector>

#include "nodes/keys.hpp"

namespace summit::nodes {

struct worker_options {
  std::string join = "tcp://127.0.0.1:7700";
  std::uint32_t slots = 0;  ///< 0: the number of cores
  std::vector<std::string> resources;
  std::string name;         ///< empty: the host name
  std::string logs_dir = "summit-logs";
  std::chrono::milliseconds kill_grace{10000};
  client_keys keys;
  /// Leave once no trial has run here for this long (0: never), e.g. to
  /// give a SLURM allocation back when the studies are done.
  std::chrono::milliseconds idle_exit{0};
  /// "local", or "slurm" / "sge": every trial its own SLURM job (with
  /// sbatch_args) or Grid Engine job (with qsub_args), reaching this worker
  /// at tcp://trial_host:PORT (default: the host name).
  std::string executor = "local";
  std::vector<std::string> sbatch_args;
  std::vector<std::string> qsub_args;
  std::string trial_host;
};

int run_worker(const worker_options& options);

}  // namespace summit::nodes
