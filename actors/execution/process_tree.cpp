#include "actors/execution/process_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace summit::actors::process_tree {

namespace {

// A trial with more processes than this has the rest found in the next round.
constexpr int max_tree = 4096;

// Bare system calls, as in process.cpp: a sanitizer's interceptors may take
// locks that another thread of the forked parent held.
int open_read_only(const char* path, int flags) {
  return static_cast<int>(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC | flags));
}
long read_some(int fd, char* buf, unsigned long size) { return syscall(SYS_read, fd, buf, size); }
void close_fd(int fd) { syscall(SYS_close, fd); }

struct process {
  pid_t pid = 0;
  pid_t group = 0;
  bool zombie = false;
};

/// "123" → 123; anything else → 0.
pid_t parse_pid(const char* s) {
  pid_t v = 0;
  if (*s == 0) return 0;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9') return 0;
    v = v * 10 + (*s - '0');
  }
  return v;
}

/// Reads state, parent and group from /proc/PID/stat: "pid (comm) S ppid pgrp ...",
/// where comm may hold spaces and parentheses, so fields count from the last ')'.
bool read_stat(pid_t pid, char& state, pid_t& parent, pid_t& group) {
  char path[32] = "/proc/";
  char digits[16];
  int n = 0;
  for (pid_t p = pid; p > 0; p /= 10) digits[n++] = static_cast<char>('0' + p % 10);
  int at = 6;
  while (n > 0) path[at++] = digits[--n];
  for (const char* s = "/stat"; *s; ++s) path[at++] = *s;
  path[at] = 0;
  const int fd = open_read_only(path, 0);
  if (fd < 0) return false;
  char buf[512];
  const long got = read_some(fd, buf, sizeof buf - 1);
  close_fd(fd);
  if (got <= 0) return false;
  buf[got] = 0;
  const char* p = nullptr;
  for (long i = got - 1; i >= 0 && !p; --i)
    if (buf[i] == ')') p = buf + i + 1;
  if (!p || p[0] != ' ') return false;
  state = p[1];
  p += 2;
  pid_t fields[2] = {0, 0};
  for (pid_t& f : fields) {
    while (*p == ' ') ++p;
    bool negative = *p == '-';
    if (negative) ++p;
    for (; *p >= '0' && *p <= '9'; ++p) f = f * 10 + (*p - '0');
    if (negative) f = -f;
  }
  parent = fields[0];
  group = fields[1];
  return true;
}

bool contains(const process* tree, int n, pid_t pid) {
  for (int i = 0; i < n; ++i)
    if (tree[i].pid == pid) return true;
  return false;
}

/// Fills tree[1..] with this process's descendants (tree[0] is this one);
/// returns how many entries it filled. One pass over /proc per level of the
/// tree, as a parent may be listed after its child.
int find_descendants(process* tree) {
  int n = 0;
  tree[n++] = process{getpid(), getpgrp(), false};
  for (bool grew = true; grew && n < max_tree;) {
    grew = false;
    const int dir = open_read_only("/proc", O_DIRECTORY);
    if (dir < 0) break;
    alignas(8) char buf[4096];
    for (long got; (got = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0;) {
      for (long off = 0; off < got && n < max_tree;) {
        const auto* entry = reinterpret_cast<const dirent64*>(buf + off);
        off += entry->d_reclen;
        const pid_t pid = parse_pid(entry->d_name);
        char state = 0;
        pid_t parent = 0, group = 0;
        if (pid == 0 || contains(tree, n, pid) || !read_stat(pid, state, parent, group)) continue;
        if (!contains(tree, n, parent)) continue;
        tree[n++] = process{pid, group, state == 'Z'};
        grew = true;
      }
    }
    close_fd(dir);
  }
  return n;
}

// Static, as a signal handler's stack may be small; a supervisor runs one
// handler at a time (each blocks the others while it runs).
process tree[max_tree];

}  // namespace

int signal_descendants(int sig, pid_t except_group) {
  const int n = find_descendants(tree);
  int signalled = 0;
  for (int i = 1; i < n; ++i)
    if (!tree[i].zombie && (except_group == 0 || tree[i].group != except_group)) {
      syscall(SYS_kill, tree[i].pid, sig);
      ++signalled;
    }
  return signalled;
}

void kill_descendants() {
  const timespec pause{0, 2'000'000};
  for (int round = 0; round < 500; ++round) {
    const int signalled = signal_descendants(SIGKILL, 0);
    while (syscall(SYS_wait4, -1, nullptr, WNOHANG, nullptr) > 0) {
    }
    if (signalled == 0) return;
    nanosleep(&pause, nullptr);
  }
}

}  // namespace summit::actors::process_tree
