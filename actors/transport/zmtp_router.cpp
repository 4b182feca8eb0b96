#include "actors/transport/zmtp_router.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstring>

namespace summit::actors {

struct zmtp_router::peer {
  explicit peer(int socket, std::size_t max_frame)
      : fd(socket), reader(max_frame), accepted(std::chrono::steady_clock::now()) {}
  int fd;
  zmtp_reader reader;
  std::string id;        ///< set by its READY
  std::string out;       ///< not yet written
  bool waiting_to_write = false;
  bool doomed = false;   ///< closed at the end of this wait, not under a caller's feet
  std::chrono::steady_clock::time_point accepted;
};

std::optional<zmtp_router::listen_address> zmtp_router::bindable(const std::string& address) {
  const std::string tcp = "tcp://", ipc = "ipc://";
  if (address.compare(0, ipc.size(), ipc) == 0) {
    auto path = address.substr(ipc.size());
    if (path.empty() || path == "*" || path == "@" || path.size() >= sizeof(sockaddr_un::sun_path)) return std::nullopt;
    return listen_address{{}, {}, path};
  }
  if (address.compare(0, tcp.size(), tcp) != 0) return std::nullopt;
  const auto rest = address.substr(tcp.size());
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  auto host = rest.substr(0, colon), port = rest.substr(colon + 1);
  in_addr ignored{};
  if (host != "*" && inet_pton(AF_INET, host.c_str(), &ignored) != 1) return std::nullopt;
  if (port != "*" && (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
                      std::stoul(port) > 65535))
    return std::nullopt;
  return listen_address{host, port, {}};
}

namespace {

/// A listening TCP socket and the endpoint it took ("tcp://host:port"), or -1 and errno.
int listen_tcp(const zmtp_router::listen_address& where, std::string& endpoint) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(where.port == "*" ? 0 : static_cast<std::uint16_t>(std::stoul(where.port)));
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  if (where.host != "*") inet_pton(AF_INET, where.host.c_str(), &a.sin_addr);
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  socklen_t size = sizeof a;
  if (fd < 0 || ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, SOMAXCONN) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
    const int why = errno;
    if (fd >= 0) ::close(fd);
    errno = why;
    return -1;
  }
  endpoint = "tcp://" + (where.host == "*" ? std::string("0.0.0.0") : where.host) + ":" + std::to_string(ntohs(a.sin_port));
  return fd;
}

/// A listening Unix socket at `path` ("@name": the abstract namespace, as
/// libzmq reads ipc://@name), or -1 and errno. As libzmq, a file left by an
/// earlier run is replaced.
int listen_ipc(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.data(), path.size());
  const bool abstract = path[0] == '@';
  if (abstract) a.sun_path[0] = '\0';
  else ::unlink(path.c_str());
  const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + (abstract ? 0 : 1));
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), size) != 0 || ::listen(fd, SOMAXCONN) != 0) {
    const int why = errno;
    if (fd >= 0) ::close(fd);
    errno = why;
    return -1;
  }
  return fd;
}

}  // namespace

expected<std::unique_ptr<zmtp_router>> zmtp_router::bind(const std::string& address, std::size_t max_frame,
                                                         std::chrono::milliseconds handshake_limit) {
  const auto where = bindable(address);
  if (!where) return make_error("cannot listen on " + address + ": not a tcp://IPv4:port or ipc://path address");
  std::string endpoint = address;
  const int fd = where->path.empty() ? listen_tcp(*where, endpoint) : listen_ipc(where->path);
  if (fd < 0) return make_error("cannot listen on " + address + ": " + std::strerror(errno));
  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd < 0) {
    ::close(fd);
    return make_error(std::string("cannot listen on " + address + ": epoll: ") + std::strerror(errno));
  }
  std::unique_ptr<zmtp_router> router(new zmtp_router(fd, epoll_fd, max_frame, handshake_limit));
  router->endpoint_ = endpoint;
  if (!where->path.empty() && where->path[0] != '@') router->socket_file_ = where->path;
  return router;
}

zmtp_router::zmtp_router(int listen_fd, int epoll_fd, std::size_t max_frame, std::chrono::milliseconds handshake_limit)
    : listen_fd_(listen_fd), epoll_fd_(epoll_fd), max_frame_(max_frame), handshake_limit_(handshake_limit) {
  zmtp_io::control(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, EPOLLIN);
}

zmtp_router::~zmtp_router() {
  for (const auto& [fd, p] : peers_) ::close(fd);
  ::close(listen_fd_);
  ::close(epoll_fd_);
  if (!socket_file_.empty()) ::unlink(socket_file_.c_str());
}

