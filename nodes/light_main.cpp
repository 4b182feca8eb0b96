// The `summit` command as users start it. A trial's `summit report` runs in
// this process, which loads libc and libstdc++ only: in the full binary the
// static set-up of RocksDB, libzmq and CAF cost 6 ms of CPU per call, and
// trials that end together queued behind each other's reports
// (bench/overhead). Every other command, and a report that needs libzmq
// (SUMMIT_WORKER_KEY, an endpoint other than tcp:// and ipc://), runs in
// summit-core beside this binary, which this process becomes: same pid,
// same arguments.

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>

#include <CLI/CLI.hpp>
#include <summit/zmtp.hpp>

#include "nodes/parse_command_line.hpp"
#include "nodes/report_command.hpp"

namespace {

/// Whether this process can send the report itself: ZMTP without CURVE,
/// or no endpoint at all (outside a trial: the same error either way).
bool light_report(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) != "report") return false;
  const char* key = std::getenv("SUMMIT_WORKER_KEY");
  if (key && *key) return false;
  const char* endpoint = std::getenv("SUMMIT_ENDPOINT");
  if (!endpoint) return true;
  using summit::client::detail::zmtp_dealer;
  return zmtp_dealer::tcp_address(endpoint) || zmtp_dealer::ipc_path(endpoint);
}

}  // namespace

int main(int argc, char** argv) {
  if (light_report(argc, argv)) {
    CLI::App app{"Summit: distributed hyperparameter optimization"};
    app.require_subcommand(1);
    int exit_code = 0;
    summit::nodes::report_options options;
    summit::nodes::add_report_command(app, options, exit_code);
    return summit::nodes::parse_and_run(app, argc, argv, exit_code);
  }
  std::error_code ec;
  const auto core = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path() / "summit-core";
  execv(core.c_str(), argv);
  std::fprintf(stderr, "summit: cannot start %s: %s\n", core.c_str(), std::strerror(errno));
  return 127;
}
