#pragma once
// A ZeroMQ socket served by the thread that calls it, without libzmq's I/O
// thread: ZMTP 3.0 with the NULL mechanism over non-blocking sockets in one
// epoll set. Two kinds: zmtp_router (listens) and zmtp_connector (a DEALER
// that connects). A socket_bridge uses one in place of libzmq when no CURVE
// is wanted (socket_bridge.hpp).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actors/transport/zmtp_reader.hpp"

namespace summit::actors {

/// What one peer may have waiting to be written: past it, what is sent to
/// that peer is dropped, as libzmq drops past its high-water mark. Only a
/// peer that stopped reading gets there; every sender sends again.
inline constexpr std::size_t zmtp_max_unsent = std::size_t{64} << 20;

/// As libzmq's ZMQ_HANDSHAKE_IVL: a connection that has not completed its
/// handshake by then is closed (a silent peer must not hold it forever).
inline constexpr std::chrono::seconds zmtp_handshake_limit{30};

namespace zmtp_io {

/// epoll_ctl with the fd as the event's data.
void control(int epoll_fd, int op, int fd, std::uint32_t events);

/// Reads what a non-blocking socket holds into `reader`; false when the
/// peer closed it or it failed (what was read before is still in reader).
bool read_available(int fd, zmtp_reader& reader);

/// Writes what the socket takes of `out` and erases it; false when it failed.
bool write_available(int fd, std::string& out);

}  // namespace zmtp_io

class zmtp_socket {
 public:
  virtual ~zmtp_socket() = default;

  /// The address bound (with the port chosen) or connected to.
  virtual const std::string& endpoint() const = 0;

  /// Also wakes wait() when `fd` becomes readable (the bridge's eventfd).
  virtual void watch(int fd) = 0;

  /// For a thread that serves several sockets (socket_bridge::run_together):
  /// the epoll set wait() waits on, readable when wait(0, …) has work, and
  /// the milliseconds until the socket's own timers (a handshake's limit, a
  /// reconnection) want a wait() all the same (-1: none).
  virtual int poll_fd() const = 0;
  virtual int due_in_ms() const = 0;

  /// A whole message: the routing frames (a ROUTER's: the peer's id first;
  /// a DEALER's: none before the body) and the body.
  using delivery = std::function<void(std::vector<std::string> envelope, std::string body)>;

  /// Waits up to timeout_ms (-1: no limit) for the sockets, then does what
  /// they allow (accept, connect, read, write), delivering each whole
  /// message. True when the watched fd is readable.
  virtual bool wait(int timeout_ms, const delivery& deliver) = 0;

  /// Queues [envelope..., body] (a ROUTER: envelope[0] names the peer) and
  /// writes what the socket takes now; never blocks. What cannot be sent
  /// (no such peer, not connected) is dropped: every sender has its own
  /// way to send again.
  virtual void send(const std::vector<std::string>& envelope, const std::string& body) = 0;
};

}  // namespace summit::actors
