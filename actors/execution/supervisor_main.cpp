// summit-trial PARENT_PID WORKDIR COMMAND: a trial's supervisor as a
// program of its own (supervisor.hpp), started by launch() with
// posix_spawn. Its descriptors 0 to 2 and its environment are the trial's.

#include <cstdlib>
#include <cstdio>

#include "actors/execution/supervisor.hpp"

extern char** environ;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "summit-trial: started by summit for each trial (PARENT_PID WORKDIR COMMAND)\n");
    return 127;
  }
  char* end = nullptr;
  const long parent = std::strtol(argv[1], &end, 10);
  if (*end != '\0' || parent <= 0) {
    std::fprintf(stderr, "summit-trial: '%s' is not a process id\n", argv[1]);
    return 127;
  }
  char sh[] = "sh", dash_c[] = "-c";
  char* command[] = {sh, dash_c, argv[3], nullptr};
  summit::actors::supervise(static_cast<pid_t>(parent), argv[2], command, environ);
}
