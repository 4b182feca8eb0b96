#pragma once
// `summit coordinator --data DIR --listen tcp://*:7700`: the long-running
// coordinator. Recovers every study from DIR, listens for worker nodes and
// command-line clients, and runs until SIGINT or SIGTERM.

#include <chrono>
#include <string>

namespace summit::nodes {

struct coordinator_options {
  std::string data_dir = "summit-data";
  std::string listen = "tcp://*:7700";
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds timeout{5000};      ///< a worker silent this long is lost
  std::chrono::milliseconds claim_grace{10000}; ///< after a restart, for workers to claim their trials
};

int run_coordinator(const coordinator_options& options);

}  // namespace summit::nodes
