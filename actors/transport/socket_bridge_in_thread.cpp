// A socket_bridge whose socket its own thread serves (zmtp_socket.hpp),
// alone or together with a partner's in one epoll set (run_together).

#include <pthread.h>
#include <sys/epoll.h>

#include <algorithm>

#include "actors/transport/socket_bridge_impl.hpp"

namespace summit::actors {

bool socket_bridge::serve_socket(const caf::actor& target, int timeout_ms) {
  auto& socket = *impl_->in_thread;
  const auto send = [&socket](const std::vector<std::string>& to, const std::string& frame) { socket.send(to, frame); };
  // What one wait reads goes to the actor as one message (when the actor
  // takes batches): one hand-off for every peer that was ready.
  std::vector<bridge_request> ready;
  const auto deliver = [&](std::vector<std::string> envelope, std::string frame) {
    bridge_detail::take_request(*impl_, ready, std::move(envelope), frame, send);
  };
  const bool woken = socket.wait(timeout_ms, deliver);
  hand_over(target, ready);
  return woken;
}

void socket_bridge::send_outbox() {
  auto& socket = *impl_->in_thread;
  take_outbox([&socket](const std::vector<std::string>& to, const std::string& frame) { socket.send(to, frame); });
}

void socket_bridge::serve_in_thread(const caf::actor& target) {
  impl_->in_thread->watch(impl_->wake_fd);
  while (!stopping_)
    if (serve_socket(target, -1)) send_outbox();
}

void socket_bridge::run_together(caf::actor target, request_filter filter, const std::shared_ptr<socket_bridge>& other,
                                 caf::actor other_target, request_filter other_filter) {
  const int set = impl_->in_thread && other->impl_->in_thread ? ::epoll_create1(EPOLL_CLOEXEC) : -1;
  if (set < 0) {
    run(std::move(target), std::move(filter));
    other->run(std::move(other_target), std::move(other_filter));
    return;
  }
  filter_ = std::move(filter);
  other->filter_ = std::move(other_filter);
  partner_ = other;
  other->host_ = this;
  thread_ = std::thread([this, target, other_target, set] {
    pthread_setname_np(pthread_self(), "zmtp.relay");
    serve_together(target, other_target, set);
    ::close(set);
  });
}

/// One epoll set over both sockets' sets and both eventfds. Each pass reads
/// this socket (what its filter relays lands in the partner's outbox), then
/// the partner's, sends its outbox, and sends this one's last (with what the
/// partner's filter answered): a round trip wakes this thread only.
void socket_bridge::serve_together(const caf::actor& target, const caf::actor& other_target, int set) {
  auto& partner = *partner_;
  for (const int fd : {impl_->in_thread->poll_fd(), partner.impl_->in_thread->poll_fd(), impl_->wake_fd,
                       partner.impl_->wake_fd})
    zmtp_io::control(set, EPOLL_CTL_ADD, fd, EPOLLIN);
  while (!stopping_) {
    const int mine = impl_->in_thread->due_in_ms(), theirs = partner.impl_->in_thread->due_in_ms();
    const int timeout = mine < 0 ? theirs : theirs < 0 ? mine : std::min(mine, theirs);
    epoll_event events[4];
    (void)::epoll_wait(set, events, 4, timeout);
    serve_socket(target, 0);
    partner.serve_socket(other_target, 0);
    partner.send_outbox();
    send_outbox();
  }
}

}  // namespace summit::actors
