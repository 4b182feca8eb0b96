#include "nodes/coordinator_command.hpp"

#include <filesystem>
#include <thread>

#include "actors/coordinator.hpp"
#include "actors/node_gateway.hpp"
#include "actors/storage_actor.hpp"
#include "actors/study_reader.hpp"
#include "dashboard/server.hpp"
#include "nodes/actor_config.hpp"
#include "nodes/daemon.hpp"
#include "nodes/keys.hpp"
#include "storage/load.hpp"

namespace summit::nodes {

int run_coordinator(const coordinator_options& o) {
  catch_stop_signals();
  auto log = storage::store::open(o.data_dir, storage::store::mode::read_write);
  if (!log) {
    log_line("summit coordinator: " + log.error().message);
    return 1;
  }
  model::registry reg;
  if (auto failed = storage::load(**log, reg)) {
    log_line("summit coordinator: " + failed->message);
    return 1;
  }
  actors::listen_options security;
  security.max_frames_per_second = o.max_frame_rate;
  security.in_bridge_thread = true;  // without --keys
  security.log = [](const std::string& line) { log_line("security: " + line); };
  if (!o.keys_dir.empty()) {
    auto keys = load_server_keys(o.keys_dir);
    if (!keys) {
      log_line("summit coordinator: " + keys.error().message);
      return 1;
    }
    security.curve = std::move(*keys);
  } else if (actors::reachable_from_other_hosts(o.listen)) {
    log_line("WARNING: listening on " + o.listen + " without --keys: anyone who can reach this port can "
             "submit studies, and studies run commands on your workers. Make keys with `summit keygen` "
             "and start the coordinator with --keys DIR (README: Securing a cluster).");
  }
  const bool curve = security.curve.has_value();
  auto bridge = actors::socket_bridge::bind(o.listen, std::move(security));
  if (!bridge) {
    log_line("summit coordinator: " + bridge.error().message);
    return 1;
  }
  const auto studies = reg.studies().size();
  caf::actor_system_config cfg;
  caf::actor_system sys{configure(cfg)};
  std::shared_ptr<storage::store> shared_log(std::move(*log));
  auto storage = actors::spawn_storage(sys, shared_log);
  auto reader = actors::spawn_study_reader(sys, shared_log);
  actors::coordinator_options coordination;
  coordination.reader = reader;
  coordination.interrupt_orphans = false;  // their workers may run them still
  coordination.resume_all = true;
  coordination.claim_grace = o.claim_grace;
  coordination.checkpoint_dir = (std::filesystem::absolute(o.data_dir) / "checkpoints").string();
  coordination.warn = [](const std::string& w) { log_line("warning: " + w); };
  coordination.log = log_line;
  auto coordinator = actors::spawn_coordinator(sys, std::move(reg), storage, coordination);
  auto gateway = actors::spawn_node_gateway(
      sys, actors::gateway_config{coordinator, reader, *bridge, o.heartbeat, o.timeout, log_line});
  (*bridge)->run(gateway);
  std::unique_ptr<dashboard::server> board;
  if (o.dashboard_port >= 0) {
    auto started = dashboard::server::start(o.dashboard_host, o.dashboard_port,
                                            [&sys, coordinator](const model::study_command& c) {
                                              return actors::ask_study(sys, coordinator, c);
                                            });
    if (!started) {
      log_line("summit coordinator: " + started.error().message);
      request_stop(1);
    } else {
      board = std::move(*started);
      log_line("dashboard at " + board->url());
      if (const auto warning = board->exposure_warning(); !warning.empty()) log_line(warning);
    }
  }
  log_line("coordinator listening on " + (*bridge)->endpoint() + (curve ? " with CURVE keys from " + o.keys_dir : "") +
           ", data in " + o.data_dir + " (" + std::to_string(studies) + " studies)");
  wait_for_stop();
  log_line("coordinator stopping; workers keep their trials running and will come back");
  board.reset();
  (*bridge)->stop();
  {
    caf::scoped_actor self{sys};
    for (const auto& a : {gateway, coordinator, storage}) self->send_exit(a, caf::exit_reason::user_shutdown);
  }
  sys.await_all_actors_done();
  return stop_exit_code();
}

}  // namespace summit::nodes
