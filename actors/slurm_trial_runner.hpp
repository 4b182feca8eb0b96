#pragma once
// The trial runner of `summit worker --executor slurm`: the same messages as
// the local one (trial_runner.hpp), but the trial is a SLURM job. It submits
// the trial's batch script with sbatch, follows the job with scontrol once a
// second, and cancels it with scancel; a job waiting in the queue holds its
// slot. Runs detached: sbatch and scontrol block.

#include <string>
#include <vector>

#include "actors/trial_runner.hpp"

namespace summit::actors {

caf::actor spawn_slurm_trial_runner(caf::actor_system& sys, runner_config config,
                                    std::vector<std::string> sbatch_args);

}  // namespace summit::actors
