#pragma once
// What a ZMTP 3 peer sends, read incrementally from the bytes of one
// connection (rfc.zeromq.org/spec/23, NULL mechanism): its greeting, its
// READY, then messages and commands. Pure: zmtp_router feeds it what a
// socket gave and acts on what it reads; a fuzzer feeds it anything.

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace summit::actors {

namespace zmtp {

struct need_more {};
/// The peer broke the protocol; the reader reads nothing more.
struct broken {
  std::string why;
  bool other_mechanism = false;  ///< the peer wants security (CURVE) this side does not speak
};
/// The handshake's READY: the peer's socket type and, when it set one, its identity.
struct ready {
  std::string socket_type;
  std::string identity;
};
/// A heartbeat (ZMTP 3.1) that asks for a PONG with this context.
struct ping {
  std::string context;
};
/// A whole message: its frames, the last one the body.
using message = std::vector<std::string>;

using event = std::variant<need_more, broken, ready, ping, message>;

/// The greeting and READY of a peer of `socket_type` (with its Identity,
/// when given), as this side sends them.
std::string handshake(const std::string& socket_type, const std::string& identity = "");
/// A frame with the given flags (more: 1, command: 4), its size encoded short or long.
void append_frame(std::string& wire, bool more, bool command, const std::string& body);

constexpr std::size_t greeting_size = 64;

}  // namespace zmtp

class zmtp_reader {
 public:
  /// max_frame: the largest frame accepted; max_parts: frames per message.
  explicit zmtp_reader(std::size_t max_frame, std::size_t max_parts = 16)
      : max_frame_(max_frame), max_parts_(max_parts) {}

  void feed(const char* data, std::size_t size) { in_.append(data, size); }

  /// The next thing the peer said, or need_more.
  zmtp::event next();

  /// Whether the peer's whole greeting has been read (and was ZMTP 3 with NULL).
  bool greeted() const { return at_ == stage::ready || at_ == stage::traffic; }

 private:
  zmtp::event fail(std::string why, bool other_mechanism = false);
  void compact();

  enum class stage { greeting, ready, traffic, broken } at_ = stage::greeting;
  std::size_t max_frame_, max_parts_;
  std::string in_;
  std::size_t parsed_ = 0;
  std::vector<std::string> parts_;
};

}  // namespace summit::actors
