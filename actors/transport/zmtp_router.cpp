#include "actors/transport/zmtp_router.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace summit::actors {

namespace {

constexpr std::uint8_t more_flag = 1, long_flag = 2, command_flag = 4;
constexpr std::size_t greeting_size = 64;
// A peer that stops reading loses its replies past this; a trial waits
// for each of its own, so only a stuck one gets here.
constexpr std::size_t max_unsent = std::size_t{64} << 20;

void append_frame(std::string& wire, std::uint8_t flags, const std::string& body) {
  if (body.size() <= 255) {
    wire.push_back(static_cast<char>(flags));
    wire.push_back(static_cast<char>(body.size()));
  } else {
    wire.push_back(static_cast<char>(flags | long_flag));
    for (int shift = 56; shift >= 0; shift -= 8) wire.push_back(static_cast<char>((body.size() >> shift) & 0xff));
  }
  wire += body;
}

/// Our greeting and READY, sent as soon as a connection is accepted.
std::string handshake() {
  std::string wire(greeting_size, '\0');
  wire[0] = static_cast<char>(0xff);
  wire[9] = 0x7f;
  wire[10] = 3;  // version 3.0
  std::memcpy(&wire[12], "NULL", 4);
  const std::string key = "Socket-Type", type = "ROUTER";
  std::string ready = "\5READY";
  ready.push_back(static_cast<char>(key.size()));
  ready += key;
  ready += std::string("\0\0\0", 3);
  ready.push_back(static_cast<char>(type.size()));
  ready += type;
  append_frame(wire, command_flag, ready);
  return wire;
}

/// The properties of a READY command's body (after its name), or nullopt
/// when they do not parse.
std::optional<std::map<std::string, std::string>> properties(const std::string& body, std::size_t at) {
  std::map<std::string, std::string> out;
  while (at < body.size()) {
    const std::size_t name_size = static_cast<unsigned char>(body[at++]);
    if (at + name_size + 4 > body.size()) return std::nullopt;
    auto name = body.substr(at, name_size);
    at += name_size;
    std::uint32_t value_size = 0;
    for (int k = 0; k < 4; ++k) value_size = (value_size << 8) | static_cast<unsigned char>(body[at++]);
    if (value_size > body.size() - at) return std::nullopt;
    out[std::move(name)] = body.substr(at, value_size);
    at += value_size;
  }
  return out;
}

}  // namespace

struct zmtp_router::peer {
  int fd = -1;
  enum class stage { greeting, ready, traffic } at = stage::greeting;
  std::string id;
  std::string in;        ///< read, not yet parsed
  std::size_t parsed = 0;
  std::vector<std::string> parts;  ///< of the message being received
  std::string out;       ///< not yet written
  bool waiting_to_write = false;
  bool doomed = false;   ///< closed at the end of this wait, not under a caller's feet
};

std::optional<std::pair<std::string, std::string>> zmtp_router::bindable(const std::string& address) {
  const std::string scheme = "tcp://";
  if (address.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  const auto rest = address.substr(scheme.size());
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  auto host = rest.substr(0, colon), port = rest.substr(colon + 1);
  in_addr ignored{};
  if (host != "*" && inet_pton(AF_INET, host.c_str(), &ignored) != 1) return std::nullopt;
  if (port != "*" && (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
                      std::stoul(port) > 65535))
    return std::nullopt;
  return std::pair{host, port};
}

expected<std::unique_ptr<zmtp_router>> zmtp_router::bind(const std::string& address, std::size_t max_frame) {
  const auto where = bindable(address);
  if (!where) return make_error("cannot listen on " + address + ": not a tcp://IPv4:port address");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(where->second == "*" ? 0 : static_cast<std::uint16_t>(std::stoul(where->second)));
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  if (where->first != "*") inet_pton(AF_INET, where->first.c_str(), &a.sin_addr);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  if (fd < 0 || ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, SOMAXCONN) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return make_error("cannot listen on " + address + ": " + why);
  }
  socklen_t size = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size);
  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) {
    ::close(fd);
    return make_error(std::string("cannot listen on " + address + ": epoll: ") + std::strerror(errno));
  }
  std::unique_ptr<zmtp_router> router(new zmtp_router(fd, epoll_fd, max_frame));
  router->endpoint_ = "tcp://" + (where->first == "*" ? std::string("0.0.0.0") : where->first) + ":" +
                      std::to_string(ntohs(a.sin_port));
  return router;
}

