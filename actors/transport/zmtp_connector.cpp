#include "actors/transport/zmtp_connector.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace summit::actors {

namespace {

constexpr auto first_backoff = std::chrono::milliseconds(100);
constexpr auto last_backoff = std::chrono::milliseconds(5000);

}  // namespace

std::optional<std::pair<std::string, std::string>> zmtp_connector::connectable(const std::string& address) {
  const std::string scheme = "tcp://";
  if (address.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  const auto rest = address.substr(scheme.size());
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  auto host = rest.substr(0, colon), port = rest.substr(colon + 1);
  // A name or an IPv4 address; libzmq's other forms (an interface to
  // connect from, IPv6 in brackets) stay with libzmq.
  if (host.find_first_of("[];*") != std::string::npos) return std::nullopt;
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) == 0 || std::stoul(port) > 65535)
    return std::nullopt;
  return std::pair{host, port};
}

zmtp_connector::zmtp_connector(const std::string& address, std::string routing_id, std::size_t max_frame,
                               refusal on_refused)
    : address_(address), routing_id_(std::move(routing_id)), max_frame_(max_frame), on_refused_(std::move(on_refused)) {
  const auto where = connectable(address);
  if (where) std::tie(host_, port_) = *where;
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
}

zmtp_connector::~zmtp_connector() {
  if (fd_ >= 0) ::close(fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

void zmtp_connector::watch(int fd) {
  watched_fd_ = fd;
  zmtp_io::control(epoll_fd_, EPOLL_CTL_ADD, fd, EPOLLIN);
}

int zmtp_connector::due_in_ms() const {
  if (stage_ == stage::connected) return -1;
  const auto next = stage_ == stage::idle ? next_attempt_ : give_up_;
  return static_cast<int>(std::max<long long>(0, std::chrono::ceil<std::chrono::milliseconds>(next - clock::now()).count()));
}

bool zmtp_connector::wait(int timeout_ms, const delivery& deliver) {
  const auto now = clock::now();
  if (stage_ != stage::idle && stage_ != stage::connected && now >= give_up_) lose();
  if (stage_ == stage::idle && now >= next_attempt_) start_connecting();
  if (const int due = due_in_ms(); due >= 0) timeout_ms = timeout_ms < 0 ? due : std::min(timeout_ms, due);
  epoll_event events[4];
  const int n = ::epoll_wait(epoll_fd_, events, 4, timeout_ms);
  bool woken = false;
  for (int k = 0; k < n; ++k) {
    if (events[k].data.fd == watched_fd_) {
      woken = true;
      continue;
    }
    if (events[k].data.fd != fd_ || fd_ < 0) continue;
    if (stage_ == stage::connecting) {
      on_writable();
      continue;
    }
    if (events[k].events & EPOLLOUT) write_out();
    if (fd_ >= 0 && (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) on_readable(deliver);
  }
  return woken;
}

void zmtp_connector::start_connecting() {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  // A name is looked up at each attempt, as libzmq does: a coordinator
  // that moves to another address is found again.
  if (host_.empty() || ::getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found) != 0 || !found) return lose();
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int result = fd_ < 0 ? -1 : ::connect(fd_, found->ai_addr, found->ai_addrlen);
  ::freeaddrinfo(found);
  if (fd_ < 0 || (result != 0 && errno != EINPROGRESS)) return lose();
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  stage_ = stage::connecting;
  give_up_ = clock::now() + zmtp_handshake_limit;
  zmtp_io::control(epoll_fd_, EPOLL_CTL_ADD, fd_, listening_ = EPOLLOUT);
}

void zmtp_connector::on_writable() {
  int failure = 0;
  socklen_t size = sizeof failure;
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &failure, &size) != 0 || failure != 0) return lose();
  stage_ = stage::handshaking;
  reader_ = std::make_unique<zmtp_reader>(max_frame_);
  // The greeting goes in two parts, as libzmq sends it: a server whose
  // security differs closes the connection as soon as it has read ours
  // whole, before its own has left; told only the version first, it sends
  // its greeting, and the mismatch can be named.
  const auto whole = zmtp::handshake("DEALER", routing_id_);
  out_ = whole.substr(0, 11);
  rest_of_greeting_ = whole.substr(11);
  write_out();
}

void zmtp_connector::on_readable(const delivery& deliver) {
  const bool closed = !zmtp_io::read_available(fd_, *reader_);
  for (;;) {
    auto event = reader_->next();
    if (!rest_of_greeting_.empty() && reader_->greeted()) {
      out_ += rest_of_greeting_;  // before anything else of ours
      rest_of_greeting_.clear();
    }
    if (std::holds_alternative<zmtp::need_more>(event)) break;
    if (auto* b = std::get_if<zmtp::broken>(&event)) {
      if (stage_ == stage::handshaking && on_refused_)
        on_refused_(b->other_mechanism ? "the security of this client and of the coordinator do not match: one uses "
                                         "CURVE keys (--keys, --key, --coordinator-key) and the other does not"
                                       : "the handshake with the coordinator failed: " + b->why,
                    accepted_once_);
      return lose();
    }
    if (auto* hello = std::get_if<zmtp::ready>(&event)) {
      if (hello->socket_type != "ROUTER") return lose();
      stage_ = stage::connected;
      accepted_once_ = true;
      backoff_ = first_backoff;
    } else if (auto* ping = std::get_if<zmtp::ping>(&event)) {
      zmtp::append_frame(out_, false, true, "\4PONG" + ping->context);
    } else {
      auto& parts = std::get<zmtp::message>(event);
      auto body = std::move(parts.back());
      parts.pop_back();
      deliver(std::move(parts), std::move(body));
    }
  }
  if (closed) return lose();
  if (!out_.empty() && !(listening_ & EPOLLOUT)) write_out();  // a PONG
}

void zmtp_connector::send(const std::vector<std::string>& envelope, const std::string& body) {
  if (stage_ != stage::connected || out_.size() > zmtp_max_unsent) return;
  for (const auto& part : envelope) zmtp::append_frame(out_, true, false, part);
  zmtp::append_frame(out_, false, false, body);
  if (!(listening_ & EPOLLOUT)) write_out();
}

void zmtp_connector::write_out() {
  if (!zmtp_io::write_available(fd_, out_)) return lose();
  const std::uint32_t events = EPOLLIN | (out_.empty() ? 0u : EPOLLOUT);
  if (events == listening_) return;
  listening_ = events;
  zmtp_io::control(epoll_fd_, EPOLL_CTL_MOD, fd_, events);
}

void zmtp_connector::lose() {
  if (fd_ >= 0) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd_, nullptr);
    ::close(fd_);
  }
  fd_ = -1;
  stage_ = stage::idle;
  reader_.reset();
  out_.clear();
  rest_of_greeting_.clear();
  listening_ = 0;
  next_attempt_ = clock::now() + backoff_;
  backoff_ = std::min(backoff_ * 2, std::chrono::duration_cast<std::chrono::milliseconds>(last_backoff));
}

}  // namespace summit::actors
