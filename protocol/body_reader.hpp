#pragma once
// Reading one frame body (a msgpack map of named fields) with every type,
// length and range checked: the decoders' shared tool. A failure is thrown
// as a refusal and turned into decode()'s error value there; nothing else
// throws it. Internal to protocol/.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <msgpack.hpp>

#include "protocol/codec.hpp"

namespace summit::protocol::detail {

struct refusal {
  errc code;
  std::string message;
};

[[noreturn]] void refuse(errc code, std::string message);

/// "an integer", "a map", ...: what an object is, for messages.
const char* type_name(const msgpack::object& o);

class body_reader {
 public:
  /// label names the body in messages: the kind, or "kind.field" for a body nested in a field.
  body_reader(const msgpack::object& body, std::string label, const decode_limits& limits);

  const msgpack::object* find(std::string_view key) const;
  const msgpack::object& require(std::string_view key) const;
  [[noreturn]] void invalid(std::string_view key, const std::string& why) const;

  std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::int64_t integer_of(const msgpack::object& o, std::string_view key, std::int64_t min, std::int64_t max) const;
  /// A positive id.
  std::uint64_t id(std::string_view key) const;
  std::uint64_t id_of(const msgpack::object& o, std::string_view key) const;
  bool boolean(std::string_view key) const;
  std::string string(std::string_view key) const;
  std::string string(std::string_view key, std::size_t max) const;
  std::string string_of(const msgpack::object& o, std::string_view key, std::size_t max) const;
  /// A number, integers included; nullopt for nil. NaN passes (a model that
  /// diverged reports it); infinities do not.
  std::optional<double> number_of(const msgpack::object& o, const std::string& key) const;
  /// A parameter value: bool, integer, float or string.
  value value_of(const msgpack::object& o, const std::string& key) const;

  /// The elements of a list field (or object), its length checked.
  std::vector<msgpack::object> list(std::string_view key) const;
  std::vector<msgpack::object> list_of(const msgpack::object& o, std::string_view key) const;
  const msgpack::object_map& map(std::string_view key) const;
  const msgpack::object_map& map_of(const msgpack::object& o, std::string_view key) const;
  params parameters(std::string_view key) const;
  params parameters_of(const msgpack::object& o, std::string_view key) const;

  /// A reader for a map nested in one of this body's fields.
  body_reader nested(const msgpack::object& o, std::string_view key) const;

  const decode_limits& limits() const { return limits_; }

 private:
  std::string label_;
  decode_limits limits_;
  msgpack::object_map map_{};
};

/// Whether the map has the key with a value other than nil (an optional field).
inline bool present(const body_reader& r, std::string_view key) {
  const auto* o = r.find(key);
  return o && o->type != msgpack::type::NIL;
}

}  // namespace summit::protocol::detail
