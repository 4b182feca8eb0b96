// libFuzzer target: any bytes given to the protocol decoder. It must never
// crash, hang or allocate what the frame does not hold; and a frame it
// accepts must encode again to a frame that decodes to the same message.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace summit::protocol;
  const auto m = decode(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!m) return 0;
  const std::string again = encode(*m);
  const auto back = decode(again);
  if (!back || encode(*back) != again) std::abort();  // the round trip must be exact
  return 0;
}
