#pragma once
// A ZeroMQ socket owned by one thread, the only code that touches it, and
// the CAF actor it serves. Frames that decode go to the actor as
// (bridge_atom, bridge_request); frames that do not are answered with an
// error at once. Replies go out through post(), which any thread may call:
// it queues the frame and wakes the socket's thread through an eventfd in
// the same poll, so a reply waits on no timeout.
//
// Three uses: a worker's socket for its trial processes (ROUTER on a Unix
// socket, or on TCP for trials that run as batch jobs), the coordinator's socket for workers and command-line clients
// (ROUTER on --listen, optionally with CURVE and a per-peer frame rate
// limit), and a worker's link to its coordinator (DEALER, whose frames
// carry no envelope). Without CURVE, when in_bridge_thread asks for it,
// the bridge's thread serves the socket itself (zmtp_socket.hpp).

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/atoms.hpp"
#include "actors/transport/socket_security.hpp"
#include "model/core/expected.hpp"

namespace summit::actors {

struct listen_options {
  /// CURVE: accept only clients whose keys are listed, or any client when
  /// no keys directory is given (see socket_security.hpp).
  std::optional<curve_server> curve;
  /// Frames per second one peer may send; past it (after a burst of as many)
  /// its frames are dropped and it is told so, at most once a second.
  /// 0: no limit.
  double max_frames_per_second = 0;
  /// Refused connections and dropped frames, rate-limited per cause.
  std::function<void(const std::string&)> log;
  /// Serve the socket in the bridge's own thread (zmtp_router.hpp) rather
  /// than through libzmq's I/O thread, which every frame crosses with one
  /// more thread woken each way. Taken when there is no CURVE and the
  /// address is tcp://IPv4:port or ipc://path; else ignored.
  bool in_bridge_thread = false;
  /// Served so, what one wake-up reads goes to the actor as one
  /// (bridge_atom, std::vector<bridge_request>) when it is more than one.
  bool batches = false;
};

struct connect_options {
  std::optional<curve_client> curve;
  /// A failed handshake: why, and whether the peer had accepted us before.
  std::function<void(const std::string& reason, bool accepted_before)> on_refused;
  /// As listen_options::in_bridge_thread: taken without CURVE for a
  /// tcp://host:port address (zmtp_connector.hpp).
  bool in_bridge_thread = false;
};

/// Run in a socket's thread with the requests one wake-up read, before the
/// actor sees them: it erases what it answers itself (observation_relay.hpp).
using request_filter = std::function<void(std::vector<bridge_request>&)>;

class socket_bridge {
 public:
  /// Binds a ROUTER (e.g. "tcp://127.0.0.1:*"). A peer that reconnects
  /// with the same routing id takes its old place (ZMQ_ROUTER_HANDOVER).
  static expected<std::shared_ptr<socket_bridge>> bind(const std::string& address,
                                                       listen_options options = {});

  /// Connects a DEALER that identifies itself as routing_id, so that the
  /// coordinator knows it again after a reconnection.
  static expected<std::shared_ptr<socket_bridge>> connect(const std::string& address,
                                                          const std::string& routing_id,
                                                          connect_options options = {});
  ~socket_bridge();
  socket_bridge(const socket_bridge&) = delete;
  socket_bridge& operator=(const socket_bridge&) = delete;

  /// The bound address, with the port chosen (ROUTER), or the peer's (DEALER).
  const std::string& endpoint() const { return endpoint_; }

  /// Starts the socket thread, forwarding to `target` what `filter` (when
  /// given) leaves.
  void run(caf::actor target, request_filter filter = {});

  /// As run() for this bridge and `other`, but one thread serves both when
  /// both sockets are served in their bridge's thread (no CURVE): a
  /// worker's trial socket and its link, so that an observation and its
  /// answer cross from one socket to the other without waking a second
  /// thread. Stopping either stops that thread.
  void run_together(caf::actor target, request_filter filter, const std::shared_ptr<socket_bridge>& other,
                    caf::actor other_target, request_filter other_filter);

  /// Queues a frame; thread-safe. envelope: the routing frames of the peer
  /// (empty for a DEALER).
  void post(std::vector<std::string> envelope, std::string frame);

  /// Stops the thread and closes the socket. Idempotent.
  void stop();

  struct impl;

 private:
  explicit socket_bridge(std::unique_ptr<impl> i);
  void loop(caf::actor target);
  void serve_in_thread(const caf::actor& target);
  void serve_together(const caf::actor& target, const caf::actor& other_target, int epoll_set);
  /// Reads what the in-thread socket has (waiting up to timeout_ms) and
  /// hands it over; true when the watched fd woke it.
  bool serve_socket(const caf::actor& target, int timeout_ms);
  void send_outbox();
  void take_outbox(const std::function<void(const std::vector<std::string>&, const std::string&)>& send);
  void receive(const caf::actor& target);
  void hand_over(const caf::actor& target, std::vector<bridge_request>& ready);
  void answer_authentication();
  void watch_handshakes();

  std::unique_ptr<impl> impl_;
  std::string endpoint_;
  std::thread thread_;
  request_filter filter_;
  std::shared_ptr<socket_bridge> partner_;  ///< served by this one's thread (run_together)
  socket_bridge* host_ = nullptr;           ///< whose thread serves this one
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::deque<std::pair<std::vector<std::string>, std::string>> outbox_;
};

}  // namespace summit::actors
