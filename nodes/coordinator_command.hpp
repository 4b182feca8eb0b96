#pragma once
// `summit coordinator --data DIR [--listen tcp://*:7700 --keys KEYS]`: the
// long-running coordinator. Recovers every study from DIR, listens for
// worker nodes and command-line clients, and runs until SIGINT or SIGTERM.
// Without --keys anyone who reaches the socket can submit studies, which run
// commands on the workers: it listens on 127.0.0.1 unless told otherwise,
// and says so loudly when told.

#include <chrono>
#include <string>

namespace summit::nodes {

struct coordinator_options {
  std::string data_dir = "summit-data";
  std::string listen = "tcp://127.0.0.1:7700";
  std::string keys_dir;  ///< CURVE: coordinator.key_secret and the accepted clients' *.key
  double max_frame_rate = 20000;  ///< per peer, frames a second
  int dashboard_port = -1;  ///< -1: no dashboard; 0: any free port
  std::string dashboard_host = "127.0.0.1";
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds timeout{5000};      ///< a worker silent this long is lost
  std::chrono::milliseconds claim_grace{10000}; ///< after a restart, for workers to claim their trials
};

int run_coordinator(const coordinator_options& options);

}  // namespace summit::nodes
