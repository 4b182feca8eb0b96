#pragma once
// batch_scheduler on Grid Engine: qsub to submit, qstat to follow every job
// of the worker at once (one call a second, shared by all its trials), qacct
// for how a job that left qstat ended, qdel to cancel.

#include <memory>
#include <string>
#include <vector>

#include "actors/execution/batch_scheduler.hpp"

namespace summit::actors {

/// qsub_args are passed to every qsub as they are (-q gpu.q, -l h_rt=1:0:0, ...).
std::shared_ptr<batch_scheduler> make_sge_scheduler(std::vector<std::string> qsub_args);

}  // namespace summit::actors
