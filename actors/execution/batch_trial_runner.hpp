#pragma once
// The trial runner of `summit worker --executor slurm` (or any other
// batch_scheduler): the same messages as the local one (trial_runner.hpp),
// but the trial is a job. It writes the trial's batch script beside its log,
// submits it, follows the job once a second and cancels it when the trial is
// stopped; a job waiting in the queue holds its slot. Runs detached: the
// scheduler's commands block.

#include <memory>

#include "actors/execution/batch_scheduler.hpp"
#include "actors/execution/trial_runner.hpp"

namespace summit::actors {

caf::actor spawn_batch_trial_runner(caf::actor_system& sys, runner_config config,
                                    std::shared_ptr<batch_scheduler> scheduler);

}  // namespace summit::actors