zmtp_router::zmtp_router(int listen_fd, int epoll_fd, std::size_t max_frame)
    : listen_fd_(listen_fd), epoll_fd_(epoll_fd), max_frame_(max_frame) {
  epoll_event e{};
  e.events = EPOLLIN;
  e.data.fd = listen_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &e);
}

zmtp_router::~zmtp_router() {
  for (const auto& [fd, p] : peers_) ::close(fd);
  ::close(listen_fd_);
  ::close(epoll_fd_);
}

void zmtp_router::watch(int fd) {
  watched_fd_ = fd;
  epoll_event e{};
  e.events = EPOLLIN;
  e.data.fd = fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &e);
}

bool zmtp_router::wait(int timeout_ms, const delivery& deliver) {
  close_doomed();  // from sends since the last wait
  epoll_event events[64];
  const int n = ::epoll_wait(epoll_fd_, events, 64, timeout_ms);
  bool woken = false;
  for (int k = 0; k < n; ++k) {
    const int fd = events[k].data.fd;
    if (fd == watched_fd_) {
      woken = true;
    } else if (fd == listen_fd_) {
      accept_all();
    } else if (auto it = peers_.find(fd); it != peers_.end()) {
      auto& p = *it->second;
      if (!p.doomed && (events[k].events & EPOLLOUT)) write_out(p);
      if (!p.doomed && (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) read_from(p, deliver);
    }
  }
  close_doomed();
  return woken;
}

void zmtp_router::accept_all() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or out of descriptors: the rest wait in the backlog
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto p = std::make_unique<peer>();
    p->fd = fd;
    p->out = handshake();
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = fd;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &e);
    auto& added = *(peers_[fd] = std::move(p));
    write_out(added);
  }
}

void zmtp_router::read_from(peer& p, const delivery& deliver) {
  char buffer[65536];
  for (;;) {
    const auto n = ::recv(p.fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      p.in.append(buffer, static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) == sizeof buffer) continue;
      break;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    // Closed or failed; whole messages read before are still delivered.
    parse(p, deliver);
    return doom(p);
  }
  if (!parse(p, deliver)) return doom(p);
  if (!p.out.empty() && !p.waiting_to_write) write_out(p);  // a PONG
}

bool zmtp_router::parse(peer& p, const delivery& deliver) {
  for (;;) {
    const std::size_t left = p.in.size() - p.parsed;
    const char* at = p.in.data() + p.parsed;
    if (p.at == peer::stage::greeting) {
      if (left < greeting_size) break;
      // Bytes 1-8 are padding, any value (libzmq sends a length there).
      if (static_cast<std::uint8_t>(at[0]) != 0xff || at[9] != 0x7f || at[10] < 3 ||
          std::string(at + 12, 5) != std::string("NULL\0", 5))
        return false;
      p.parsed += greeting_size;
      p.at = peer::stage::ready;
      continue;
    }
    if (left < 2) break;
    const auto flags = static_cast<std::uint8_t>(at[0]);
    std::size_t header = 2;
    std::uint64_t size = static_cast<unsigned char>(at[1]);
    if (flags & long_flag) {
      header = 9;
      if (left < header) break;
      size = 0;
      for (int k = 1; k <= 8; ++k) size = (size << 8) | static_cast<unsigned char>(at[k]);
    }
    if (size > max_frame_) return false;
    if (left < header + size) break;
    std::string body(at + header, size);
    p.parsed += header + size;
    if (flags & command_flag) {
      if (p.at == peer::stage::ready) {
        if (!take_ready(p, body)) return false;
        p.at = peer::stage::traffic;
      } else if (body.compare(0, 5, "\4PING") == 0 && body.size() >= 7) {
        // ZMTP 3.1 heartbeats of a peer that asks for them (ZMQ_HEARTBEAT_IVL):
        // PONG with the PING's context, after its two-byte TTL.
        append_frame(p.out, command_flag, "\4PONG" + body.substr(7));
      }
      continue;
    }
    if (p.at != peer::stage::traffic) return false;
    p.parts.push_back(std::move(body));
    if (flags & more_flag) {
      if (p.parts.size() > 16) return false;  // a trial's request has two
      continue;
    }
    std::vector<std::string> envelope{p.id};
    for (std::size_t k = 0; k + 1 < p.parts.size(); ++k) envelope.push_back(std::move(p.parts[k]));
    auto last = std::move(p.parts.back());
    p.parts.clear();
    deliver(std::move(envelope), std::move(last));
  }
  // What is parsed is dropped now and then, not on every frame.
  if (p.parsed > 65536 || p.parsed == p.in.size()) {
    p.in.erase(0, p.parsed);
    p.parsed = 0;
  }
  return true;
}

