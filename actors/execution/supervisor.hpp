#pragma once
// A trial's supervisor (process.hpp): it runs `sh -c COMMAND` as a child
// and exits as it did, and no process the trial starts outlives it. Either a
// process of its own, the small `summit-trial` program that launch()
// starts with posix_spawn (a vfork: nothing of Summit's large, threaded
// address space is copied), or, where that program is missing, a fork of
// Summit. Only async-signal-safe calls, for the second case.

#include <sys/types.h>

namespace summit::actors {

/// Supervises argv (`sh -c COMMAND`, run with envp in workdir) as the leader
/// of this process's group; descriptors 0 to 2 are the trial's already.
/// parent: the Summit process, whose death ends the trial.
[[noreturn]] void supervise(pid_t parent, const char* workdir, char* const argv[], char* const envp[]);

}  // namespace summit::actors
