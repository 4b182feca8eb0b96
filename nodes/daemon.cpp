#include "nodes/daemon.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

namespace summit::nodes {

namespace {

volatile std::sig_atomic_t stop_flag = 0;
std::atomic<int> exit_code{0};

extern "C" void on_stop(int sig) {
  stop_flag = 1;
  std::signal(sig, SIG_DFL);
}

std::mutex log_mutex;

}  // namespace

void log_line(const std::string& text) {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::tm local{};
  localtime_r(&now, &local);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
  std::lock_guard<std::mutex> lock(log_mutex);
  std::fprintf(stderr, "%s %s\n", stamp, text.c_str());
}

void catch_stop_signals() {
  std::signal(SIGINT, on_stop);
  std::signal(SIGTERM, on_stop);
}

bool stop_requested() { return stop_flag != 0; }

void request_stop(int code) {
  exit_code = code;
  stop_flag = 1;
}

int stop_exit_code() { return exit_code; }

void wait_for_stop() {
  while (!stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

}  // namespace summit::nodes