void zmtp_router::watch(int fd) {
  watched_fd_ = fd;
  zmtp_io::control(epoll_fd_, EPOLL_CTL_ADD, fd, EPOLLIN);
}

int zmtp_router::due_in_ms() const {
  // Timers, while there is something to time: handshakes, a paused accept.
  if (handshaking_ == 0 && !accept_paused_) return -1;
  return static_cast<int>(std::clamp<long long>(handshake_limit_.count() / 4, 1, 1000));
}

bool zmtp_router::wait(int timeout_ms, const delivery& deliver) {
  close_doomed();  // from sends since the last wait
  if (const int due = due_in_ms(); due >= 0) timeout_ms = timeout_ms < 0 ? due : std::min(timeout_ms, due);
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
  if (handshaking_ > 0 || accept_paused_) check_timers();
  close_doomed();
  return woken;
}

void zmtp_router::check_timers() {
  const auto now = std::chrono::steady_clock::now();
  if (accept_paused_ && now >= accept_resumes_) {
    zmtp_io::control(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, EPOLLIN);
    accept_paused_ = false;
  }
  if (handshaking_ > 0)
    for (auto& [fd, p] : peers_)
      if (p->id.empty() && now - p->accepted > handshake_limit_) doom(*p);
}

void zmtp_router::accept_all() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)) {
      // Out of descriptors: the listener would stay readable and spin the
      // loop, so it rests; the connections wait in the backlog.
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
      accept_paused_ = true;
      accept_resumes_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
      return;
    }
    if (fd < 0) return;  // EAGAIN: all taken
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // refused, harmlessly, on a Unix socket
    auto p = std::make_unique<peer>(fd, max_frame_);
    p->out = zmtp::handshake("ROUTER");
    zmtp_io::control(epoll_fd_, EPOLL_CTL_ADD, fd, EPOLLIN);
    auto& added = *(peers_[fd] = std::move(p));
    ++handshaking_;
    write_out(added);
  }
}

void zmtp_router::read_from(peer& p, const delivery& deliver) {
  const bool open = zmtp_io::read_available(p.fd, p.reader);
  // Whole messages read before a close are still delivered.
  if (!take_all(p, deliver) || !open) return doom(p);
  if (!p.out.empty() && !p.waiting_to_write) write_out(p);  // a PONG
}

bool zmtp_router::take_all(peer& p, const delivery& deliver) {
  for (;;) {
    auto event = p.reader.next();
    if (std::holds_alternative<zmtp::need_more>(event)) return true;
    if (std::holds_alternative<zmtp::broken>(event)) return false;
    if (auto* hello = std::get_if<zmtp::ready>(&event)) {
      if (!take_ready(p, *hello)) return false;
    } else if (auto* ping = std::get_if<zmtp::ping>(&event)) {
      // ZMTP 3.1 heartbeats of a peer that asks for them (ZMQ_HEARTBEAT_IVL).
      zmtp::append_frame(p.out, false, true, "\4PONG" + ping->context);
    } else {
      auto& parts = std::get<zmtp::message>(event);
      std::vector<std::string> envelope;
      envelope.reserve(parts.size());
      envelope.push_back(p.id);
      for (std::size_t k = 0; k + 1 < parts.size(); ++k) envelope.push_back(std::move(parts[k]));
      deliver(std::move(envelope), std::move(parts.back()));
    }
  }
}

bool zmtp_router::take_ready(peer& p, const zmtp::ready& hello) {
  if (hello.socket_type != "REQ" && hello.socket_type != "DEALER" && hello.socket_type != "ROUTER") return false;
  --handshaking_;
  if (!hello.identity.empty() && hello.identity[0] != '\0') {
    p.id = hello.identity;
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
  if (p.doomed || p.out.size() > zmtp_max_unsent) return;
  for (std::size_t k = 1; k < envelope.size(); ++k) zmtp::append_frame(p.out, true, false, envelope[k]);
  zmtp::append_frame(p.out, false, false, body);
  if (!p.waiting_to_write) write_out(p);
}

void zmtp_router::write_out(peer& p) {
  if (!zmtp_io::write_available(p.fd, p.out)) return doom(p);
  const bool waiting = !p.out.empty();
  if (waiting == p.waiting_to_write) return;
  p.waiting_to_write = waiting;
  zmtp_io::control(epoll_fd_, EPOLL_CTL_MOD, p.fd, EPOLLIN | (waiting ? EPOLLOUT : 0u));
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
  if (it->second->id.empty()) --handshaking_;
  if (auto route = routes_.find(it->second->id); route != routes_.end() && route->second == fd) routes_.erase(route);
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  ::close(fd);
  peers_.erase(it);
}

}  // namespace summit::actors
