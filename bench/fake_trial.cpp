// A trial process for bench/ingest: sends N observations, as fast as the
// acknowledgements allow or at RATE per second (0: flat out), and writes, to
// OUT_DIR/trial-ID.txt, its first send and last ack times (CLOCK_MONOTONIC,
// shared by all processes) and every acknowledgement latency in
// microseconds. With "pipelined" it sends without waiting and collects the
// acknowledgements every `window` observations; an observation's latency is
// then from its send to the collect that confirmed it.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <summit/client.hpp>

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::fprintf(stderr, "usage: fake_trial N OUT_DIR [RATE [pipelined]]\n");
    return 2;
  }
  const long n = std::stol(argv[1]);
  const double rate = argc >= 4 ? std::stod(argv[3]) : 0;
  const bool pipelined = argc == 5 && std::string(argv[4]) == "pipelined";
  using clock = std::chrono::steady_clock;
  try {
    summit::client::client c;
    summit::client::trial t;
    t.id = c.trial_id();
    std::vector<long> latencies;
    latencies.reserve(static_cast<std::size_t>(n));
    std::vector<clock::time_point> unconfirmed;
    const auto confirm = [&] {
      c.collect();
      const auto now = clock::now();
      for (const auto& sent : unconfirmed)
        latencies.push_back(std::chrono::duration_cast<std::chrono::microseconds>(now - sent).count());
      unconfirmed.clear();
    };
    const auto start = clock::now();
    for (long i = 0; i < n; ++i) {
      if (rate > 0) std::this_thread::sleep_until(start + std::chrono::microseconds(static_cast<long>(i * 1e6 / rate)));
      const auto sent = clock::now();
      if (pipelined) {
        c.send_metrics_nowait(t, i, 1.0 / static_cast<double>(i + 1), {{"acc", 0.5}});
        unconfirmed.push_back(sent);
        if (unconfirmed.size() == summit::client::client::window) confirm();
        continue;
      }
      c.send_metrics(t, i, 1.0 / static_cast<double>(i + 1), {{"acc", 0.5}});
      latencies.push_back(std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - sent).count());
    }
    confirm();
    const auto end = clock::now();
    std::ofstream out(std::string(argv[2]) + "/trial-" + std::to_string(t.id) + ".txt");
    out << start.time_since_epoch().count() << " " << end.time_since_epoch().count() << "\n";
    for (long l : latencies) out << l << "\n";
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake_trial: %s\n", e.what());
    return 1;
  }
}
