// libFuzzer target: any bytes from a peer given to the ZMTP reader that a
// worker's and a coordinator's socket use. It must never crash, hang or
// allocate past a frame's limit; what it reads must respect the limits;
// once broken it stays broken. The first byte picks how the bytes arrive
// (chunk size) and whether a valid handshake goes first, so that the
// fuzzer reaches the message stage as well as the greeting.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "actors/transport/zmtp_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace summit::actors;
  if (size == 0) return 0;
  constexpr std::size_t max_frame = 4096, max_parts = 16;
  const bool handshake_first = data[0] & 1;
  const std::size_t chunk = 1 + (data[0] >> 1);
  std::string wire = handshake_first ? zmtp::handshake("DEALER") : std::string();
  wire.append(reinterpret_cast<const char*>(data) + 1, size - 1);
  zmtp_reader reader(max_frame, max_parts);
  for (std::size_t at = 0; at < wire.size(); at += chunk) {
    reader.feed(wire.data() + at, std::min(chunk, wire.size() - at));
    for (;;) {
      auto event = reader.next();
      if (std::holds_alternative<zmtp::need_more>(event)) break;
      if (std::holds_alternative<zmtp::broken>(event)) {
        reader.feed("x", 1);
        if (!std::holds_alternative<zmtp::broken>(reader.next())) std::abort();
        return 0;
      }
      if (auto* m = std::get_if<zmtp::message>(&event)) {
        if (m->empty() || m->size() > max_parts) std::abort();
        for (const auto& part : *m)
          if (part.size() > max_frame) std::abort();
      }
    }
  }
  return 0;
}