bool zmtp_router::take_ready(peer& p, const std::string& command) {
  if (command.compare(0, 6, "\5READY") != 0) return false;
  const auto props = properties(command, 6);
  if (!props) return false;
  const auto type = props->find("Socket-Type");
  if (type == props->end() || (type->second != "REQ" && type->second != "DEALER" && type->second != "ROUTER"))
    return false;
  const auto identity = props->find("Identity");
  if (identity != props->end() && !identity->second.empty() && identity->second[0] != '\0') {
    p.id = identity->second;
    // As ZMQ_ROUTER_HANDOVER: the newer connection takes the id.
    if (auto old = routes_.find(p.id); old != routes_.end() && old->second != p.fd) doom(*peers_.at(old->second));
  } else {
    // As libzmq: a zero byte, then a number, so that it never collides
    // with an id a peer chose.
    p.id = std::string(1, '\0');
    for (int shift = 24; shift >= 0; shift -= 8) p.id.push_back(static_cast<char>((next_id_ >> shift) & 0xff));
    ++next_id_;
  }
  routes_[p.id] = p.fd;
  return true;
}

void zmtp_router::send(const std::vector<std::string>& envelope, const std::string& body) {
  if (envelope.empty()) return;
  const auto route = routes_.find(envelope.front());
  if (route == routes_.end()) return;
  auto& p = *peers_.at(route->second);
  if (p.doomed || p.out.size() > max_unsent) return;
  for (std::size_t k = 1; k < envelope.size(); ++k) append_frame(p.out, more_flag, envelope[k]);
  append_frame(p.out, 0, body);
  if (!p.waiting_to_write) write_out(p);
}

void zmtp_router::write_out(peer& p) {
  std::size_t sent = 0;
  while (sent < p.out.size()) {
    const auto n = ::send(p.fd, p.out.data() + sent, p.out.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return doom(p);
  }
  p.out.erase(0, sent);
  const bool waiting = !p.out.empty();
  if (waiting == p.waiting_to_write) return;
  p.waiting_to_write = waiting;
  epoll_event e{};
  e.events = EPOLLIN | (waiting ? EPOLLOUT : 0u);
  e.data.fd = p.fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, p.fd, &e);
}

void zmtp_router::doom(peer& p) {
  if (p.doomed) return;
  p.doomed = true;
  doomed_.push_back(p.fd);
}

void zmtp_router::close_doomed() {
  for (const int fd : doomed_) close(fd);
  doomed_.clear();
}

void zmtp_router::close(int fd) {
  auto it = peers_.find(fd);
  if (it == peers_.end()) return;
  if (auto route = routes_.find(it->second->id); route != routes_.end() && route->second == fd) routes_.erase(route);
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  ::close(fd);
  peers_.erase(it);
}

}  // namespace summit::actors
