#pragma once
// The one-line error a command ends with.

#include <string>

namespace summit::nodes {

/// Prints "WHO: message" on stderr and returns exit_code, for
/// `return fail("summit slurm", "...", 2);`.
int fail(const char* who, const std::string& message, int exit_code = 1);

}  // namespace summit::nodes
