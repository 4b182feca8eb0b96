#include "nodes/console.hpp"

#include <unistd.h>

#include <cstdio>

#include "nodes/format.hpp"

namespace summit::nodes {

console::console() : tty_(isatty(STDOUT_FILENO) != 0) {}

void console::clear_status_locked() {
  if (tty_ && status_shown_) {
    std::fputs("\r\x1b[K", stdout);
    status_shown_ = false;
  }
}

void console::status(const std::string& line, std::chrono::milliseconds every) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (tty_) {
    if (line == last_ && status_shown_) return;
    std::fputs(("\r\x1b[K" + printable(line)).c_str(), stdout);
    status_shown_ = true;
  } else {
    // last_ is the last line printed.
    const auto now = std::chrono::steady_clock::now();
    if (line == last_ || now - last_printed_ < every) return;
    std::puts(printable(line).c_str());
    last_printed_ = now;
  }
  last_ = line;
  std::fflush(stdout);
}

void console::say(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  clear_status_locked();
  std::puts(printable(line).c_str());
  std::fflush(stdout);
}

void console::warn(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  clear_status_locked();
  std::fflush(stdout);
  std::fprintf(stderr, "%s\n", printable(line).c_str());
}

void console::finish_status() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (tty_ && status_shown_) std::fputs("\n", stdout);
  status_shown_ = false;
  std::fflush(stdout);
}

}  // namespace summit::nodes
