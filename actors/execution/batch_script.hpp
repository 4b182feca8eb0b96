#pragma once
// The script of a trial run as a batch job (SHERPA's SLURMScheduler and
// SGEScheduler): a plain sh script, the same for every scheduler.

#include <string>
#include <vector>

namespace summit::actors {

/// A batch script that sets the trial's environment (only what Summit adds:
/// the scheduler passes on the worker's own), enters its directory and runs
/// its command with /bin/sh, as the local executor does. Exported in the
/// script rather than by the scheduler: Grid Engine drops what it passes to
/// root's jobs.
std::string trial_job_script(const std::string& command, const std::string& workdir,
                             const std::vector<std::string>& environment);

}  // namespace summit::actors
