#include "actors/trial_bridge.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "actors/atoms.hpp"
#include "protocol/codec.hpp"

namespace summit::actors {

struct trial_bridge::impl {
  zmq::context_t context{1};
  zmq::socket_t router{context, zmq::socket_type::router};
  int wake_fd = -1;
  ~impl() {
    if (wake_fd >= 0) close(wake_fd);
  }
};

namespace {

void send_frames(zmq::socket_t& socket, const std::vector<std::string>& envelope,
                 const std::string& frame) {
  for (const auto& part : envelope) socket.send(zmq::buffer(part), zmq::send_flags::sndmore);
  socket.send(zmq::buffer(frame), zmq::send_flags::none);
}

}  // namespace

trial_bridge::trial_bridge(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

trial_bridge::~trial_bridge() { stop(); }

expected<std::shared_ptr<trial_bridge>> trial_bridge::bind(const std::string& address) {
  auto i = std::make_unique<impl>();
  try {
    i->router.set(zmq::sockopt::linger, 0);
    i->router.set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(protocol::max_frame_size));
    i->router.bind(address);
  } catch (const zmq::error_t& e) {
    return make_error("cannot bind the trial socket on " + address + ": " + e.what());
  }
  i->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (i->wake_fd < 0) return make_error("cannot create an eventfd for the trial socket");
  auto endpoint = i->router.get(zmq::sockopt::last_endpoint);
  std::shared_ptr<trial_bridge> bridge(new trial_bridge(std::move(i)));
  bridge->endpoint_ = std::move(endpoint);
  return bridge;
}

void trial_bridge::run(caf::actor worker) {
  thread_ = std::thread([this, worker] { loop(worker); });
}

void trial_bridge::post(std::vector<std::string> envelope, std::string frame) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    outbox_.emplace_back(std::move(envelope), std::move(frame));
  }
  const std::uint64_t one = 1;
  (void)!write(impl_->wake_fd, &one, sizeof one);
}

void trial_bridge::stop() {
  if (stopping_.exchange(true)) return;
  const std::uint64_t one = 1;
  (void)!write(impl_->wake_fd, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  impl_->router.close();
}

void trial_bridge::loop(caf::actor worker) {
  auto& router = impl_->router;
  zmq::pollitem_t items[] = {{router.handle(), 0, ZMQ_POLLIN, 0},
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
        for (const auto& [envelope, frame] : ready) send_frames(router, envelope, frame);
      }
      if (!(items[0].revents & ZMQ_POLLIN)) continue;
      for (;;) {
        std::vector<zmq::message_t> parts;
        if (!zmq::recv_multipart(router, std::back_inserter(parts), zmq::recv_flags::dontwait)) break;
        if (parts.size() < 2) continue;  // no routing id and payload: not a peer we can answer
        std::vector<std::string> envelope;
        for (std::size_t i = 0; i + 1 < parts.size(); ++i) envelope.push_back(parts[i].to_string());
        auto decoded = protocol::decode(parts.back().to_string_view());
        if (!decoded) {
          const auto code = static_cast<protocol::errc>(decoded.error().code);
          send_frames(router, envelope,
                      protocol::encode(protocol::error_reply{code, decoded.error().message}));
          continue;
        }
        caf::anon_send(worker, bridge_atom::value, bridge_request{std::move(envelope), std::move(*decoded)});
      }
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      // EINTR from a signal, or a peer that vanished mid-send: carry on.
    }
  }
}

}  // namespace summit::actors
