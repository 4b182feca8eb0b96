#include "actors/execution/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "actors/execution/supervisor.hpp"

extern char** environ;

namespace summit::actors {

namespace {

// In a fork of Summit: the trial's descriptors, then the supervisor.
// Async-signal-safe calls only: Summit has other threads, whose locks the
// child inherits in whatever state they were.
[[noreturn]] void supervise_in_fork(const launch_options& o, int log_fd, pid_t parent, char* const argv[],
                                    char* const envp[]) {
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, 0);
  dup2(log_fd, 1);
  dup2(log_fd, 2);
  close_range(3, ~0U, 0);
  supervise(parent, o.workdir.c_str(), argv, envp);
}

/// The supervisor program started with posix_spawn: a vfork, so the cost
/// does not grow with Summit's address space or its threads. It gets the
/// trial's descriptors, a process group of its own, no blocked signal and
/// the default action for those Summit handles or ignores.
int spawn_supervisor(const launch_options& o, int log_fd, pid_t parent, char* const envp[], pid_t& pid) {
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&files, log_fd, 1);
  posix_spawn_file_actions_adddup2(&files, log_fd, 2);
  posix_spawn_file_actions_addclosefrom_np(&files, 3);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t none, defaults;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  std::string name = "summit-trial", parent_id = std::to_string(parent), workdir = o.workdir, command = o.command;
  char* argv[] = {name.data(), parent_id.data(), workdir.data(), command.data(), nullptr};
  const int err = posix_spawn(&pid, o.supervisor.c_str(), &files, &attributes, argv, envp);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&files);
  return err;
}

}  // namespace

std::string supervisor_path() {
  static const std::string path = [] {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return std::string();
    const auto beside = self.parent_path() / "summit-trial";
    return access(beside.c_str(), X_OK) == 0 ? beside.string() : std::string();
  }();
  return path;
}

expected<pid_t> launch(const launch_options& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(o.log_path).parent_path(), ec);
  const int log_fd = open(o.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return make_error("cannot open the trial log " + o.log_path + ": " + std::strerror(errno));
  const std::string header = "# summit: " + o.command + "\n";
  (void)!write(log_fd, header.data(), header.size());

  std::vector<std::string> env = o.environment;
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t parent = getpid();
  pid_t pid = -1;
  int err = 0;
  if (!o.supervisor.empty()) {
    err = spawn_supervisor(o, log_fd, parent, envp.data(), pid);
  } else {
    std::string sh = "sh", dash_c = "-c", command = o.command;
    char* argv[] = {sh.data(), dash_c.data(), command.data(), nullptr};
    pid = fork();
    if (pid == 0) supervise_in_fork(o, log_fd, parent, argv, envp.data());
    if (pid < 0) err = errno;
  }
  if (pid <= 0 || err != 0) {
    close(log_fd);
    return make_error(std::string("cannot start the trial: ") + std::strerror(err ? err : EAGAIN));
  }
  setpgid(pid, pid);  // also here, so a kill right after launch finds the group
  close(log_fd);
  return pid;
}

void signal_group(pid_t group, int sig) {
  if (group > 0) kill(-group, sig);
}

void kill_trial(pid_t supervisor) {
  if (supervisor > 0) kill(supervisor, SIGUSR1);
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 0;
  }
  return status;
}

exit_status decode_wait_status(int raw) {
  if (WIFSIGNALED(raw)) return {-1, WTERMSIG(raw)};
  if (WIFEXITED(raw)) return {WEXITSTATUS(raw), 0};
  return {-1, 0};
}

std::vector<std::string> current_environment() {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) out.emplace_back(*e);
  return out;
}

}  // namespace summit::actors
