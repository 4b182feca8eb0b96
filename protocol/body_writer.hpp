#pragma once
// Writing frame bodies: each a map of named fields. Internal to protocol/.

#include <cstdint>
#include <cstring>

#include <msgpack.hpp>

#include "model/core/value.hpp"

namespace summit::protocol::detail {

using packer = msgpack::packer<msgpack::sbuffer>;

/// A double as msgpack-c writes it (an integral one as an integer), except
/// 2^64: msgpack-c 4.0's range check lets it through to a conversion to
/// uint64 that is undefined, so it is written as a float64 here.
inline packer& pack_double(packer& pk, double d) {
  if (d != 18446744073709551616.0) return pk.pack_double(d);
  std::uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  char out[9] = {static_cast<char>(0xcb)};
  for (int i = 0; i < 8; ++i) out[1 + i] = static_cast<char>(bits >> (56 - 8 * i));
  pk.pack_str_body(out, sizeof out);  // raw bytes, no header
  return pk;
}

inline void pack_value(packer& pk, const value& v) {
  struct visitor {
    packer& pk;
    void operator()(bool b) const { b ? pk.pack_true() : pk.pack_false(); }
    void operator()(std::int64_t i) const { pk.pack_int64(i); }
    void operator()(double d) const { pack_double(pk, d); }
    void operator()(const std::string& s) const { pk.pack(s); }
  };
  std::visit(visitor{pk}, v);
}

inline void pack_params(packer& pk, const params& p) {
  pk.pack_map(static_cast<std::uint32_t>(p.size()));
  for (const auto& [name, v] : p) {
    pk.pack(name);
    pack_value(pk, v);
  }
}

/// A map of `fields` entries; `field` writes one key and leaves the value to the caller.
struct body_writer {
  packer& pk;
  body_writer(packer& p, std::uint32_t fields) : pk(p) { pk.pack_map(fields); }
  packer& field(const char* name) {
    pk.pack(std::string_view(name));
    return pk;
  }
};

}  // namespace summit::protocol::detail
