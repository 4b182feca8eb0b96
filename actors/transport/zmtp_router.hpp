#pragma once
// A ZeroMQ ROUTER served by the thread that calls it (zmtp_socket.hpp). For
// a worker's socket to its trials and a coordinator without CURVE: through
// libzmq every request and reply also crossed its I/O thread, one more
// thread woken per frame each way.
//
// Peers are any ZMTP 3 REQ, DEALER or ROUTER (libzmq, pyzmq, the C++
// client's zmtp.hpp). As a libzmq ROUTER: each connection gets a routing
// id (the peer's Identity when it sets one; a newer connection with the
// same one takes it over, as ZMQ_ROUTER_HANDOVER), a message arrives as
// [routing id, frames...], a reply to an id that is gone is dropped, and a
// frame larger than the limit closes its connection.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/transport/zmtp_reader.hpp"
#include "actors/transport/zmtp_socket.hpp"
#include "model/core/expected.hpp"

namespace summit::actors {

class zmtp_router : public zmtp_socket {
 public:
  /// What this can bind: "tcp://host:port" with a numeric IPv4 host or `*`
  /// and a port or `*`, or "ipc://path" ("ipc://@name": Linux's abstract
  /// namespace, which leaves no file behind).
  struct listen_address {
    std::string host, port;  ///< tcp
    std::string path;        ///< ipc
  };
  static std::optional<listen_address> bindable(const std::string& address);

  /// Listens on `address` (see bindable); max_frame: the largest frame a
  /// peer may send; a connection not through its handshake within
  /// handshake_limit is closed.
  static expected<std::unique_ptr<zmtp_router>> bind(
      const std::string& address, std::size_t max_frame,
      std::chrono::milliseconds handshake_limit = zmtp_handshake_limit);
  ~zmtp_router() override;
  zmtp_router(const zmtp_router&) = delete;
  zmtp_router& operator=(const zmtp_router&) = delete;

  /// "tcp://host:port" with the port chosen, or the ipc:// address.
  const std::string& endpoint() const override { return endpoint_; }
  void watch(int fd) override;
  int poll_fd() const override { return epoll_fd_; }
  int due_in_ms() const override;
  bool wait(int timeout_ms, const delivery& deliver) override;
  /// [envelope[1..], body] to the peer envelope[0]; a peer that is gone, or
  /// that has stopped reading past a bound, loses it.
  void send(const std::vector<std::string>& envelope, const std::string& body) override;

  std::size_t connections() const { return peers_.size(); }

 private:
  struct peer;
  zmtp_router(int listen_fd, int epoll_fd, std::size_t max_frame, std::chrono::milliseconds handshake_limit);
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
  void check_timers();

  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int watched_fd_ = -1;
  std::size_t max_frame_;
  std::chrono::milliseconds handshake_limit_;
  std::string endpoint_;
  std::string socket_file_;  ///< an ipc:// socket's file, removed on close
  std::uint32_t next_id_ = 1;
  std::map<int, std::unique_ptr<peer>> peers_;   ///< by socket
  std::map<std::string, int> routes_;            ///< routing id → socket
  std::vector<int> doomed_;
  std::size_t handshaking_ = 0;  ///< peers whose READY has not come
  bool accept_paused_ = false;   ///< out of descriptors: accepting again at accept_resumes_
  std::chrono::steady_clock::time_point accept_resumes_{};
};

}  // namespace summit::actors
