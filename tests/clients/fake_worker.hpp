#pragma once
// A worker's trial socket for the C++ client's tests: a libzmq ROUTER on
// 127.0.0.1 (or an ipc:// address) that the test drives frame by frame.

#include <map>
#include <string>
#include <vector>

#include <zmq.hpp>

namespace summit::client_test {

using msgpack_type = int;

class fake_worker {
 public:
  /// Binds a port of its own, or `port` (a worker that comes back).
  explicit fake_worker(int port = 0);
  /// Binds `address`, e.g. "ipc://@name".
  explicit fake_worker(const std::string& address);
  int port() const { return port_; }
  std::string endpoint() const { return endpoint_; }

  /// The next request's frames (routing id, delimiter, body); empty when
  /// none came within `wait_ms`.
  std::vector<std::string> receive(int wait_ms = 5000);
  /// Answers the peer of `request` with `body`.
  void reply(const std::vector<std::string>& request, const std::string& body);
  /// Closes the socket: its connections drop.
  void close() { socket_.close(); }

 private:
  zmq::context_t context_{1};
  zmq::socket_t socket_{context_, zmq::socket_type::router};
  int port_ = 0;
  std::string endpoint_;
};

/// A Summit frame (protocol/README.md): [version, kind, body] packed.
std::string ack_frame(std::uint64_t trial, std::int64_t iteration, bool stop);

/// (kind, trial, iteration) of a frame the client sent.
struct sent_frame {
  int kind = 0;
  std::uint64_t trial = 0;
  std::int64_t iteration = -1;
  msgpack_type objective_type = 0;  ///< msgpack's type of the objective as sent (0: none)
  double objective = 0;
  std::map<std::string, double> context;
};
sent_frame decode(const std::string& body);

}  // namespace summit::client_test
