#pragma once
// The terminal of `summit run`: one status line refreshed in place when
// stdout is a terminal, plain lines when it is not (a log file, CI), and
// messages that never land in the middle of the status line. Thread-safe:
// warnings come from actor threads.

#include <chrono>
#include <mutex>
#include <string>

namespace summit::nodes {

class console {
 public:
  console();

  /// Shows the current status. On a terminal it replaces the previous one;
  /// otherwise it is printed when it changed, at most once per `every`.
  void status(const std::string& line, std::chrono::milliseconds every = std::chrono::seconds(2));
  /// A line of its own, on stdout.
  void say(const std::string& line);
  /// A line of its own, on stderr.
  void warn(const std::string& line);
  /// Ends the status line so that what follows starts on a fresh line.
  void finish_status();

 private:
  void clear_status_locked();

  std::mutex mutex_;
  bool tty_;
  bool status_shown_ = false;
  std::string last_;
  std::chrono::steady_clock::time_point last_printed_{};
};

}  // namespace summit::nodes
