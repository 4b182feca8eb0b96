#pragma once
// What a worker started by a batch scheduler learns from its job: its job
// and task (for a name that two workers on one node do not share), the
// slots it was given (its default slot count) and its GPUs (one per slot as
// SUMMIT_RESOURCE). SLURM: SLURM_JOB_ID, SLURM_PROCID, SLURM_CPUS_PER_TASK
// or SLURM_CPUS_ON_NODE. Grid Engine: JOB_ID, SGE_TASK_ID, NSLOTS, and
// SGE_HGR_gpu (its granted GPUs) where set. CUDA_VISIBLE_DEVICES first.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace summit::nodes {

struct batch_allocation {
  std::string job_id;
  std::string task_id;     ///< SLURM_PROCID, SGE_TASK_ID (empty outside an array job)
  std::uint32_t cpus = 0;  ///< 0 when the job does not say
  std::vector<std::string> gpus;
};

/// Nothing when this process is not inside a SLURM or Grid Engine job.
std::optional<batch_allocation> batch_allocation_from_environment();

}  // namespace summit::nodes
