#pragma once
// Starting, signalling and reaping trial processes. Each trial runs as
// `/bin/sh -c COMMAND` in a process group of its own, led by a small
// supervisor that every process the trial starts stays a descendant of, also
// one that leaves the group (setsid). When the command exits, when the trial
// is killed, and when Summit dies, even by kill -9, the supervisor kills all
// of them rather than leave processes that no one can hear. stdout and
// stderr go to the trial's log file; stdin is /dev/null; no other descriptor
// is inherited.

#include <sys/types.h>

#include <string>
#include <vector>

#include "model/core/expected.hpp"

namespace summit::actors {

struct launch_options {
  std::string command;                   ///< run by /bin/sh -c
  std::string workdir;
  std::vector<std::string> environment;  ///< NAME=value, the whole environment
  std::string log_path;                  ///< created with its directory; appended to
  /// The summit-trial program (supervisor_path()); empty: the supervisor is
  /// a fork of this process, which costs more the larger it is.
  std::string supervisor = {};
};

/// summit-trial beside this program's executable, when it is there; empty otherwise.
std::string supervisor_path();

/// The process id, which is also its process group id. A workdir that does
/// not exist is reported in the log and as exit code 127, like a shell.
expected<pid_t> launch(const launch_options& options);

/// Sends sig to the whole group; a group that is gone is not an error. A
/// SIGTERM reaches the processes that left the group too (the supervisor
/// passes it on).
void signal_group(pid_t group, int sig);

/// SIGKILLs every process of the trial, in its group or not, through its
/// supervisor (the pid launch() returned).
void kill_trial(pid_t supervisor);

/// Blocks until the process ends; returns its raw wait status.
int wait_for(pid_t pid);

struct exit_status {
  int exit_code = 0;  ///< when it exited; -1 when a signal ended it
  int signal = 0;     ///< that ended it, or 0
};
exit_status decode_wait_status(int raw);

/// Environment of this process as NAME=value entries.
std::vector<std::string> current_environment();

}  // namespace summit::actors
