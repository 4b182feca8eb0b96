#include "actors/transport/zmtp_socket.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>

namespace summit::actors::zmtp_io {

void control(int epoll_fd, int op, int fd, std::uint32_t events) {
  epoll_event e{};
  e.events = events;
  e.data.fd = fd;
  ::epoll_ctl(epoll_fd, op, fd, &e);
}

bool read_available(int fd, zmtp_reader& reader) {
  char buffer[65536];
  for (;;) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      reader.feed(buffer, static_cast<std::size_t>(n));
      if (static_cast<std::size_t>(n) < sizeof buffer) return true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

bool write_available(int fd, std::string& out) {
  std::size_t sent = 0;
  bool failed = false;
  while (sent < out.size()) {
    const auto n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    failed = !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
    break;
  }
  out.erase(0, sent);
  return !failed;
}

}  // namespace summit::actors::zmtp_io
