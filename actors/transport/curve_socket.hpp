#pragma once
// What every client socket of a coordinator sets up alike, the worker's
// link and the command line's: CURVE with its keys, and a monitor that tells
// why a handshake failed. Internal to transport/.

#include <zmq.hpp>

#include "actors/transport/socket_security.hpp"

namespace summit::actors::detail {

/// Makes `socket` a CURVE client of the coordinator whose key `curve` holds.
inline void use_curve_client(zmq::socket_t& socket, const curve_client& curve) {
  socket.set(zmq::sockopt::curve_serverkey, curve.server_key);
  socket.set(zmq::sockopt::curve_publickey, curve.own.public_key);
  socket.set(zmq::sockopt::curve_secretkey, curve.own.secret_key);
}

/// A PAIR socket that receives `socket`'s monitor events (handshake_watch
/// reads them), over the inproc `endpoint` of `context`.
inline zmq::socket_t monitor_of(zmq::context_t& context, zmq::socket_t& socket, const char* endpoint) {
  if (zmq_socket_monitor(socket.handle(), endpoint, ZMQ_EVENT_ALL) != 0) throw zmq::error_t();
  zmq::socket_t monitor(context, zmq::socket_type::pair);
  monitor.set(zmq::sockopt::linger, 0);
  monitor.connect(endpoint);
  return monitor;
}

}  // namespace summit::actors::detail
