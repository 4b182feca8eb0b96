#pragma once
// Frames: a msgpack array [version, kind, body], body a map from field names
// to values (README.md has every field). decode() checks every length, type
// and range before use and returns an error value for anything malformed; it
// never throws and never reads past the buffer.

#include <string>
#include <string_view>

#include "model/core/expected.hpp"
#include "protocol/messages.hpp"

namespace summit::protocol {

std::string encode(const message& m);

/// How much a decoder accepts. The defaults guard every socket a stranger
/// can reach; a command-line client reading its coordinator's answer (the
/// results of a large study) raises them (for_answers()).
struct decode_limits {
  std::size_t frame = max_frame_size;
  std::size_t string = max_string;
  std::size_t entries = max_entries;  ///< of any list or map
  std::size_t depth = 6;              ///< nesting of lists and maps, the frame's included

  static decode_limits for_answers();
};

/// The error's code is an errc. Unknown body fields are ignored, so a newer
/// peer of the same version may add optional fields.
expected<message> decode(std::string_view frame, const decode_limits& limits = {});

/// The error value decode() returns, for callers that build their own.
summit::error make_error(errc code, std::string text);

}  // namespace summit::protocol
