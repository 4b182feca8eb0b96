#pragma once
// A ZeroMQ DEALER served by the thread that calls it (zmtp_socket.hpp): a
// worker's link to a coordinator without CURVE. As the libzmq DEALER it
// replaces (ZMQ_IMMEDIATE, reconnect_ivl 100 ms, reconnect_ivl_max 5 s):
// it connects in the background and again after every loss, backing off
// to 5 s between failures; it presents its routing id as its Identity; a
// frame sent while it is not connected is dropped (the link sends again
// what was not acknowledged once it has registered again).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "actors/transport/zmtp_reader.hpp"
#include "actors/transport/zmtp_socket.hpp"

namespace summit::actors {

class zmtp_connector : public zmtp_socket {
 public:
  /// host and port of a "tcp://host:port" address (a name or IPv4 host);
  /// nullopt for any other.
  static std::optional<std::pair<std::string, std::string>> connectable(const std::string& address);

  /// Why a handshake failed, and whether one had succeeded before.
  using refusal = std::function<void(const std::string& reason, bool accepted_before)>;

  zmtp_connector(const std::string& address, std::string routing_id, std::size_t max_frame,
                 refusal on_refused = {});
  ~zmtp_connector() override;
  zmtp_connector(const zmtp_connector&) = delete;
  zmtp_connector& operator=(const zmtp_connector&) = delete;

  const std::string& endpoint() const override { return address_; }
  void watch(int fd) override;
  int poll_fd() const override { return epoll_fd_; }
  int due_in_ms() const override;
  bool wait(int timeout_ms, const delivery& deliver) override;
  /// Sends [body] (the envelope is empty for a DEALER) when connected.
  void send(const std::vector<std::string>& envelope, const std::string& body) override;

  bool connected() const { return stage_ == stage::connected; }

 private:
  using clock = std::chrono::steady_clock;
  enum class stage { idle, connecting, handshaking, connected };
  void start_connecting();
  void on_writable();
  void on_readable(const delivery& deliver);
  void write_out();
  void lose();  ///< closes the socket and sets the next attempt

  std::string address_, host_, port_, routing_id_;
  std::size_t max_frame_;
  refusal on_refused_;
  bool accepted_once_ = false;
  int epoll_fd_ = -1;
  int watched_fd_ = -1;
  int fd_ = -1;
  stage stage_ = stage::idle;
  std::unique_ptr<zmtp_reader> reader_;
  std::string out_;
  std::string rest_of_greeting_;  ///< sent once the peer's greeting is read
  std::uint32_t listening_ = 0;       ///< the socket's events in the epoll set
  clock::time_point next_attempt_{};
  clock::time_point give_up_{};       ///< on a connection not connected by then
  std::chrono::milliseconds backoff_{100};
};

}  // namespace summit::actors
