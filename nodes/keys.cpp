#include "nodes/keys.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace summit::nodes {

namespace {

std::string or_environment(const std::string& value, const char* variable) {
  if (!value.empty()) return value;
  const char* env = std::getenv(variable);
  return env ? env : "";
}

}  // namespace

expected<std::optional<actors::curve_client>> load_client_keys(const client_keys& keys) {
  const auto own_file = or_environment(keys.key_file, "SUMMIT_KEY");
  const auto server_file = or_environment(keys.coordinator_key, "SUMMIT_COORDINATOR_KEY");
  if (own_file.empty() && server_file.empty()) return std::optional<actors::curve_client>{};
  if (own_file.empty() || server_file.empty())
    return make_error(own_file.empty() ? "--coordinator-key needs --key too (this client's NAME.key_secret)"
                                       : "--key needs --coordinator-key too (the coordinator's coordinator.key)");
  auto own = actors::read_secret_key_file(own_file);
  if (!own) return own.error();
  auto server = actors::read_public_key_file(server_file);
  if (!server) return server.error();
  return std::optional<actors::curve_client>{actors::curve_client{*own, *server, own_file}};
}

expected<actors::curve_server> load_server_keys(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return make_error("--keys " + dir + ": not a directory");
  const auto secret = actors::coordinator_secret_file(dir);
  if (!std::filesystem::exists(secret, ec))
    return make_error("--keys " + dir + ": no coordinator.key_secret; make one with `summit keygen coordinator --dir " +
                      dir + "`");
  auto own = actors::read_secret_key_file(secret);
  if (!own) return own.error();
  return actors::curve_server{*own, dir};
}

int keygen(const std::string& name, const std::string& dir) {
  auto written = actors::write_key_files(dir, name);
  if (!written) {
    std::fprintf(stderr, "summit: %s\n", written.error().message.c_str());
    return 1;
  }
  const auto secret = *written + "_secret";
  if (name == "coordinator") {
    std::printf("public key: %s  (give it to every worker and client: --coordinator-key)\n", written->c_str());
    std::printf("secret key: %s  (start the coordinator with --keys %s)\n", secret.c_str(), dir.c_str());
  } else {
    std::printf("public key: %s  (copy it into the coordinator's --keys directory)\n", written->c_str());
    std::printf("secret key: %s  (keep it here; pass it as --key)\n", secret.c_str());
  }
  return 0;
}

}  // namespace summit::nodes
