#pragma once
// Frames: a msgpack array [version, kind, body], body a map from field names
// to values (README.md has every field). decode() checks every length, type
// and range before use and returns an error value for anything malformed; it
// never throws and never reads past the buffer.

#include <string>
#include <string_view>

#include "algorithms/core/expected.hpp"
#include "protocol/messages.hpp"

namespace summit::protocol {

std::string encode(const message& m);

/// The error's code is an errc. Unknown body fields are ignored, so a newer
/// peer of the same version may add optional fields.
expected<message> decode(std::string_view frame);

/// The error value decode() returns, for callers that build their own.
summit::error make_error(errc code, std::string text);

}  // namespace summit::protocol
