#pragma once
// Inside a socket_bridge, for the files that implement it: its state, and
// how a frame read from either kind of socket becomes a request for the
// actor. socket_bridge.cpp has the libzmq side, socket_bridge_in_thread.cpp
// the sockets served in the bridge's own thread.

#include <unistd.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <zmq.hpp>

#include "actors/atoms.hpp"
#include "actors/transport/curve_socket.hpp"
#include "actors/transport/quiet_log.hpp"
#include "actors/transport/rate_limit.hpp"
#include "actors/transport/socket_bridge.hpp"
#include "actors/transport/zmtp_socket.hpp"

namespace summit::actors {

struct socket_bridge::impl {
  explicit impl(zmq::socket_type type) : socket(context, type), router(type == zmq::socket_type::router) {}
  /// Served in the bridge's thread: no libzmq socket (nor its I/O thread).
  impl(std::unique_ptr<zmtp_socket> s, bool is_router) : router(is_router), in_thread(std::move(s)) {}
  zmq::context_t context{1};
  zmq::socket_t socket;
  bool router;
  std::unique_ptr<zmtp_socket> in_thread;
  bool batches = false;  ///< listen_options::batches
  int wake_fd = -1;
  listen_options listen;
  connect_options connect;
  zmq::socket_t zap;      ///< open when listen.curve is set
  zmq::socket_t monitor;  ///< open when CURVE is used on either side
  handshake_watch handshakes{false};
  rate_limit limit{0};
  std::map<std::string, std::chrono::steady_clock::time_point> told_limited;  ///< peer → last rate_limited reply
  quiet_log quiet;
  ~impl() {
    if (wake_fd >= 0) close(wake_fd);
  }
};

namespace bridge_detail {

using frame_sender = std::function<void(const std::vector<std::string>&, const std::string&)>;

/// A peer's frame, read from either kind of socket, added to `ready` as the
/// actor's request. A frame past the peer's rate (a ROUTER's) is dropped and
/// the peer told so, at most once a second; one that does not decode is
/// answered with the error at once.
void take_request(socket_bridge::impl& i, std::vector<bridge_request>& ready, std::vector<std::string> envelope,
                  std::string_view frame, const frame_sender& send);

}  // namespace bridge_detail

}  // namespace summit::actors
