#pragma once
// The worker's socket for its trial processes: a ZeroMQ ROUTER bound on
// 127.0.0.1, owned by one thread that is the only code touching it. Frames
// that decode go to the worker-node actor as (bridge_atom, bridge_request);
// frames that do not are answered with an error at once. Replies come back
// through post(), which any thread may call: it queues the frame and wakes
// the socket thread through an eventfd in the same poll, so a reply waits on
// no timeout.

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "algorithms/core/expected.hpp"

namespace summit::actors {

class trial_bridge {
 public:
  /// Binds the socket (e.g. "tcp://127.0.0.1:*"); frames are read only
  /// after run().
  static expected<std::shared_ptr<trial_bridge>> bind(const std::string& address);
  ~trial_bridge();
  trial_bridge(const trial_bridge&) = delete;
  trial_bridge& operator=(const trial_bridge&) = delete;

  /// The address trial processes connect to (SUMMIT_ENDPOINT).
  const std::string& endpoint() const { return endpoint_; }

  /// Starts the socket thread, forwarding to `worker`.
  void run(caf::actor worker);

  /// Queues a reply; thread-safe.
  void post(std::vector<std::string> envelope, std::string frame);

  /// Stops the thread and closes the socket. Idempotent.
  void stop();

  struct impl;

 private:
  explicit trial_bridge(std::unique_ptr<impl> i);
  void loop(caf::actor worker);

  std::unique_ptr<impl> impl_;
  std::string endpoint_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::deque<std::pair<std::vector<std::string>, std::string>> outbox_;
};

}  // namespace summit::actors
