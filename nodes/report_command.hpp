#pragma once
// `summit report --iteration I [--objective X] [--context k=v ...]`: sends one
// observation from inside a trial (shell scripts, any language) and prints
// "continue", or "stop" when the trial should end.

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace summit::nodes {

struct report_options {
  long long iteration = 0;
  std::optional<double> objective;
  std::vector<std::string> context;  ///< name=value
};

/// 0 when stored (whatever the stop flag), 1 when the worker refused or did
/// not answer, 2 for bad arguments or outside a trial.
int report(const report_options& options);

/// Adds `report` to the command line: its options fill `options`, and
/// running it sets exit_code.
void add_report_command(CLI::App& app, report_options& options, int& exit_code);

}  // namespace summit::nodes
