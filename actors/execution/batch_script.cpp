#include "actors/execution/batch_script.hpp"

#include "actors/execution/command_line.hpp"

namespace summit::actors {

namespace {

bool summit_variable(const std::string& entry) {
  for (const char* prefix : {"SUMMIT_", "PATH=", "PYTHONPATH="})
    if (entry.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace

std::string trial_job_script(const std::string& command, const std::string& workdir,
                             const std::vector<std::string>& environment) {
  std::string s = "#!/bin/sh\n# Written by a Summit worker (--executor): one trial.\n";
  for (const auto& entry : environment) {
    if (!summit_variable(entry)) continue;
    const auto eq = entry.find('=');
    s += "export " + entry.substr(0, eq) + "=" + shell_quote(entry.substr(eq + 1)) + "\n";
  }
  s += "cd " + shell_quote(workdir) + " || exit 127\n";
  s += "exec /bin/sh -c " + shell_quote(command) + "\n";
  return s;
}

}  // namespace summit::actors
