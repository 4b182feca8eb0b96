#include "nodes/failure.hpp"

#include <cstdio>

#include "nodes/printable.hpp"

namespace summit::nodes {

int fail(const char* who, const std::string& message, int exit_code) {
  std::fprintf(stderr, "%s: %s\n", who, printable(message).c_str());
  return exit_code;
}

}  // namespace summit::nodes
