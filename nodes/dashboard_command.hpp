#pragma once
// `summit dashboard --data DIR [--port P] [--host H]`: the dashboard of a
// data directory, read-only, with no coordinator running (SHERPA's
// load_dashboard). Every request reads the log afresh (nodes/data_reads.hpp),
// so a study that `summit run` is writing shows its progress; stopping a
// trial is refused, as nothing here runs one.

#include <string>

namespace summit::nodes {

struct dashboard_options {
  std::string data_dir;
  int port = 8880;
  std::string host = "127.0.0.1";
};

/// Serves until SIGINT or SIGTERM; the exit code.
int serve_dashboard(const dashboard_options& o);

}  // namespace summit::nodes
