#include "nodes/worker_command.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "actors/atoms.hpp"
#include "actors/coordinator_link.hpp"
#include "actors/transport/observation_relay.hpp"
#include "actors/execution/capture.hpp"
#include "actors/execution/sge_scheduler.hpp"
#include "actors/execution/slurm_scheduler.hpp"
#include "actors/transport/trial_token.hpp"
#include "actors/worker_node.hpp"
#include "nodes/actor_config.hpp"
#include "nodes/daemon.hpp"
#include "nodes/paths.hpp"
#include "nodes/batch_env.hpp"

namespace summit::nodes {

namespace {

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || !*name) return "worker";
  return name;
}

}  // namespace

int run_worker(const worker_options& o) {
  catch_stop_signals();
  // Inside a SLURM or Grid Engine job the job gives the defaults: one name
  // per job and task, its CPUs or slots as slots, its GPUs as resources.
  const auto job = batch_allocation_from_environment();
  std::string name = o.name.empty() ? host_name() : o.name;
  if (o.name.empty() && job) name += "-job" + job->job_id + (job->task_id.empty() ? "" : "." + job->task_id);
  auto resources = o.resources;
  if (resources.empty() && job) resources = job->gpus;
  std::uint32_t slots = o.slots ? o.slots
                        : job && job->cpus ? job->cpus
                                           : std::max(1u, std::thread::hardware_concurrency());
  if (!resources.empty() && resources.size() < slots) slots = static_cast<std::uint32_t>(resources.size());
  // One routing id per process: the coordinator knows this worker again
  // after either side reconnects, and tells it apart from a restarted one.
  const std::string routing_id = "worker/" + name + "/" + std::to_string(getpid()) + "/" +
                                 std::to_string(std::random_device{}());
  auto keys = load_client_keys(o.keys);
  if (!keys) {
    log_line("summit worker: " + keys.error().message);
    return 1;
  }
  actors::connect_options security;
  security.curve = *keys;
  security.in_bridge_thread = true;  // without keys
  // Refused before it ever got in, the worker is misconfigured: say why and
  // leave. Refused later (the coordinator came back with other keys), it
  // keeps its trials and tries again, so fixing the keys is enough.
  security.on_refused = [join = o.join](const std::string& reason, bool accepted_before) {
    log_line("summit worker: " + join + ": " + reason);
    if (!accepted_before) request_stop(1);
  };
  auto uplink = actors::socket_bridge::connect(o.join, routing_id, std::move(security));
  // Trials that a batch scheduler runs on other nodes must reach this
  // worker's socket.
  const bool as_jobs = o.executor != "local";
  const std::string submitter = o.executor == "sge" ? "qsub" : "sbatch";
  if (as_jobs && !actors::on_path(submitter)) {
    log_line("summit worker: --executor " + o.executor + ", but " +
             (o.executor == "sge" ? "Grid Engine" : "SLURM") + " is not installed here (" + submitter +
             " is not on PATH)");
    return 1;
  }
  // Beyond loopback a node with keys encrypts its trials' traffic as well
  // (any client key: each request's token says whose trial it is).
  actors::listen_options trial_security;
  trial_security.in_bridge_thread = true;  // unless encrypted
  trial_security.batches = true;
  const bool encrypt_trials = as_jobs && keys->has_value();
  if (encrypt_trials) trial_security.curve = actors::curve_server{(*keys)->own, ""};
  auto trials =
      actors::socket_bridge::bind(as_jobs ? "tcp://0.0.0.0:*" : actors::new_trial_socket_address(),
                                  std::move(trial_security));
  if (!uplink || !trials) {
    log_line("summit worker: " + (!uplink ? uplink.error() : trials.error()).message);
    return 1;
  }
  caf::actor_system_config cfg;
  caf::actor_system sys{configure(cfg)};
  // Observations cross from the trials' socket thread to the link's and
  // back without an actor (observation_relay.hpp).
  auto passes = std::make_shared<actors::trial_passes>(log_line);
  // Weak: each bridge holds the relay (as its filter).
  const auto post_to = [](const std::shared_ptr<actors::socket_bridge>& bridge) {
    return [weak = std::weak_ptr<actors::socket_bridge>(bridge)](std::vector<std::string> envelope, std::string frame) {
      if (auto b = weak.lock()) b->post(std::move(envelope), std::move(frame));
    };
  };
  auto relay = std::make_shared<actors::observation_relay>(passes, post_to(*trials), post_to(*uplink));
  actors::link_config link_cfg;
  link_cfg.bridge = *uplink;
  link_cfg.relay = relay;
  link_cfg.log = log_line;
  auto link = actors::spawn_coordinator_link(sys, link_cfg);

  actors::worker_config worker;
  worker.name = name;
  worker.slots = slots;
  worker.resources = resources;
  worker.log_dir = std::filesystem::absolute(o.logs_dir).string();
  worker.kill_grace = o.kill_grace;
  worker.context.python_client_dir = python_client_dir();
  worker.context.summit_bin_dir = executable_dir();
  if (encrypt_trials) worker.context.worker_key = (*keys)->own.public_key;
  worker.bridge = *trials;
  worker.coordinator = link;
  worker.passes = passes;
  worker.log = log_line;
  if (as_jobs) {
    worker.scheduler = o.executor == "sge" ? actors::make_sge_scheduler(o.qsub_args)
                                           : actors::make_slurm_scheduler(o.sbatch_args);
    const auto port = (*trials)->endpoint().substr((*trials)->endpoint().rfind(':'));
    worker.trial_endpoint = "tcp://" + (o.trial_host.empty() ? host_name() : o.trial_host) + port;
  }
  if (o.idle_exit.count() > 0) {
    worker.idle_exit = o.idle_exit;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(o.idle_exit.count()) / 1000);
    worker.on_idle = [seconds = std::string(seconds)] {
      log_line("no trial for " + seconds + " s: leaving (--idle-exit)");
      request_stop(0);
    };
  }
  auto node = actors::spawn_worker_node(sys, worker);
  (*trials)->run_together(
      node, [relay](std::vector<actors::bridge_request>& ready) { relay->from_trials(ready); }, *uplink, link,
      [relay](std::vector<actors::bridge_request>& ready) { relay->from_coordinator(ready); });
  log_line("worker " + name + " with " + std::to_string(slots) + " slots joining " + o.join +
           "; trial logs in " + worker.log_dir +
           (as_jobs ? "; trials run as " + worker.scheduler->name() + " jobs reaching " + worker.trial_endpoint : ""));
  wait_for_stop();
  log_line("worker " + name + " stopping its trials");
  {
    caf::scoped_actor self{sys};
    self->request(node, o.kill_grace + std::chrono::seconds(5), actors::shutdown_atom::value)
        .receive([](bool) {}, [](caf::error&) {});
    (*trials)->stop();
    (*uplink)->stop();
    for (const auto& a : {node, link}) self->send_exit(a, caf::exit_reason::user_shutdown);
  }
  sys.await_all_actors_done();
  return stop_exit_code();
}

}  // namespace summit::nodes
