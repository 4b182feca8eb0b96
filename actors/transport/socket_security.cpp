#include "actors/transport/socket_security.hpp"

#include <cstring>

#include <zmq.h>

namespace summit::actors {

namespace {

std::string z85(const std::string& raw) {
  if (raw.size() != 32) return "";
  char text[41] = {};
  if (!zmq_z85_encode(text, reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size())) return "";
  return text;
}

/// A monitor event's first frame: a 16-bit event and a 32-bit value, in host order.
bool parse_event(const void* data, std::size_t size, std::uint16_t& event, std::uint32_t& value) {
  if (size < 6) return false;
  std::memcpy(&event, data, sizeof event);
  std::memcpy(&value, static_cast<const char*>(data) + 2, sizeof value);
  return true;
}

}  // namespace

std::vector<std::string> answer_zap(const std::vector<std::string>& request,
                                    const std::set<std::string>& authorized, std::string& refusal) {
  // version, request id, domain, address, routing id, mechanism, credentials...
  const std::string request_id = request.size() > 1 ? request[1] : "";
  const auto reply = [&](const char* code, const std::string& text) {
    return std::vector<std::string>{"1.0", request_id, code, text, "", ""};
  };
  if (request.size() < 6 || request[0] != "1.0") {
    refusal = "refused a malformed authentication request";
    return reply("400", "malformed request");
  }
  const std::string& address = request[3];
  if (request[5] != "CURVE" || request.size() < 7) {
    refusal = "refused a connection from " + address + ": it did not use a CURVE key";
    return reply("400", "CURVE key required");
  }
  const auto key = z85(request[6]);
  if (key.empty() || !authorized.count(key)) {
    refusal = "refused a connection from " + address + ": its public key " + key +
              " is not in the --keys directory (copy its NAME.key file there to accept it)";
    return reply("400", "key not authorized");
  }
  return reply("200", "OK");
}

std::string handshake_failure(std::uint16_t event, std::uint32_t value, bool server) {
  if (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
    return server ? ""  // the ZAP answer has said why, with the address and key
                  : "the coordinator refused this client's key (status " + std::to_string(value) +
                        "): copy its public NAME.key file into the coordinator's --keys directory";
  // The peer hung up mid-handshake: from a client without keys, which saw
  // the mismatch first, or one that gave up.
  if (event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
    return server ? "a connection ended during the handshake: a client without keys, or one that gave up" : "";
  if (event != ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL) return "";
  if (value == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH)
    return server ? "refused a connection without keys (start the client with --key and --coordinator-key)"
                  : "the security of this client and of the coordinator do not match: one uses CURVE keys "
                    "(--keys, --key, --coordinator-key) and the other does not";
  if (value == ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC || value == ZMQ_PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE)
    return server ? "refused a connection whose handshake did not decrypt: its --coordinator-key is not this "
                    "coordinator's public key"
                  : "the CURVE handshake with the coordinator failed: is --coordinator-key its public key?";
  return server ? "" : "the handshake with the coordinator failed (ZeroMQ protocol error " + std::to_string(value) + ")";
}

std::string handshake_watch::on_event(const void* data, std::size_t size) {
  std::uint16_t event;
  std::uint32_t value;
  if (!parse_event(data, size, event, value)) return "";
  if (event == ZMQ_EVENT_CONNECTED) handshaking_ = true;
  if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
    handshaking_ = false;
    accepted_once_ = true;
  }
  auto reason = handshake_failure(event, value, false);
  // A CURVE server that cannot open our hello (our --coordinator-key is not
  // its key) closes the connection without a word.
  if (reason.empty() && event == ZMQ_EVENT_DISCONNECTED && handshaking_ && curve_)
    reason = "the coordinator closed the connection during the CURVE handshake: is --coordinator-key its "
             "public key?";
  if (event == ZMQ_EVENT_DISCONNECTED) handshaking_ = false;
  return reason;
}

std::string server_handshake_event(const void* data, std::size_t size) {
  std::uint16_t event;
  std::uint32_t value;
  return parse_event(data, size, event, value) ? handshake_failure(event, value, true) : "";
}

bool reachable_from_other_hosts(const std::string& address) {
  const std::string tcp = "tcp://";
  if (address.compare(0, tcp.size(), tcp) != 0) return false;  // ipc://, inproc://
  auto host = address.substr(tcp.size());
  // A ';' separates a source address from the bound one; the bound one counts.
  if (const auto semi = host.find(';'); semi != std::string::npos) host = host.substr(semi + 1);
  host = host.substr(0, host.rfind(':'));
  return !(host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]" || host == "::1" || host == "lo");
}

}  // namespace summit::actors
