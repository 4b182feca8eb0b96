#pragma once
// What a worker started by SLURM learns from its allocation: its job and
// task (for a name that two workers on one node do not share), the CPUs it
// was given (its default slot count) and its GPUs (CUDA_VISIBLE_DEVICES, one
// per slot as SUMMIT_RESOURCE).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace summit::nodes {

struct slurm_allocation {
  std::string job_id;
  std::string task_id;     ///< SLURM_PROCID
  std::uint32_t cpus = 0;  ///< SLURM_CPUS_PER_TASK, else SLURM_CPUS_ON_NODE; 0 if neither
  std::vector<std::string> gpus;
};

/// Nothing when this process is not inside a SLURM job.
std::optional<slurm_allocation> slurm_allocation_from_environment();

}  // namespace summit::nodes
