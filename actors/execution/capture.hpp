#pragma once
// Runs a short command (sbatch, scontrol, scancel, squeue) and takes what it
// prints, stdout and stderr together: a scheduler's own message is the best
// explanation of a refusal, so callers pass it on as it is.

#include <string>
#include <vector>

namespace summit::actors {

struct captured {
  int status = -1;     ///< exit status; -1 when it could not run or died of a signal
  std::string output;  ///< without trailing blank lines
};

captured capture(const std::vector<std::string>& argv);

/// Whether `program` is on PATH.
bool on_path(const std::string& program);

}  // namespace summit::actors
