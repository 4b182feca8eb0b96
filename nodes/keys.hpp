#pragma once
// `summit keygen NAME [--dir DIR]`, and the key options every client of the
// coordinator shares: --key FILE (its own NAME.key_secret, default
// $SUMMIT_KEY) and --coordinator-key FILE (the coordinator's public
// coordinator.key, default $SUMMIT_COORDINATOR_KEY). Both or neither.

#include <optional>
#include <string>

#include "actors/transport/socket_security.hpp"
#include "model/core/expected.hpp"

namespace summit::nodes {

struct client_keys {
  std::string key_file;          ///< empty: $SUMMIT_KEY
  std::string coordinator_key;   ///< empty: $SUMMIT_COORDINATOR_KEY
};

/// No keys (plain connection), CURVE keys read from both files, or an error
/// naming the file or the missing half.
expected<std::optional<actors::curve_client>> load_client_keys(const client_keys& keys);

/// The coordinator's side of --keys DIR.
expected<actors::curve_server> load_server_keys(const std::string& dir);

/// Writes the pair and says where; the exit code.
int keygen(const std::string& name, const std::string& dir);

}  // namespace summit::nodes
