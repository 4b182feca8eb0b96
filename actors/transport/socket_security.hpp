#pragma once
// CURVE on the coordinator's socket: which keys a bridge uses, the answer to
// ZeroMQ's authentication (ZAP) requests, and the one-line explanation of a
// failed handshake. Pure functions, so the rules are tested without sockets;
// socket_bridge does the I/O.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "actors/transport/curve_keys.hpp"

namespace summit::actors {

/// A coordinator's side: its own pair, and the directory whose *.key files
/// list the clients it accepts (read again at every handshake, so adding or
/// removing a file takes effect without a restart). Without a directory any
/// client key is accepted: the traffic is encrypted, and something else
/// authenticates (a worker's trial socket: each trial's token).
struct curve_server {
  key_pair own;
  std::string keys_dir;
};

/// A worker's or command client's side.
struct curve_client {
  key_pair own;
  std::string server_key;  ///< the coordinator's public key
  std::string key_file;    ///< where `own` came from, for messages
};

/// The reply frames to one ZAP request (RFC 27): 200 when the request is a
/// CURVE handshake from a key in `authorized`, 400 otherwise. `refusal` is
/// set to a line for the coordinator's log when the answer is 400.
std::vector<std::string> answer_zap(const std::vector<std::string>& request,
                                    const std::set<std::string>& authorized, std::string& refusal);

/// What a ZeroMQ monitor event means for the user, or "" when it is not a
/// failed handshake. `server`: seen from the coordinator's side.
std::string handshake_failure(std::uint16_t event, std::uint32_t value, bool server);

/// Follows the monitor events of a client's socket and names the reason
/// when a handshake fails; "" for every other event.
class handshake_watch {
 public:
  explicit handshake_watch(bool curve) : curve_(curve) {}

  /// `event`: a monitor event's first frame (16-bit event, 32-bit value).
  std::string on_event(const void* event, std::size_t size);

  bool accepted_once() const { return accepted_once_; }

 private:
  bool curve_;
  bool handshaking_ = false;
  bool accepted_once_ = false;
};

/// The event and value of a monitor event's first frame, from the server's
/// side: the reason for the log, or "".
std::string server_handshake_event(const void* event, std::size_t size);

/// True for tcp:// addresses that another machine could reach.
bool reachable_from_other_hosts(const std::string& address);

}  // namespace summit::actors
