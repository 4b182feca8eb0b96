// Light simulated worker nodes for bench/scale: W connections to one
// coordinator, each registering S slots. A trial "runs" as soon as its
// run_trial arrives (no process): each worker sends one observations frame
// for all its running trials, waits for the replies, and repeats; a trial
// that has reported I iterations ends. Prints, as it goes and at the end,
// acknowledged observations, running trials, and the hand-out time: from a
// trial's end (a slot freed) to the next run_trial for that worker.
//
//   fake_workers ENDPOINT WORKERS SLOTS ITERATIONS OBSERVATIONS [CONTEXT]
//
// With CONTEXT, every observation also carries that many context metrics
// (m0, m1, ...).
// It stops once OBSERVATIONS have been acknowledged.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "protocol/codec.hpp"

using namespace summit;
using clock_type = std::chrono::steady_clock;

namespace {

struct sim_worker {
  std::unique_ptr<zmq::socket_t> socket;
  std::string name;
  bool registered = false;
  bool waiting = false;                     ///< an observations frame is unanswered
  std::map<trial_id, std::int64_t> running;  ///< next iteration
  std::deque<clock_type::time_point> freed;  ///< slots freed, not yet refilled
  clock_type::time_point last_heartbeat{};
};

void send(sim_worker& w, const protocol::message& m) {
  const auto bytes = protocol::encode(m);
  (void)w.socket->send(zmq::buffer(bytes), zmq::send_flags::dontwait);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6 && argc != 7) {
    std::fprintf(stderr, "usage: fake_workers ENDPOINT WORKERS SLOTS ITERATIONS OBSERVATIONS [CONTEXT]\n");
    return 2;
  }
  const std::string endpoint = argv[1];
  const int workers = std::stoi(argv[2]);
  const auto slots = static_cast<std::uint32_t>(std::stoul(argv[3]));
  const std::int64_t iterations = std::stoll(argv[4]);
  const auto target = std::stoull(argv[5]);
  std::vector<std::pair<std::string, double>> metrics;
  for (int i = 0; i < (argc == 7 ? std::stoi(argv[6]) : 0); ++i) metrics.emplace_back("m" + std::to_string(i), i);

  zmq::context_t context(1);
  std::vector<sim_worker> sims(static_cast<std::size_t>(workers));
  for (int i = 0; i < workers; ++i) {
    auto& w = sims[static_cast<std::size_t>(i)];
    w.name = "sim" + std::to_string(i);
    w.socket = std::make_unique<zmq::socket_t>(context, zmq::socket_type::dealer);
    w.socket->set(zmq::sockopt::routing_id, "sim/" + w.name);
    w.socket->set(zmq::sockopt::linger, 0);
    w.socket->set(zmq::sockopt::sndhwm, 100000);
    w.socket->set(zmq::sockopt::rcvhwm, 100000);
    w.socket->connect(endpoint);
  }
  std::vector<double> handout_ms;
  std::uint64_t acks = 0, ended = 0;
  const auto start = clock_type::now();
  auto next_report = start + std::chrono::seconds(5);
  std::vector<zmq::pollitem_t> items;
  for (auto& w : sims) items.push_back({w.socket->handle(), 0, ZMQ_POLLIN, 0});

  std::size_t peak_running = 0, running_now = 0;
  while (acks < target) {
    const auto now = clock_type::now();
    for (auto& w : sims) {
      if (!w.registered && now - w.last_heartbeat > std::chrono::milliseconds(500)) {
        send(w, protocol::register_worker{w.name, slots, {}, {}, {}});
        w.last_heartbeat = now;
      } else if (w.registered && now - w.last_heartbeat > std::chrono::milliseconds(1000)) {
        send(w, protocol::heartbeat{});
        w.last_heartbeat = now;
      }
      if (!w.registered || w.waiting || w.running.empty()) continue;
      protocol::observations batch;
      for (auto& [trial, iteration] : w.running)
        batch.items.push_back({trial, iteration, 1.0 / static_cast<double>(iteration + 1), metrics});
      send(w, batch);
      w.waiting = true;
    }
    zmq::poll(items.data(), items.size(), std::chrono::milliseconds(10));
    for (std::size_t i = 0; i < sims.size(); ++i) {
      if (!(items[i].revents & ZMQ_POLLIN)) continue;
      auto& w = sims[i];
      for (;;) {
        zmq::message_t frame;
        if (!w.socket->recv(frame, zmq::recv_flags::dontwait)) break;
        auto m = protocol::decode(frame.to_string_view());
        if (!m) continue;
        if (std::holds_alternative<protocol::registered>(*m)) {
          w.registered = true;
        } else if (auto* run = std::get_if<protocol::run_trial>(&*m)) {
          if (w.running.emplace(run->trial, 0).second) peak_running = std::max(peak_running, ++running_now);
          if (!w.freed.empty()) {
            handout_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - w.freed.front()).count());
            w.freed.pop_front();
          }
        } else if (auto* answers = std::get_if<protocol::replies>(&*m)) {
          w.waiting = false;
          for (const auto& a : answers->items) {
            const auto* ack = std::get_if<protocol::ack>(&a);
            if (!ack) continue;
            ++acks;
            auto it = w.running.find(ack->trial);
            if (it == w.running.end() || it->second != ack->iteration) continue;
            if (++it->second < iterations) continue;
            send(w, protocol::trial_ended{ack->trial, 0, 0, {}});
            w.running.erase(it);
            --running_now;
            w.freed.push_back(clock_type::now());
            ++ended;
          }
        } else if (auto* kill = std::get_if<protocol::kill_trial>(&*m)) {
          running_now -= w.running.erase(kill->trial);
        }
      }
    }
    if (clock_type::now() >= next_report) {
      const std::size_t running = running_now;
      const double t = std::chrono::duration<double>(clock_type::now() - start).count();
      std::printf("  %5.0f s: %zu trials running, %llu observations acknowledged (%.0f/s), %llu trials ended\n", t,
                  running, static_cast<unsigned long long>(acks), static_cast<double>(acks) / t,
                  static_cast<unsigned long long>(ended));
      std::fflush(stdout);
      next_report += std::chrono::seconds(5);
    }
  }
  std::sort(handout_ms.begin(), handout_ms.end());
  const auto pct = [&](double p) {
    return handout_ms.empty() ? 0.0 : handout_ms[static_cast<std::size_t>(p * static_cast<double>(handout_ms.size() - 1))];
  };
  const double t = std::chrono::duration<double>(clock_type::now() - start).count();
  std::printf("acknowledged %llu observations in %.1f s (%.0f/s); %llu trials ended; at most %zu running at once\n"
              "hand-out after a trial ends: p50 %.2f ms, p99 %.2f ms (%zu hand-outs)\n",
              static_cast<unsigned long long>(acks), t, static_cast<double>(acks) / t,
              static_cast<unsigned long long>(ended), peak_running, pct(0.5), pct(0.99), handout_ms.size());
}
