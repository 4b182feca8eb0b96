#include "protocol/body_reader.hpp"

#include <cmath>

#include "model/core/utf8.hpp"

namespace summit::protocol::detail {

void refuse(errc code, std::string message) { throw refusal{code, std::move(message)}; }

const char* type_name(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::NIL: return "nil";
    case msgpack::type::BOOLEAN: return "a boolean";
    case msgpack::type::POSITIVE_INTEGER:
    case msgpack::type::NEGATIVE_INTEGER: return "an integer";
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return "a float";
    case msgpack::type::STR: return "a string";
    case msgpack::type::BIN: return "binary";
    case msgpack::type::ARRAY: return "a list";
    case msgpack::type::MAP: return "a map";
    default: return "an extension";
  }
}

body_reader::body_reader(const msgpack::object& body, std::string label, const decode_limits& limits)
    : label_(std::move(label)), limits_(limits) {
  if (body.type != msgpack::type::MAP)
    refuse(errc::malformed, label_ + ": body must be a map, got " + type_name(body));
  map_ = body.via.map;
}

const msgpack::object* body_reader::find(std::string_view key) const {
  for (std::uint32_t i = 0; i < map_.size; ++i) {
    const auto& k = map_.ptr[i].key;
    if (k.type == msgpack::type::STR && std::string_view(k.via.str.ptr, k.via.str.size) == key)
      return &map_.ptr[i].val;
  }
  return nullptr;
}

const msgpack::object& body_reader::require(std::string_view key) const {
  const auto* o = find(key);
  if (!o) invalid(key, "missing");
  return *o;
}

void body_reader::invalid(std::string_view key, const std::string& why) const {
  refuse(errc::invalid_field, label_ + "." + std::string(key) + ": " + why);
}

std::int64_t body_reader::integer(std::string_view key, std::int64_t min, std::int64_t max) const {
  return integer_of(require(key), key, min, max);
}

std::int64_t body_reader::integer_of(const msgpack::object& o, std::string_view key, std::int64_t min,
                                     std::int64_t max) const {
  std::int64_t v = 0;
  if (o.type == msgpack::type::POSITIVE_INTEGER) {
    if (o.via.u64 > static_cast<std::uint64_t>(max))
      invalid(key, "must be at most " + std::to_string(max) + ", got " + std::to_string(o.via.u64));
    v = static_cast<std::int64_t>(o.via.u64);
  } else if (o.type == msgpack::type::NEGATIVE_INTEGER) {
    v = o.via.i64;
  } else {
    invalid(key, std::string("expected an integer, got ") + type_name(o));
  }
  if (v < min || v > max)
    invalid(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                     std::to_string(v));
  return v;
}

std::uint64_t body_reader::id(std::string_view key) const { return id_of(require(key), key); }

std::uint64_t body_reader::id_of(const msgpack::object& o, std::string_view key) const {
  if (o.type != msgpack::type::POSITIVE_INTEGER || o.via.u64 == 0)
    invalid(key, std::string("expected a positive integer id, got ") + type_name(o));
  return o.via.u64;
}

bool body_reader::boolean(std::string_view key) const {
  const auto& o = require(key);
  if (o.type != msgpack::type::BOOLEAN) invalid(key, std::string("expected a boolean, got ") + type_name(o));
  return o.via.boolean;
}

std::string body_reader::string(std::string_view key) const { return string_of(require(key), key, limits_.string); }

std::string body_reader::string(std::string_view key, std::size_t max) const {
  return string_of(require(key), key, max);
}

std::string body_reader::string_of(const msgpack::object& o, std::string_view key, std::size_t max) const {
  if (o.type != msgpack::type::STR) invalid(key, std::string("expected a string, got ") + type_name(o));
  if (o.via.str.size > max)
    refuse(errc::too_large, label_ + "." + std::string(key) + ": longer than " + std::to_string(max) + " bytes");
  const std::string_view text(o.via.str.ptr, o.via.str.size);
  if (auto at = invalid_utf8_at(text)) invalid(key, "not UTF-8 text (byte " + std::to_string(*at) + ")");
  return std::string(text);
}

std::optional<double> body_reader::number_of(const msgpack::object& o, const std::string& key) const {
  double v = 0;
  switch (o.type) {
    case msgpack::type::NIL: return std::nullopt;
    case msgpack::type::POSITIVE_INTEGER: v = static_cast<double>(o.via.u64); break;
    case msgpack::type::NEGATIVE_INTEGER: v = static_cast<double>(o.via.i64); break;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: v = o.via.f64; break;
    default: invalid(key, std::string("expected a number, got ") + type_name(o));
  }
  if (std::isinf(v)) invalid(key, "must be a finite number or NaN, got " + std::to_string(v));
  return v;
}

value body_reader::value_of(const msgpack::object& v, const std::string& key) const {
  switch (v.type) {
    case msgpack::type::BOOLEAN: return v.via.boolean;
    case msgpack::type::POSITIVE_INTEGER:
      if (v.via.u64 > static_cast<std::uint64_t>(INT64_MAX)) invalid(key, "integer out of range");
      return static_cast<std::int64_t>(v.via.u64);
    case msgpack::type::NEGATIVE_INTEGER: return v.via.i64;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return v.via.f64;
    case msgpack::type::STR: return string_of(v, key, limits_.string);
    default: invalid(key, std::string("expected a scalar, got ") + type_name(v));
  }
}

std::vector<msgpack::object> body_reader::list(std::string_view key) const { return list_of(require(key), key); }

std::vector<msgpack::object> body_reader::list_of(const msgpack::object& o, std::string_view key) const {
  if (o.type != msgpack::type::ARRAY) invalid(key, std::string("expected a list, got ") + type_name(o));
  if (o.via.array.size > limits_.entries)
    refuse(errc::too_large,
           label_ + "." + std::string(key) + ": more than " + std::to_string(limits_.entries) + " entries");
  return std::vector<msgpack::object>(o.via.array.ptr, o.via.array.ptr + o.via.array.size);
}

const msgpack::object_map& body_reader::map(std::string_view key) const { return map_of(require(key), key); }

const msgpack::object_map& body_reader::map_of(const msgpack::object& o, std::string_view key) const {
  if (o.type != msgpack::type::MAP) invalid(key, std::string("expected a map, got ") + type_name(o));
  if (o.via.map.size > limits_.entries)
    refuse(errc::too_large,
           label_ + "." + std::string(key) + ": more than " + std::to_string(limits_.entries) + " entries");
  return o.via.map;
}

params body_reader::parameters(std::string_view key) const { return parameters_of(require(key), key); }

params body_reader::parameters_of(const msgpack::object& o, std::string_view key) const {
  params out;
  const auto& m = map_of(o, key);
  for (std::uint32_t i = 0; i < m.size; ++i) {
    const std::string name = string_of(m.ptr[i].key, key, max_name);
    out[name] = value_of(m.ptr[i].val, std::string(key) + "." + name);
  }
  return out;
}

body_reader body_reader::nested(const msgpack::object& o, std::string_view key) const {
  return body_reader(o, label_ + "." + std::string(key), limits_);
}

}  // namespace summit::protocol::detail
