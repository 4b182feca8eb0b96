#pragma once
// Files that hold a secret (a CURVE secret key, a job script with a trial's
// token) are created with their final mode, never through a symlink, and
// never left half written.

#include <string>
#include <sys/types.h>

#include "model/core/expected.hpp"

namespace summit::actors {

enum class if_exists { refuse, replace };

/// Creates `path` with `mode` (O_EXCL | O_NOFOLLOW: a file or symlink in its
/// place is refused, or with replace removed first) and writes `text`; on
/// failure nothing is left behind. The error names the path and the reason.
status write_new_file(const std::string& path, const std::string& text, mode_t mode, if_exists existing);

}  // namespace summit::actors
