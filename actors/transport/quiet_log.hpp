#pragma once
// A log that repeats a line at most once per interval.

#include <chrono>
#include <functional>
#include <map>
#include <string>

namespace summit::actors {

/// The same line at most once per interval: a peer that retries every
/// second with a wrong key must not flood the log.
class quiet_log {
 public:
  void operator()(const std::function<void(const std::string&)>& log, const std::string& line,
                  std::chrono::steady_clock::duration interval = std::chrono::seconds(30)) {
    if (!log || line.empty()) return;
    const auto now = std::chrono::steady_clock::now();
    auto [it, fresh] = last_.try_emplace(line, now);
    if (!fresh && now - it->second < interval) return;
    it->second = now;
    if (last_.size() > 1000) last_.clear();
    log(line);
  }

 private:
  std::map<std::string, std::chrono::steady_clock::time_point> last_;
};

}  // namespace summit::actors
