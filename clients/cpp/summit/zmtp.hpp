#pragma once
// A ZeroMQ peer on a plain blocking socket (TCP, or a Unix socket for an
// ipc:// endpoint), for the trial client: ZMTP
// 3.0 (rfc.zeromq.org/spec/23) with the NULL mechanism, a DEALER that sends
// and receives one message at a time in the caller's thread.
//
// Why not libzmq here: a trial sends one observation and waits for its
// acknowledgement. Through libzmq each of those crosses its I/O thread both
// ways, waking two threads per message in the trial process and doubling
// what a round trip costs in CPU (bench/ingest). Encrypted connections
// (SUMMIT_WORKER_KEY) still go through libzmq's CURVE.

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

#include <summit/connection.hpp>

namespace summit::client::detail {

class zmtp_dealer : public connection {
 public:
  /// host:port from a "tcp://host:port" endpoint; nullopt for any other.
  static std::optional<std::pair<std::string, std::string>> tcp_address(const std::string& endpoint) {
    const std::string scheme = "tcp://";
    if (endpoint.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
    const auto rest = endpoint.substr(scheme.size());
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return std::nullopt;
    auto host = rest.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return std::pair{host, rest.substr(colon + 1)};
  }

  /// The socket path of an "ipc://path" endpoint ("@name": Linux's abstract
  /// namespace, as libzmq reads it); nullopt for any other.
  static std::optional<std::string> ipc_path(const std::string& endpoint) {
    const std::string scheme = "ipc://";
    if (endpoint.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
    auto path = endpoint.substr(scheme.size());
    if (path.empty() || path.size() >= sizeof(sockaddr_un::sun_path) || path == "*" || path == "@") return std::nullopt;
    return path;
  }

  /// Connects to a worker's Unix socket and completes the handshake within
  /// `timeout`.
  zmtp_dealer(const std::string& ipc_path, std::chrono::milliseconds timeout) {
    deadline_ = std::chrono::steady_clock::now() + timeout;
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, ipc_path.data(), ipc_path.size());
    if (ipc_path[0] == '@') a.sun_path[0] = '\0';
    const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + ipc_path.size() + (ipc_path[0] != '@'));
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&a), size) != 0) {
      const std::string why = std::strerror(errno);
      close_fd();
      throw broken("cannot connect to ipc://" + ipc_path + ": " + why);
    }
    handshake();
  }

  /// Connects and completes the handshake within `timeout`. A host that
  /// does not resolve is std::invalid_argument: trying again will not help.
  zmtp_dealer(const std::string& host, const std::string& port, std::chrono::milliseconds timeout) {
    deadline_ = std::chrono::steady_clock::now() + timeout;
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int resolved = getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
    if (resolved == EAI_AGAIN) throw broken("cannot resolve " + host + " now");
    if (resolved != 0 || !found) throw std::invalid_argument(std::string("cannot resolve it: ") + gai_strerror(resolved));
    for (auto* a = found; a && fd_ < 0; a = a->ai_next) {
      fd_ = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (fd_ >= 0 && !connect_within(a)) close_fd();
    }
    freeaddrinfo(found);
    if (fd_ < 0) throw broken("cannot connect to " + host + ":" + port);
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    handshake();
  }

  ~zmtp_dealer() override { close_fd(); }
  zmtp_dealer(const zmtp_dealer&) = delete;
  zmtp_dealer& operator=(const zmtp_dealer&) = delete;

  /// Sends `body` after the empty delimiter a REQ socket would add, as one write.
  void send(const std::string& body) override {
    std::string wire;
    wire.reserve(body.size() + 11);
    wire.push_back(1);  // MORE, short: the empty delimiter
    wire.push_back(0);
    append_frame_header(wire, 0, body.size());
    wire += body;
    write_all(wire);
  }

  /// The next message's last frame, or nullopt when none came within `wait`.
  std::optional<std::string> receive(std::chrono::milliseconds wait) override {
    const auto until = std::chrono::steady_clock::now() + wait;
    for (;;) {
      bool more = false, command = false;
      std::string frame;
      if (!read_frame(until, frame, more, command)) return std::nullopt;
      if (command || more) continue;  // a PING, or the delimiter before the body
      return frame;
    }
  }

 private:
  static constexpr std::uint8_t more_flag = 1, long_flag = 2, command_flag = 4;

  static void append_frame_header(std::string& wire, std::uint8_t flags, std::size_t size) {
    if (size <= 255) {
      wire.push_back(static_cast<char>(flags));
      wire.push_back(static_cast<char>(size));
      return;
    }
    wire.push_back(static_cast<char>(flags | long_flag));
    for (int shift = 56; shift >= 0; shift -= 8) wire.push_back(static_cast<char>((size >> shift) & 0xff));
  }

  /// A connect that gives up at the deadline, for a host that drops packets.
  bool connect_within(const addrinfo* a) {
    const int flags = ::fcntl(fd_, F_GETFL);
    ::fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
    if (::connect(fd_, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) return false;
      pollfd p{fd_, POLLOUT, 0};
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
      int failure = 0;
      socklen_t size = sizeof failure;
      if (::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count()))) != 1 ||
          ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &failure, &size) != 0 || failure != 0)
        return false;
    }
    ::fcntl(fd_, F_SETFL, flags);
    return true;
  }

  void handshake() {
    std::string greeting(64, '\0');
    greeting[0] = static_cast<char>(0xff);
    greeting[9] = 0x7f;
    greeting[10] = 3;  // version 3.0
    greeting[11] = 0;
    std::memcpy(&greeting[12], "NULL", 4);
    std::string ready;
    const std::string name = "READY", key = "Socket-Type", type = "DEALER";
    ready.push_back(static_cast<char>(name.size()));
    ready += name;
    ready.push_back(static_cast<char>(key.size()));
    ready += key;
    for (int shift = 24; shift >= 0; shift -= 8) ready.push_back(static_cast<char>((type.size() >> shift) & 0xff));
    ready += type;
    append_frame_header(greeting, command_flag, ready.size());
    write_all(greeting + ready);

    std::string theirs(64, '\0');
    read_exactly(deadline_, &theirs[0], theirs.size());
    if (static_cast<std::uint8_t>(theirs[0]) != 0xff || theirs[9] != 0x7f || theirs[10] < 3 ||
        theirs.compare(12, 5, std::string("NULL\0", 5)) != 0)
      throw broken("the worker does not speak ZMTP 3 with the NULL mechanism");
    bool more = false, command = false;
    std::string frame;
    if (!read_frame(deadline_, frame, more, command)) throw broken("no handshake from the worker");
    if (!command || frame.compare(0, 6, "\5READY") != 0) throw broken("the worker refused the handshake");
  }

  /// False when `until` passed before a frame began.
  bool read_frame(std::chrono::steady_clock::time_point until, std::string& frame, bool& more, bool& command) {
    std::uint8_t flags = 0;
    if (!wait_readable(until)) return false;
    read_exactly(deadline_after_start(), reinterpret_cast<char*>(&flags), 1);
    std::uint64_t size = 0;
    if (flags & long_flag) {
      unsigned char bytes[8];
      read_exactly(deadline_after_start(), reinterpret_cast<char*>(bytes), 8);
      for (unsigned char b : bytes) size = (size << 8) | b;
    } else {
      unsigned char byte = 0;
      read_exactly(deadline_after_start(), reinterpret_cast<char*>(&byte), 1);
      size = byte;
    }
    if (size > max_frame) throw broken("a frame from the worker is too large");
    frame.assign(size, '\0');
    if (size) read_exactly(deadline_after_start(), &frame[0], size);
    more = flags & more_flag;
    command = flags & command_flag;
    return true;
  }

  // Once a frame has begun, the rest follows at once from a live peer.
  static std::chrono::steady_clock::time_point deadline_after_start() {
    return std::chrono::steady_clock::now() + std::chrono::seconds(5);
  }

  bool wait_readable(std::chrono::steady_clock::time_point until) {
    if (buffered_ < filled_) return true;
    for (;;) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      const int n = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count())));
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) throw broken(std::string("poll: ") + std::strerror(errno));
      if (n == 0) return false;
    }
  }

  void read_exactly(std::chrono::steady_clock::time_point until, char* out, std::size_t size) {
    while (size > 0) {
      if (buffered_ < filled_) {
        const auto n = std::min(size, filled_ - buffered_);
        std::memcpy(out, buffer_ + buffered_, n);
        buffered_ += n, out += n, size -= n;
        continue;
      }
      if (!wait_readable(until)) throw broken("the worker stopped mid-frame");
      const auto n = ::recv(fd_, buffer_, sizeof buffer_, 0);
      if (n == 0) throw broken("the worker closed the connection");
      if (n < 0) {
        if (errno == EINTR) continue;
        throw broken(std::string("recv: ") + std::strerror(errno));
      }
      buffered_ = 0;
      filled_ = static_cast<std::size_t>(n);
    }
  }

  void write_all(const std::string& wire) {
    std::size_t sent = 0;
    while (sent < wire.size()) {
      const auto n = ::send(fd_, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw broken(std::string("send: ") + std::strerror(errno));
      }
      sent += static_cast<std::size_t>(n);
    }
  }

  void close_fd() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  static constexpr std::uint64_t max_frame = 64u << 20;
  int fd_ = -1;
  std::chrono::steady_clock::time_point deadline_;
  char buffer_[16384];
  std::size_t buffered_ = 0, filled_ = 0;
};

}  // namespace summit::client::detail
