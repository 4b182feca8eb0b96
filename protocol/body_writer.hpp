#pragma once
// Writing frame bodies: each a map of named fields. Internal to protocol/.

#include <msgpack.hpp>

#include "model/core/value.hpp"

namespace summit::protocol::detail {

using packer = msgpack::packer<msgpack::sbuffer>;

inline void pack_value(packer& pk, const value& v) {
  struct visitor {
    packer& pk;
    void operator()(bool b) const { b ? pk.pack_true() : pk.pack_false(); }
    void operator()(std::int64_t i) const { pk.pack_int64(i); }
    void operator()(double d) const { pk.pack_double(d); }
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
