#pragma once
// What the long-running commands (`summit coordinator`, `summit worker`)
// share: timestamped log lines, and waiting for SIGINT or SIGTERM.

#include <string>

namespace summit::nodes {

/// "2026-11-23 12:00:01 worker gpu-3 joined with 4 slots" on stderr.
void log_line(const std::string& text);

/// Installs the handlers; the first SIGINT or SIGTERM sets the flag, a
/// second ends the process at once.
void catch_stop_signals();
bool stop_requested();

/// Blocks until SIGINT, SIGTERM or request_stop.
void wait_for_stop();

/// Ends wait_for_stop from inside the process, e.g. when a worker's key is
/// refused; stop_exit_code() then returns exit_code.
void request_stop(int exit_code);
int stop_exit_code();

}  // namespace summit::nodes
