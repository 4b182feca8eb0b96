#include "actors/socket_bridge.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "actors/atoms.hpp"
#include "protocol/codec.hpp"

namespace summit::actors {

struct socket_bridge::impl {
  explicit impl(zmq::socket_type type) : socket(context, type), router(type == zmq::socket_type::router) {}
  zmq::context_t context{1};
  zmq::socket_t socket;
  bool router;
  int wake_fd = -1;
  ~impl() {
    if (wake_fd >= 0) close(wake_fd);
  }
};

namespace {

// Never blocks: a frame for a peer that is gone (or a coordinator that is
// away) is dropped; every sender has its own way to send again.
void send_frames(zmq::socket_t& socket, const std::vector<std::string>& envelope,
                 const std::string& frame) {
  for (const auto& part : envelope)
    if (!socket.send(zmq::buffer(part), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) return;
  (void)socket.send(zmq::buffer(frame), zmq::send_flags::dontwait);
}

}  // namespace

socket_bridge::socket_bridge(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

socket_bridge::~socket_bridge() { stop(); }

namespace {

std::unique_ptr<socket_bridge::impl> make_socket(zmq::socket_type type) {
  auto i = std::make_unique<socket_bridge::impl>(type);
  i->socket.set(zmq::sockopt::linger, 0);
  i->socket.set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(protocol::max_frame_size));
  i->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (i->wake_fd < 0) throw zmq::error_t();
  return i;
}

}  // namespace

expected<std::shared_ptr<socket_bridge>> socket_bridge::bind(const std::string& address) {
  try {
    auto i = make_socket(zmq::socket_type::router);
    i->socket.set(zmq::sockopt::router_handover, 1);
    i->socket.bind(address);
    auto endpoint = i->socket.get(zmq::sockopt::last_endpoint);
    std::shared_ptr<socket_bridge> bridge(new socket_bridge(std::move(i)));
    bridge->endpoint_ = std::move(endpoint);
    return bridge;
  } catch (const zmq::error_t& e) {
    return make_error("cannot listen on " + address + ": " + e.what());
  }
}

expected<std::shared_ptr<socket_bridge>> socket_bridge::connect(const std::string& address,
                                                                const std::string& routing_id) {
  try {
    auto i = make_socket(zmq::socket_type::dealer);
    i->socket.set(zmq::sockopt::routing_id, routing_id);
    // Frames for a coordinator that is away are dropped, not queued: the
    // worker sends everything unacknowledged again when it is back.
    i->socket.set(zmq::sockopt::immediate, 1);
    i->socket.set(zmq::sockopt::reconnect_ivl_max, 5000);
    i->socket.connect(address);
    std::shared_ptr<socket_bridge> bridge(new socket_bridge(std::move(i)));
    bridge->endpoint_ = address;
    return bridge;
  } catch (const zmq::error_t& e) {
    return make_error("cannot connect to " + address + ": " + e.what());
  }
}

void socket_bridge::run(caf::actor target) {
  thread_ = std::thread([this, target] { loop(target); });
}

void socket_bridge::post(std::vector<std::string> envelope, std::string frame) {
  bool was_empty;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    was_empty = outbox_.empty();
    outbox_.emplace_back(std::move(envelope), std::move(frame));
  }
  // The socket thread takes the whole outbox on each wake-up, so only the
  // frame that finds it empty needs to wake it: one syscall per burst.
  if (!was_empty) return;
  const std::uint64_t one = 1;
  (void)!write(impl_->wake_fd, &one, sizeof one);
}

void socket_bridge::stop() {
  if (stopping_.exchange(true)) return;
  const std::uint64_t one = 1;
  (void)!write(impl_->wake_fd, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  impl_->socket.close();
}

void socket_bridge::loop(caf::actor target) {
  auto& socket = impl_->socket;
  zmq::pollitem_t items[] = {{socket.handle(), 0, ZMQ_POLLIN, 0},
                             {nullptr, impl_->wake_fd, ZMQ_POLLIN, 0}};
  while (!stopping_) {
    try {
      zmq::poll(items, 2, std::chrono::milliseconds(-1));
      if (items[1].revents & ZMQ_POLLIN) {
        std::uint64_t count;
        (void)!read(impl_->wake_fd, &count, sizeof count);
        std::deque<std::pair<std::vector<std::string>, std::string>> ready;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          ready.swap(outbox_);
        }
        for (const auto& [envelope, frame] : ready) send_frames(socket, envelope, frame);
      }
      if (!(items[0].revents & ZMQ_POLLIN)) continue;
      for (;;) {
        std::vector<zmq::message_t> parts;
        if (!zmq::recv_multipart(socket, std::back_inserter(parts), zmq::recv_flags::dontwait)) break;
        // A ROUTER's frames start with the peer's routing id; without it
        // and a payload there is no one to answer.
        if (parts.empty() || (impl_->router && parts.size() < 2)) continue;
        std::vector<std::string> envelope;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i) envelope.push_back(parts[i].to_string());
        auto decoded = protocol::decode(parts.back().to_string_view());
        if (!decoded) {
          const auto code = static_cast<protocol::errc>(decoded.error().code);
          send_frames(socket, envelope,
                      protocol::encode(protocol::error_reply{code, decoded.error().message}));
          continue;
        }
        caf::anon_send(target, bridge_atom::value, bridge_request{std::move(envelope), std::move(*decoded)});
      }
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      // EINTR from a signal, or a peer that vanished mid-send: carry on.
    }
  }
}

}  // namespace summit::actors
