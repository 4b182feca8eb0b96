#pragma once
// The Summit frames the C++ trial client writes and reads
// (protocol/README.md): [version, kind, body map] in msgpack. Part of the
// header-only client; a trial includes client.hpp.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <variant>

#include <msgpack.hpp>

namespace summit::client {

using value = std::variant<bool, std::int64_t, double, std::string>;

/// A refused request (code from protocol/README.md) or no answer (code 8).
class error : public std::runtime_error {
 public:
  error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

namespace detail {

inline constexpr std::uint32_t protocol_version = 1;
inline constexpr int kind_trial_request = 1, kind_trial_info = 2, kind_observation = 3, kind_ack = 4,
                     kind_error = 5;
inline constexpr int unavailable = 8;

using packer = msgpack::packer<msgpack::sbuffer>;

inline void header(packer& pk, int kind, std::uint32_t fields) {
  pk.pack_array(3);
  pk.pack_uint32(protocol_version);
  pk.pack_uint8(static_cast<std::uint8_t>(kind));
  pk.pack_map(fields);
}

// Written by hand: msgpack-c 4.0's pack_double converts a double to
// uint64 when it looks integral, and its range check lets 2^64 through
// (undefined behaviour; on x86 a wrong value is sent).
inline void pack_float64(packer& pk, double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  char out[9] = {static_cast<char>(0xcb)};
  for (int i = 0; i < 8; ++i) out[1 + i] = static_cast<char>(bits >> (56 - 8 * i));
  pk.pack_str_body(out, sizeof out);  // raw bytes, no header
}

inline msgpack::object_handle unpack_reply(const std::string& reply) {
  try {
    return msgpack::unpack(reply.data(), reply.size());
  } catch (const std::exception& e) {
    throw error(1, std::string("the worker's reply is not msgpack: ") + e.what());
  }
}

/// The value under `key` in a body map, or null.
inline const msgpack::object* find_field(const msgpack::object& body, const std::string& key) {
  for (std::uint32_t i = 0; i < body.via.map.size; ++i) {
    const auto& kv = body.via.map.ptr[i];
    if (kv.key.type == msgpack::type::STR && kv.key.as<std::string>() == key) return &kv.val;
  }
  return nullptr;
}

inline const msgpack::object& field(const msgpack::object& body, const std::string& key) {
  if (const auto* v = find_field(body, key)) return *v;
  throw error(1, "the worker's reply has no '" + key + "'");
}

/// The body of a reply of kind `wanted`; an error reply is thrown.
inline const msgpack::object& expect(const msgpack::object& frame, int wanted) {
  if (frame.type != msgpack::type::ARRAY || frame.via.array.size != 3 ||
      frame.via.array.ptr[2].type != msgpack::type::MAP)
    throw error(1, "the worker's reply is not a Summit frame");
  const auto kind = frame.via.array.ptr[1].as<int>();
  const msgpack::object& body = frame.via.array.ptr[2];
  if (kind == kind_error) throw error(field(body, "code").as<int>(), field(body, "message").as<std::string>());
  if (kind != wanted) throw error(1, "unexpected reply kind " + std::to_string(kind));
  return body;
}

/// The worker's answer while the coordinator is away: ask again later.
inline bool is_unavailable(const msgpack::object& frame) {
  if (frame.type != msgpack::type::ARRAY || frame.via.array.size != 3) return false;
  const auto& kind = frame.via.array.ptr[1];
  const auto& body = frame.via.array.ptr[2];
  if (kind.type != msgpack::type::POSITIVE_INTEGER || kind.via.u64 != kind_error || body.type != msgpack::type::MAP)
    return false;
  const auto* code = find_field(body, "code");
  return code && code->type == msgpack::type::POSITIVE_INTEGER && code->via.u64 == unavailable;
}

inline value to_value(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::BOOLEAN: return o.via.boolean;
    case msgpack::type::POSITIVE_INTEGER:
    case msgpack::type::NEGATIVE_INTEGER: return o.as<std::int64_t>();
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return o.via.f64;
    default: return o.as<std::string>();
  }
}

}  // namespace detail

}  // namespace summit::client
