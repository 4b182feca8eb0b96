#include "actors/execution/supervisor.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>

#include "actors/execution/process_tree.hpp"

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

// prctl and fork as bare system calls: a sanitizer's interceptors for them
// take locks (its thread registry) that another thread of the parent may
// have held at the fork, which deadlocked a trial before it ever ran.
long raw_prctl(int option, unsigned long arg) { return syscall(SYS_prctl, option, arg, 0UL, 0UL, 0UL); }
pid_t raw_fork() { return static_cast<pid_t>(syscall(SYS_fork)); }

// Becomes the command: signals as a trial expects them, in its directory.
[[noreturn]] void exec_command(const char* workdir, char* const argv[], char* const envp[]) {
  for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT, SIGUSR1}) signal(sig, SIG_DFL);
  if (chdir(workdir) != 0) {
    write_log("summit: cannot enter the study's directory\n");
    _exit(127);
  }
  execve("/bin/sh", argv, envp);
  write_log("summit: cannot execute /bin/sh\n");
  _exit(127);
}

}  // namespace

// The supervisor leads the trial's process group and is a child subreaper,
// so that every process the trial starts stays its descendant, even one that
// leaves the group with setsid (see process_tree.hpp). When Summit dies
// (PR_SET_PDEATHSIG) or ends the trial (SIGUSR1), and when the command
// exits, it kills all of them, so no process of a trial outlives the process
// that could hear it. A stop's SIGTERM goes to the group; the supervisor
// passes it on to the processes that left the group, and exits as the
// command did.
void supervise(pid_t parent, const char* workdir, char* const argv[], char* const envp[]) {
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
  if (command == 0) exec_command(workdir, argv, envp);
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

}  // namespace summit::actors
