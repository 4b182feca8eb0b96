#include "actors/command_client.hpp"

#include <zmq.hpp>

#include "protocol/codec.hpp"

namespace summit::actors {

expected<nlohmann::ordered_json> ask_coordinator(const std::string& endpoint,
                                                 const protocol::study_request& request,
                                                 std::chrono::milliseconds timeout) {
  const auto seconds = std::to_string(static_cast<double>(timeout.count()) / 1000).substr(0, 4);
  try {
    zmq::context_t context(1);
    zmq::socket_t socket(context, zmq::socket_type::req);
    socket.set(zmq::sockopt::linger, 0);
    socket.connect(endpoint);
    socket.send(zmq::buffer(protocol::encode(request)), zmq::send_flags::none);
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, timeout);
    if (!(item.revents & ZMQ_POLLIN))
      return make_error("no answer from the coordinator at " + endpoint + " within " + seconds + " s");
    zmq::message_t frame;
    (void)socket.recv(frame, zmq::recv_flags::none);
    // The coordinator is trusted to send a large export; strangers never are.
    const protocol::decode_limits large{std::size_t{1} << 32, std::size_t{1} << 32};
    auto reply = protocol::decode(frame.to_string_view(), large);
    if (!reply) return make_error("the coordinator at " + endpoint + " sent " + reply.error().message);
    if (auto* refused = std::get_if<protocol::error_reply>(&*reply)) return make_error(refused->message);
    auto* answer = std::get_if<protocol::study_reply>(&*reply);
    if (!answer) return make_error("the coordinator at " + endpoint + " sent an unexpected reply");
    return nlohmann::ordered_json::parse(answer->json);
  } catch (const zmq::error_t& e) {
    return make_error("cannot reach the coordinator at " + endpoint + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    return make_error("the coordinator at " + endpoint + " sent malformed JSON: " + e.what());
  }
}

}  // namespace summit::actors
