#include "actors/transport/socket_bridge.hpp"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <map>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "actors/atoms.hpp"
#include "actors/transport/curve_socket.hpp"
#include "actors/transport/quiet_log.hpp"
#include "actors/transport/rate_limit.hpp"
#include "actors/transport/socket_bridge_impl.hpp"
#include "actors/transport/zmtp_connector.hpp"
#include "actors/transport/zmtp_router.hpp"
#include "protocol/codec.hpp"

namespace summit::actors {

namespace {

using clock = std::chrono::steady_clock;

// Where libzmq asks for a verdict on every CURVE handshake (RFC 27); each
// bridge has its own context, so the fixed names do not collide.
constexpr const char* zap_endpoint = "inproc://zeromq.zap.01";
constexpr const char* monitor_endpoint = "inproc://summit.monitor";

// Never blocks: a frame for a peer that is gone (or a coordinator that is
// away) is dropped; every sender has its own way to send again.
void send_frames(zmq::socket_t& socket, const std::vector<std::string>& envelope,
                 const std::string& frame) {
  for (const auto& part : envelope)
    if (!socket.send(zmq::buffer(part), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) return;
  (void)socket.send(zmq::buffer(frame), zmq::send_flags::dontwait);
}

void open_wake_fd(socket_bridge::impl& i) {
  i.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (i.wake_fd < 0) throw zmq::error_t();
}

std::unique_ptr<socket_bridge::impl> make_socket(zmq::socket_type type) {
  auto i = std::make_unique<socket_bridge::impl>(type);
  i->socket.set(zmq::sockopt::linger, 0);
  i->socket.set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(protocol::max_frame_size));
  open_wake_fd(*i);
  return i;
}

/// Whether a peer's frame is within its frame rate; past it the peer is
/// told so, at most once a second, and the frame dropped.
bool admitted(socket_bridge::impl& i, const std::vector<std::string>& envelope,
              const std::function<void(const std::vector<std::string>&, const std::string&)>& send) {
  const auto now = clock::now();
  if (i.limit.admit(envelope.front(), now)) return true;
  auto& told = i.told_limited[envelope.front()];
  if (now - told >= std::chrono::seconds(1)) {
    told = now;
    const auto rate = std::to_string(static_cast<long long>(i.listen.max_frames_per_second));
    send(envelope, protocol::encode(protocol::error_reply{
                       protocol::errc::rate_limited,
                       "more than " + rate + " frames a second from this connection: frames dropped"}));
    i.quiet(i.listen.log, "dropping frames from " + envelope.front() + ": more than " + rate +
                              " a second (--max-frame-rate)");
  }
  if (i.told_limited.size() > 10000) i.told_limited.clear();
  return false;
}

/// A peer's frame as the actor's request; when it does not decode, the
/// error is sent back at once and there is none.
std::optional<bridge_request> request_of(
    std::vector<std::string> envelope, std::string_view frame,
    const std::function<void(const std::vector<std::string>&, const std::string&)>& send) {
  auto decoded = protocol::decode(frame);
  if (!decoded) {
    const auto code = static_cast<protocol::errc>(decoded.error().code);
    send(envelope, protocol::encode(protocol::error_reply{code, decoded.error().message}));
    return std::nullopt;
  }
  return bridge_request{std::move(envelope), std::move(*decoded)};
}

void watch(socket_bridge::impl& i) { i.monitor = detail::monitor_of(i.context, i.socket, monitor_endpoint); }

}  // namespace

void bridge_detail::take_request(socket_bridge::impl& i, std::vector<bridge_request>& ready,
                                 std::vector<std::string> envelope, std::string_view frame, const frame_sender& send) {
  if (i.router && !admitted(i, envelope, send)) return;
  if (auto request = request_of(std::move(envelope), frame, send)) ready.push_back(std::move(*request));
}

socket_bridge::socket_bridge(std::unique_ptr<impl> i) : impl_(std::move(i)) {}

socket_bridge::~socket_bridge() {
  stop();
  if (partner_) partner_->host_ = nullptr;
}

expected<std::shared_ptr<socket_bridge>> socket_bridge::bind(const std::string& address,
                                                             listen_options options) {
  try {
    if (options.in_bridge_thread && !options.curve && zmtp_router::bindable(address)) {
      auto router = zmtp_router::bind(address, protocol::max_frame_size);
      if (!router) return router.error();
      auto i = std::make_unique<impl>(std::move(*router), true);
      open_wake_fd(*i);
      i->limit = rate_limit(options.max_frames_per_second);
      i->batches = options.batches;
      i->listen = std::move(options);
      std::shared_ptr<socket_bridge> bridge(new socket_bridge(std::move(i)));
      bridge->endpoint_ = bridge->impl_->in_thread->endpoint();
      return bridge;
    }
    auto i = make_socket(zmq::socket_type::router);
    i->socket.set(zmq::sockopt::router_handover, 1);
    if (options.curve) {
      // The handler must be bound before the first handshake can ask it.
      // Without a keys directory there is none: every client key is let in
      // (a worker's trial socket, where a token authenticates each request).
      if (!options.curve->keys_dir.empty()) {
        i->zap = zmq::socket_t(i->context, zmq::socket_type::rep);
        i->zap.set(zmq::sockopt::linger, 0);
        i->zap.bind(zap_endpoint);
      }
      i->socket.set(zmq::sockopt::curve_server, true);
      i->socket.set(zmq::sockopt::curve_secretkey, options.curve->own.secret_key);
      watch(*i);
    }
    i->limit = rate_limit(options.max_frames_per_second);
    i->listen = std::move(options);
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
                                                                const std::string& routing_id,
                                                                connect_options options) {
  try {
    if (options.in_bridge_thread && !options.curve && zmtp_connector::connectable(address)) {
      auto i = std::make_unique<impl>(nullptr, false);
      open_wake_fd(*i);
      i->connect = std::move(options);
      auto* in = i.get();
      // Called in the bridge's thread, as the monitor's events are.
      i->in_thread = std::make_unique<zmtp_connector>(
          address, routing_id, protocol::max_frame_size, [in](const std::string& reason, bool before) {
            if (in->connect.on_refused)
              in->quiet([&](const std::string& line) { in->connect.on_refused(line, before); }, reason);
          });
      std::shared_ptr<socket_bridge> bridge(new socket_bridge(std::move(i)));
      bridge->endpoint_ = address;
      return bridge;
    }
    auto i = make_socket(zmq::socket_type::dealer);
    i->socket.set(zmq::sockopt::routing_id, routing_id);
    // Frames for a coordinator that is away are dropped, not queued: the
    // worker sends everything unacknowledged again when it is back.
    i->socket.set(zmq::sockopt::immediate, 1);
    i->socket.set(zmq::sockopt::reconnect_ivl_max, 5000);
    if (options.curve) detail::use_curve_client(i->socket, *options.curve);
    // Watched with or without keys: a coordinator that wants keys refuses a
    // client without them, and the user must hear why.
    watch(*i);
    i->handshakes = handshake_watch(options.curve.has_value());
    i->connect = std::move(options);
    i->socket.connect(address);
    std::shared_ptr<socket_bridge> bridge(new socket_bridge(std::move(i)));
    bridge->endpoint_ = address;
    return bridge;
  } catch (const zmq::error_t& e) {
    return make_error("cannot connect to " + address + ": " + e.what());
  }
}

void socket_bridge::run(caf::actor target, request_filter filter) {
  filter_ = std::move(filter);
  thread_ = std::thread([this, target] {
    // Named for top -H and perf: which socket a thread serves.
    pthread_setname_np(pthread_self(), impl_->in_thread ? (impl_->router ? "zmtp.router" : "zmtp.dealer")
                                                        : impl_->router ? "zmq.router" : "zmq.dealer");
    if (impl_->in_thread)
      serve_in_thread(target);
    else
      loop(target);
  });
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
  if (host_) host_->stop();  // its thread serves this socket too: it goes first
  if (stopping_.exchange(true)) return;
  const std::uint64_t one = 1;
  (void)!write(impl_->wake_fd, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  impl_->in_thread.reset();
  if (impl_->monitor) {
    (void)zmq_socket_monitor(impl_->socket.handle(), nullptr, 0);
    impl_->monitor.close();
  }
  impl_->zap.close();
  impl_->socket.close();
}

/// What one wake-up read goes to the filter, then to the actor: as one
/// message when the actor takes batches, else one message each.
void socket_bridge::hand_over(const caf::actor& target, std::vector<bridge_request>& ready) {
  if (filter_ && !ready.empty()) filter_(ready);
  if (impl_->batches && ready.size() > 1) {
    caf::anon_send(target, bridge_atom::value, std::move(ready));
  } else {
    for (auto& request : ready) caf::anon_send(target, bridge_atom::value, std::move(request));
  }
  ready.clear();
}

void socket_bridge::receive(const caf::actor& target) {
  auto& i = *impl_;
  std::vector<bridge_request> ready;
  for (;;) {
    std::vector<zmq::message_t> parts;
    if (!zmq::recv_multipart(i.socket, std::back_inserter(parts), zmq::recv_flags::dontwait)) break;
    // A ROUTER's frames start with the peer's routing id; without it and a
    // payload there is no one to answer.
    if (parts.empty() || (i.router && parts.size() < 2)) continue;
    std::vector<std::string> envelope;
    for (std::size_t p = 0; p + 1 < parts.size(); ++p) envelope.push_back(parts[p].to_string());
    const auto send = [&i](const std::vector<std::string>& to, const std::string& frame) {
      send_frames(i.socket, to, frame);
    };
    bridge_detail::take_request(i, ready, std::move(envelope), parts.back().to_string_view(), send);
  }
  hand_over(target, ready);
}

void socket_bridge::answer_authentication() {
  auto& i = *impl_;
  for (;;) {
    std::vector<zmq::message_t> parts;
    if (!zmq::recv_multipart(i.zap, std::back_inserter(parts), zmq::recv_flags::dontwait)) return;
    std::vector<std::string> request;
    for (const auto& p : parts) request.push_back(p.to_string());
    std::string refusal;
    // Read at every handshake: adding or removing a key file takes effect
    // for the next connection, without a restart.
    const auto reply = answer_zap(request, authorized_keys(i.listen.curve->keys_dir), refusal);
    if (!refusal.empty()) i.quiet(i.listen.log, refusal);
    for (std::size_t p = 0; p < reply.size(); ++p)
      (void)i.zap.send(zmq::buffer(reply[p]), p + 1 < reply.size() ? zmq::send_flags::sndmore
                                                                   : zmq::send_flags::none);
  }
}

void socket_bridge::watch_handshakes() {
  auto& i = *impl_;
  for (;;) {
    std::vector<zmq::message_t> parts;
    if (!zmq::recv_multipart(i.monitor, std::back_inserter(parts), zmq::recv_flags::dontwait)) return;
    if (parts.empty()) continue;
    if (i.router) {
      i.quiet(i.listen.log, server_handshake_event(parts[0].data(), parts[0].size()));
      continue;
    }
    const auto reason = i.handshakes.on_event(parts[0].data(), parts[0].size());
    if (!i.connect.on_refused) continue;
    const bool before = i.handshakes.accepted_once();
    i.quiet([&](const std::string& line) { i.connect.on_refused(line, before); }, reason);
  }
}

void socket_bridge::loop(caf::actor target) {
  auto& i = *impl_;
  std::vector<zmq::pollitem_t> items{{i.socket.handle(), 0, ZMQ_POLLIN, 0}, {nullptr, i.wake_fd, ZMQ_POLLIN, 0}};
  const std::size_t zap_at = items.size();
  if (i.zap) items.push_back({i.zap.handle(), 0, ZMQ_POLLIN, 0});
  const std::size_t monitor_at = items.size();
  if (i.monitor) items.push_back({i.monitor.handle(), 0, ZMQ_POLLIN, 0});
  while (!stopping_) {
    try {
      zmq::poll(items.data(), items.size(), std::chrono::milliseconds(-1));
      if (items[1].revents & ZMQ_POLLIN)
        take_outbox([&i](const std::vector<std::string>& to, const std::string& frame) {
          send_frames(i.socket, to, frame);
        });
      if (i.zap && (items[zap_at].revents & ZMQ_POLLIN)) answer_authentication();
      if (i.monitor && (items[monitor_at].revents & ZMQ_POLLIN)) watch_handshakes();
      if (items[0].revents & ZMQ_POLLIN) receive(target);
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      // EINTR from a signal, or a peer that vanished mid-send: carry on.
    }
  }
}

void socket_bridge::take_outbox(
    const std::function<void(const std::vector<std::string>&, const std::string&)>& send) {
  std::uint64_t count;
  (void)!read(impl_->wake_fd, &count, sizeof count);
  std::deque<std::pair<std::vector<std::string>, std::string>> ready;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ready.swap(outbox_);
  }
  for (const auto& [envelope, frame] : ready) send(envelope, frame);
}

}  // namespace summit::actors
