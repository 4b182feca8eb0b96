#pragma once
// batch_scheduler on SLURM: sbatch --parsable to submit, `scontrol show job
// -o` to follow (no slurmdbd needed), scancel to cancel.

#include <memory>
#include <string>
#include <vector>

#include "actors/execution/batch_scheduler.hpp"

namespace summit::actors {

/// sbatch_args are passed to every sbatch as they are (--gres=gpu:1, ...).
std::shared_ptr<batch_scheduler> make_slurm_scheduler(std::vector<std::string> sbatch_args);

}  // namespace summit::actors
