#pragma once
// The trial client's connection to its worker: a DEALER that sends a frame
// after the empty delimiter a REQ socket would add and takes each reply's
// last frame. Two kinds: a plain TCP or Unix socket speaking ZMTP itself
// (zmtp.hpp), and libzmq for what that does not speak (CURVE).

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#ifndef SUMMIT_CLIENT_WITHOUT_LIBZMQ
#include <zmq.hpp>
#endif

namespace summit::client::detail {

/// The peer is unreachable, closed, or broke the protocol: connect again.
class broken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class connection {
 public:
  virtual ~connection() = default;
  virtual void send(const std::string& body) = 0;
  /// The next reply, or nullopt when none came within `wait`.
  virtual std::optional<std::string> receive(std::chrono::milliseconds wait) = 0;
};

#ifndef SUMMIT_CLIENT_WITHOUT_LIBZMQ
class zmq_dealer_connection : public connection {
 public:
  /// Throws zmq::error_t for an endpoint libzmq cannot use.
  zmq_dealer_connection(zmq::context_t& context, const std::string& endpoint,
                        const std::optional<std::string>& worker_key)
      : socket_(context, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    if (worker_key) {
      // An encrypted connection, with a key pair made for it.
      char public_key[41], secret_key[41];
      if (zmq_curve_keypair(public_key, secret_key) != 0) throw zmq::error_t();
      socket_.set(zmq::sockopt::curve_serverkey, *worker_key);
      socket_.set(zmq::sockopt::curve_publickey, std::string(public_key));
      socket_.set(zmq::sockopt::curve_secretkey, std::string(secret_key));
    }
    socket_.connect(endpoint);
  }

  void send(const std::string& body) override {
    socket_.send(zmq::message_t(), zmq::send_flags::sndmore);
    socket_.send(zmq::buffer(body), zmq::send_flags::none);
  }

  std::optional<std::string> receive(std::chrono::milliseconds wait) override {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, wait);
    if (!(item.revents & ZMQ_POLLIN)) return std::nullopt;
    zmq::message_t part;  // the empty delimiter, then the reply
    do (void)socket_.recv(part, zmq::recv_flags::none);
    while (part.more());
    return part.to_string();
  }

 private:
  zmq::socket_t socket_;
};
#endif

}  // namespace summit::client::detail
