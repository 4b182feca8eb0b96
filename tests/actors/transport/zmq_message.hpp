#pragma once
// Reading a libzmq peer's messages in the transport tests.

#include <chrono>
#include <string>
#include <vector>

#include <zmq.hpp>

namespace summit::transport_test {

/// The frames of the next message on `s`, or none within `wait`.
inline std::vector<std::string> next_message(zmq::socket_t& s, std::chrono::milliseconds wait) {
  zmq::pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
  zmq::poll(&item, 1, wait);
  std::vector<std::string> parts;
  if (!(item.revents & ZMQ_POLLIN)) return parts;
  zmq::message_t part;
  do {
    (void)s.recv(part, zmq::recv_flags::none);
    parts.push_back(part.to_string());
  } while (part.more());
  return parts;
}

}  // namespace summit::transport_test
