#pragma once
// A ZeroMQ ROUTER served by the thread that calls it: ZMTP 3.0 with the
// NULL mechanism (rfc.zeromq.org/spec/23) over non-blocking TCP sockets in
// one epoll set. For a worker's socket to its trials: through libzmq every
// request and reply also crossed its I/O thread, one more thread woken per
// frame each way; here the bridge's own thread reads and writes the sockets.
//
// Peers are any ZMTP 3 REQ or DEALER (libzmq, pyzmq, the C++ client's
// zmtp.hpp). As a libzmq ROUTER: each connection gets a routing id (the
// peer's Identity when it sets one; a newer connection with the same one
// takes it over), a message arrives as [routing id, frames...], a reply to
// an id that is gone is dropped, and a frame larger than the limit closes
// its connection. Encryption (CURVE) is not spoken here: such sockets stay
// on libzmq.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/transport/zmtp_reader.hpp"
#include "model/core/expected.hpp"

namespace summit::actors {

class zmtp_router {
 public:
  /// host:port of a "tcp://host:port" address that this can bind: a
  /// numeric IPv4 host or `*`, a port or `*`; nullopt for any other.
  static std::optional<std::pair<std::string, std::string>> bindable(const std::string& address);

  /// Listens on `address` (see bindable); max_frame: the largest frame a
  /// peer may send.
  static expected<std::unique_ptr<zmtp_router>> bind(const std::string& address, std::size_t max_frame);
  ~zmtp_router();
  zmtp_router(const zmtp_router&) = delete;
  zmtp_router& operator=(const zmtp_router&) = delete;

  /// "tcp://host:port" with the port chosen.
  const std::string& endpoint() const { return endpoint_; }

  /// Also wakes wait() when `fd` becomes readable (the bridge's eventfd).
  void watch(int fd);

  using delivery = std::function<void(std::vector<std::string> envelope, std::string body)>;
  /// Waits up to timeout_ms (-1: no limit) for sockets to be ready, then
  /// accepts, reads and writes what they allow, delivering each whole
  /// message. True when the watched fd is readable.
  bool wait(int timeout_ms, const delivery& deliver);

  /// Queues [envelope[1..], body] for the peer envelope[0] and writes what
  /// the socket takes now; never blocks. A peer that is gone, or that
  /// has stopped reading past a bound, loses the message.
  void send(const std::vector<std::string>& envelope, const std::string& body);

  std::size_t connections() const { return peers_.size(); }

 private:
  struct peer;
  zmtp_router(int listen_fd, int epoll_fd, std::size_t max_frame);
  void accept_all();
  void read_from(peer& p, const delivery& deliver);
  bool take_all(peer& p, const delivery& deliver);  ///< false: the peer broke the protocol
  bool take_ready(peer& p, const zmtp::ready& hello);
  void write_out(peer& p);
  /// A peer that failed or broke the protocol is closed once no caller
  /// holds it: at the end of wait() (or the start of the next).
  void doom(peer& p);
  void close_doomed();
  void close(int fd);

  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int watched_fd_ = -1;
  std::size_t max_frame_;
  std::string endpoint_;
  std::uint32_t next_id_ = 1;
  std::map<int, std::unique_ptr<peer>> peers_;   ///< by socket
  std::map<std::string, int> routes_;            ///< routing id → socket
  std::vector<int> doomed_;
};

}  // namespace summit::actors
