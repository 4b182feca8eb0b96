#include "nodes/dashboard_command.hpp"

#include "dashboard/server.hpp"
#include "nodes/daemon.hpp"
#include "nodes/data_reads.hpp"
#include "nodes/failure.hpp"
#include "storage/store.hpp"

namespace summit::nodes {

int serve_dashboard(const dashboard_options& o) {
  catch_stop_signals();
  // A directory without data (or a damaged one) is refused now, not on the first page view.
  if (auto log = storage::store::open(o.data_dir, storage::store::mode::read_only); !log)
    return fail("summit dashboard", log.error().message);
  auto board = dashboard::server::start(o.host, o.port, [dir = o.data_dir](const model::study_command& c) {
    return read_data_dir(dir, c);
  });
  if (!board) return fail("summit dashboard", board.error().message);
  log_line("dashboard of " + o.data_dir + " at " + (*board)->url() + " (read-only; Ctrl-C to stop)");
  if (const auto warning = (*board)->exposure_warning(); !warning.empty()) log_line(warning);
  wait_for_stop();
  return 0;
}

}  // namespace summit::nodes
