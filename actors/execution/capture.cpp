#include "actors/execution/capture.hpp"

#include <sys/wait.h>

#include <cstdio>

#include "actors/execution/command_line.hpp"

namespace summit::actors {

captured capture(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& a : argv) line += shell_quote(a) + " ";
  captured out;
  FILE* pipe = popen((line + "2>&1").c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.output.append(buffer, n);
  const int raw = pclose(pipe);
  out.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  while (!out.output.empty() && (out.output.back() == '\n' || out.output.back() == ' ')) out.output.pop_back();
  return out;
}

bool on_path(const std::string& program) { return capture({"sh", "-c", "command -v " + program}).status == 0; }

}  // namespace summit::actors
