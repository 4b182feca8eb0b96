#include "actors/transport/command_client.hpp"

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "actors/transport/curve_socket.hpp"
#include "protocol/codec.hpp"
#include "protocol/study_messages.hpp"

namespace summit::actors {

namespace {

/// Why the handshake failed, from the socket's monitor, or "" while there
/// is nothing to say (yet).
std::string handshake_problem(zmq::socket_t& monitor, handshake_watch& watch) {
  std::vector<zmq::message_t> parts;
  while (zmq::recv_multipart(monitor, std::back_inserter(parts), zmq::recv_flags::dontwait)) {
    auto reason = parts.empty() ? "" : watch.on_event(parts[0].data(), parts[0].size());
    if (!reason.empty()) return reason;
    parts.clear();
  }
  return "";
}

}  // namespace

struct coordinator_session::connection {
  zmq::context_t context{1};
  zmq::socket_t socket{context, zmq::socket_type::req};
  zmq::socket_t monitor;
  handshake_watch watch;

  connection(const std::string& endpoint, const std::optional<curve_client>& curve) : watch(curve.has_value()) {
    socket.set(zmq::sockopt::linger, 0);
    if (curve) detail::use_curve_client(socket, *curve);
    monitor = detail::monitor_of(context, socket, "inproc://summit.client.monitor");
    socket.connect(endpoint);
  }
};

coordinator_session::coordinator_session(std::string endpoint, std::chrono::milliseconds timeout,
                                         std::optional<curve_client> curve)
    : endpoint_(std::move(endpoint)), timeout_(timeout), curve_(std::move(curve)) {}

coordinator_session::~coordinator_session() = default;

expected<protocol::message> coordinator_session::ask(const protocol::message& request) {
  const auto seconds = std::to_string(static_cast<double>(timeout_.count()) / 1000).substr(0, 4);
  // A REQ socket that sent without an answer takes no other request.
  auto failed = [this](std::string message) {
    connection_.reset();
    return make_error(std::move(message));
  };
  try {
    if (!connection_) connection_ = std::make_unique<connection>(endpoint_, curve_);
    auto& c = *connection_;
    c.socket.send(zmq::buffer(protocol::encode(request)), zmq::send_flags::none);
    zmq::pollitem_t items[] = {{c.socket.handle(), 0, ZMQ_POLLIN, 0}, {c.monitor.handle(), 0, ZMQ_POLLIN, 0}};
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0)
        return failed("no answer from the coordinator at " + endpoint_ + " within " + seconds + " s");
      zmq::poll(items, 2, left);
      if (items[1].revents & ZMQ_POLLIN) {
        if (auto problem = handshake_problem(c.monitor, c.watch); !problem.empty())
          return failed(endpoint_ + ": " + problem);
      }
      if (items[0].revents & ZMQ_POLLIN) break;
    }
    zmq::message_t frame;
    (void)c.socket.recv(frame, zmq::recv_flags::none);
    auto reply = protocol::decode(frame.to_string_view(), protocol::decode_limits::for_answers());
    if (!reply) return make_error("the coordinator at " + endpoint_ + " sent " + reply.error().message);
    return std::move(*reply);
  } catch (const zmq::error_t& e) {
    return failed("cannot reach the coordinator at " + endpoint_ + ": " + e.what());
  }
}

expected<model::study_reply> coordinator_session::ask(const model::study_command& command, const std::string& source) {
  auto answer = ask(protocol::to_message(command, source));
  if (!answer) return answer.error();
  if (const auto* refused = std::get_if<protocol::error_reply>(&*answer))
    return summit::error{static_cast<std::uint16_t>(refused->code), refused->message};
  if (auto reply = protocol::study_reply_of(*answer)) return std::move(*reply);
  return make_error("the coordinator at " + endpoint_ + " sent an unexpected reply");
}

expected<protocol::message> ask_coordinator(const std::string& endpoint, const protocol::message& request,
                                            std::chrono::milliseconds timeout,
                                            const std::optional<curve_client>& curve) {
  return coordinator_session(endpoint, timeout, curve).ask(request);
}

expected<model::study_reply> ask_coordinator(const std::string& endpoint, const model::study_command& command,
                                             std::chrono::milliseconds timeout,
                                             const std::optional<curve_client>& curve, const std::string& source) {
  return coordinator_session(endpoint, timeout, curve).ask(command, source);
}

}  // namespace summit::actors
