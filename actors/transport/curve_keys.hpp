#pragma once
// CURVE key pairs and the files that hold them. The files are ZeroMQ's
// certificate format (what CZMQ's zcert and pyzmq's zmq.auth write), so keys
// made by other ZeroMQ tools work here and ours work there:
//
//   NAME.key          public certificate: `public-key = "<40 Z85 chars>"`
//   NAME.key_secret   secret certificate (mode 0600): public-key and secret-key
//
// A coordinator started with `--keys DIR` is DIR/coordinator.key_secret and
// accepts the clients whose public certificates are the other DIR/*.key files.

#include <set>
#include <string>

#include "model/core/expected.hpp"

namespace summit::actors {

struct key_pair {
  std::string public_key;  ///< 40 Z85 characters
  std::string secret_key;  ///< 40 Z85 characters
};

/// A fresh key pair from libsodium (through libzmq).
expected<key_pair> generate_key_pair();

/// Writes DIR/NAME.key and DIR/NAME.key_secret; refuses to overwrite either.
/// Returns the public certificate's path.
expected<std::string> write_key_files(const std::string& dir, const std::string& name);

/// The key pair in a secret certificate.
expected<key_pair> read_secret_key_file(const std::string& path);

/// The public key in a certificate (public or secret).
expected<std::string> read_public_key_file(const std::string& path);

/// The public keys of every DIR/*.key file but the coordinator's own. A file
/// that does not hold a key is skipped: one stray file must not lock every
/// worker out.
std::set<std::string> authorized_keys(const std::string& dir);

/// The secret certificate a coordinator's --keys DIR must hold.
std::string coordinator_secret_file(const std::string& dir);

}  // namespace summit::actors
