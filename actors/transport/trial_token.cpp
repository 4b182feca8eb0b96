#include "actors/transport/trial_token.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace summit::actors {

std::string random_hex(std::size_t size) {
  std::vector<unsigned char> bytes(size);
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const auto n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    // Without a random source there is no secret worth handing out.
    if (n < 0) throw std::runtime_error("getrandom failed: no random bytes for a secret or a name");
    filled += static_cast<std::size_t>(n);
  }
  static const char* digits = "0123456789abcdef";
  std::string token;
  for (unsigned char b : bytes) {
    token += digits[b >> 4];
    token += digits[b & 15];
  }
  return token;
}

std::string new_trial_token() { return random_hex(16); }

std::string new_trial_socket_address() { return "ipc://@summit-trials-" + random_hex(8); }

bool same_token(std::string_view given, std::string_view expected) {
  if (given.size() != expected.size() || expected.empty()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < expected.size(); ++i)
    difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return difference == 0;
}

}  // namespace summit::actors
