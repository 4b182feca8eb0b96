#include "actors/execution/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "actors/execution/process_tree.hpp"

extern char** environ;

namespace summit::actors {

namespace {

// Everything the trial started, also what left its process group, then the
// group with the supervisor itself.
void end_everything(int) {
  process_tree::kill_descendants();
  kill(0, SIGKILL);
}

// A stop's SIGTERM reached the group; the processes that left it get it too.
void forward_stop(int) { process_tree::signal_descendants(SIGTERM, getpgrp()); }

void on_signal(int sig, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  for (int other : {SIGHUP, SIGUSR1, SIGTERM}) sigaddset(&action.sa_mask, other);  // one handler at a time
  sigaction(sig, &action, nullptr);
}

void write_log(const char* msg) { (void)!write(2, msg, std::strlen(msg)); }

// Becomes `sh -c COMMAND`: descriptors, directory and signals as a trial
// expects them.
[[noreturn]] void exec_command(const launch_options& o, int log_fd, const std::vector<char*>& argv,
                               const std::vector<char*>& envp) {
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT}) signal(sig, SIG_DFL);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) dup2(null_fd, 0);
  dup2(log_fd, 1);
  dup2(log_fd, 2);
  if (chdir(o.workdir.c_str()) != 0) {
    write_log("summit: cannot enter the study's directory\n");
    _exit(127);
  }
  close_range(3, ~0U, 0);
  execve("/bin/sh", argv.data(), envp.data());
  write_log("summit: cannot execute /bin/sh\n");
  _exit(127);
}

// prctl and fork as bare system calls: a sanitizer's interceptors for them
// take locks (its thread registry) that another thread of the parent may
// have held at the fork, which deadlocked a trial before it ever ran.
long raw_prctl(int option, unsigned long arg) { return syscall(SYS_prctl, option, arg, 0UL, 0UL, 0UL); }
pid_t raw_fork() { return static_cast<pid_t>(syscall(SYS_fork)); }

// The forked child supervises the command as the leader of its process
// group and as a child subreaper, so that every process the trial starts
// stays its descendant, even one that leaves the group with setsid (see
// process_tree.hpp). When Summit dies (PR_SET_PDEATHSIG) or ends the trial
// (SIGUSR1), and when the command exits, it kills all of them, so no
// process of a trial outlives the process that could hear it. A stop's
// SIGTERM goes to the group; the supervisor passes it on to the processes
// that left the group, and exits as the command did. Only
// async-signal-safe calls: the parent has other threads, whose locks the
// child inherits in whatever state they were.
[[noreturn]] void supervise(const launch_options& o, int log_fd, pid_t parent,
                            const std::vector<char*>& argv, const std::vector<char*>& envp) {
  setpgid(0, 0);
  raw_prctl(PR_SET_NAME, reinterpret_cast<unsigned long>("summit-trial"));
  raw_prctl(PR_SET_CHILD_SUBREAPER, 1);
  on_signal(SIGHUP, end_everything);
  on_signal(SIGUSR1, end_everything);
  on_signal(SIGTERM, forward_stop);
  signal(SIGINT, SIG_IGN);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  raw_prctl(PR_SET_PDEATHSIG, SIGHUP);
  if (getppid() != parent) end_everything(0);  // Summit died before prctl
  const pid_t command = raw_fork();
  if (command < 0) _exit(127);
  if (command == 0) exec_command(o, log_fd, argv, envp);
  close_range(3, ~0U, 0);
  int status = 0;
  while (waitpid(command, &status, 0) < 0)
    if (errno != EINTR) _exit(127);
  // What the trial left running ends with it.
  sigset_t ending;
  sigemptyset(&ending);
  for (int sig : {SIGHUP, SIGUSR1, SIGTERM}) sigaddset(&ending, sig);
  sigprocmask(SIG_BLOCK, &ending, nullptr);
  process_tree::kill_descendants();
  if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
  const int sig = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
  signal(sig, SIG_DFL);
  sigprocmask(SIG_UNBLOCK, &ending, nullptr);
  kill(getpid(), sig);
  _exit(128 + sig);
}

}  // namespace

expected<pid_t> launch(const launch_options& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(o.log_path).parent_path(), ec);
  const int log_fd = open(o.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return make_error("cannot open the trial log " + o.log_path + ": " + std::strerror(errno));
  const std::string header = "# summit: " + o.command + "\n";
  (void)!write(log_fd, header.data(), header.size());

  std::string sh = "sh", dash_c = "-c", command = o.command;
  std::vector<char*> argv{sh.data(), dash_c.data(), command.data(), nullptr};
  std::vector<std::string> env = o.environment;
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    close(log_fd);
    return make_error(std::string("cannot start the trial: ") + std::strerror(err));
  }
  if (pid == 0) supervise(o, log_fd, parent, argv, envp);
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
