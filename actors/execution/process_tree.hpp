#pragma once
// The processes descended from this one, found in /proc, for a trial's
// supervisor (process.cpp). A trial's process group does not hold all of its
// processes: one that calls setsid() or setpgid() leaves it, and a group
// signal no longer reaches it. The supervisor is a child subreaper
// (PR_SET_CHILD_SUBREAPER), so a descendant whose parent dies is
// reparented to it rather than to init, and "descended from the supervisor"
// is exactly "started by the trial".
//
// Only async-signal-safe system calls and no allocation: the supervisor is
// a fork of a multi-threaded process and calls these from signal handlers.

#include <sys/types.h>

namespace summit::actors::process_tree {

/// Sends sig to every descendant of this process whose process group is not
/// `except_group` (0: all of them). Returns how many it signalled.
int signal_descendants(int sig, pid_t except_group);

/// SIGKILLs every descendant, reaps those that become its own children, and
/// repeats until none is left alive (a descendant may fork meanwhile), for
/// at most about a second.
void kill_descendants();

}  // namespace summit::actors::process_tree
