// The `summit` command (PRODUCT.md §1), as the binary summit-core: the
// `summit` that users start is nodes/light_main.cpp, which runs a trial's
// `summit report` itself and becomes this for everything else.

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "nodes/coordinator_command.hpp"
#include "nodes/dashboard_command.hpp"
#include "nodes/keys.hpp"
#include "nodes/parse_command_line.hpp"
#include "nodes/repair_command.hpp"
#include "nodes/report_command.hpp"
#include "nodes/run_command.hpp"
#include "nodes/sge_command.hpp"
#include "nodes/slurm_command.hpp"
#include "nodes/study_commands.hpp"
#include "nodes/worker_command.hpp"

using namespace summit::nodes;

namespace {

void add_key_options(CLI::App* sub, client_keys& keys) {
  sub->add_option("--key", keys.key_file, "This client's secret key file, NAME.key_secret (default: $SUMMIT_KEY)");
  sub->add_option("--coordinator-key", keys.coordinator_key,
                  "The coordinator's public key file, coordinator.key (default: $SUMMIT_COORDINATOR_KEY)");
}

/// Adds `summit study NAME`, whose options fill q and whose callback runs it.
CLI::App* add_study_command(CLI::App& study, const std::string& name, const std::string& help,
                            study_query& q, int& exit_code) {
  auto* sub = study.add_subcommand(name, help);
  sub->add_option("--coordinator", q.coordinator,
                  "Coordinator address (default: $SUMMIT_COORDINATOR, else tcp://127.0.0.1:7700)");
  sub->add_option_function<double>(
         "--timeout", [&q](double s) { q.timeout = std::chrono::milliseconds(static_cast<long long>(s * 1000)); },
         "Seconds to wait for the coordinator (default 5)")
      ->check(CLI::Range(0.1, 3600.0));
  add_key_options(sub, q.keys);
  sub->callback([&q, &exit_code, name] {
    q.command = name;
    exit_code = study_command(q);
  });
  return sub;
}

void add_dashboard_options(CLI::App* sub, int& port, std::string& host) {
  sub->add_option("--dashboard-port", port, "Serve the dashboard on this port (0: any free port)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--dashboard-host", host, "Address the dashboard binds to")->capture_default_str();
}

/// A study id: a positive integer (CLI11 alone would take -1 as 2^64 - 1).
void add_id(CLI::App* sub, study_query& q) {
  sub->add_option("id", q.id, "Study id")->required()->check(CLI::Range(std::uint64_t{1}, std::uint64_t{INT64_MAX}));
}

void add_reader_options(CLI::App* sub, study_query& q) {
  sub->add_option("--data", q.data_dir, "Read this data directory directly instead of asking a coordinator");
  sub->add_flag("--json", q.json, "Machine-readable output");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Summit: distributed hyperparameter optimization"};
  app.require_subcommand(1);
  int exit_code = 0;

  run_options run;
  double kill_grace_s = 10;
  auto* run_cmd = app.add_subcommand("run", "Run a study to the end in this process (resumes it on the same --data)");
  run_cmd->add_option("study", run.study_file, "Study file (YAML or JSON)")->required();
  run_cmd->add_option("--data", run.data_dir, "Data directory")->capture_default_str();
  run_cmd->add_option("--workers", run.workers, "Trials at once (default: number of cores)")
      ->check(CLI::Range(1u, 4096u));
  run_cmd->add_option("--kill-grace", kill_grace_s, "Seconds between SIGTERM and SIGKILL for a stopped trial")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  add_dashboard_options(run_cmd, run.dashboard_port, run.dashboard_host);
  run_cmd->callback([&] {
    run.kill_grace = std::chrono::milliseconds(static_cast<long long>(kill_grace_s * 1000));
    exit_code = run_study(run);
  });

  coordinator_options coord;
  double heartbeat_s = 1, timeout_s = 5, claim_s = 10;
  auto* coord_cmd = app.add_subcommand("coordinator", "Run the long-lived coordinator that workers join");
  coord_cmd->add_option("--data", coord.data_dir, "Data directory")->capture_default_str();
  coord_cmd->add_option("--listen", coord.listen,
                        "Address for workers and clients (e.g. tcp://*:7700 for other machines; use --keys then)")
      ->capture_default_str();
  coord_cmd->add_option("--keys", coord.keys_dir,
                        "CURVE: a directory with coordinator.key_secret and the *.key files of accepted clients");
  coord_cmd->add_option("--max-frame-rate", coord.max_frame_rate, "Frames a second one connection may send")
      ->capture_default_str()->check(CLI::Range(1.0, 1e9));
  coord_cmd->add_option("--heartbeat", heartbeat_s, "Seconds between heartbeats")->capture_default_str()
      ->check(CLI::Range(0.05, 60.0));
  coord_cmd->add_option("--timeout", timeout_s, "Seconds of silence after which a worker is lost")
      ->capture_default_str()->check(CLI::Range(0.2, 3600.0));
  coord_cmd->add_option("--claim-grace", claim_s,
                        "Seconds after a restart for workers to claim the trials they run")
      ->capture_default_str()->check(CLI::Range(0.0, 3600.0));
  add_dashboard_options(coord_cmd, coord.dashboard_port, coord.dashboard_host);
  coord_cmd->callback([&] {
    const auto ms = [](double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); };
    coord.heartbeat = ms(heartbeat_s);
    coord.timeout = ms(timeout_s);
    coord.claim_grace = ms(claim_s);
    exit_code = run_coordinator(coord);
  });

  worker_options work;
  double worker_grace_s = 10;
  auto* worker_cmd = app.add_subcommand("worker", "Run a worker node that joins a coordinator");
  worker_cmd->add_option("--join", work.join, "The coordinator's address")->capture_default_str();
  worker_cmd->add_option("--slots", work.slots, "Trials at once (default: the cores, or the resources)")
      ->check(CLI::Range(1u, 100000u));
  worker_cmd->add_option("--resources", work.resources, "One per trial slot, as SUMMIT_RESOURCE (e.g. gpu0,gpu1)")
      ->delimiter(',');
  worker_cmd->add_option("--name", work.name, "Worker name (default: the host name)");
  worker_cmd->add_option("--logs", work.logs_dir, "Directory for trial logs")->capture_default_str();
  worker_cmd->add_option("--kill-grace", worker_grace_s, "Seconds between SIGTERM and SIGKILL for a stopped trial")
      ->capture_default_str()->check(CLI::Range(0.0, 3600.0));
  add_key_options(worker_cmd, work.keys);
  double idle_exit_s = 0;
  worker_cmd->add_option("--idle-exit", idle_exit_s, "Leave after this many seconds without a trial (0: never)")
      ->check(CLI::Range(0.0, 1e7));
  worker_cmd->add_option("--executor", work.executor,
                         "local, or slurm / sge: every trial its own SLURM / Grid Engine job")
      ->capture_default_str()->check(CLI::IsMember({"local", "slurm", "sge"}));
  worker_cmd->add_option("--sbatch-arg", work.sbatch_args, "With --executor slurm: passed to sbatch (repeatable)")
      ->allow_extra_args(false);
  worker_cmd->add_option("--qsub-arg", work.qsub_args, "With --executor sge: passed to qsub (repeatable)")
      ->allow_extra_args(false);
  worker_cmd->add_option("--trial-host", work.trial_host,
                         "With --executor slurm or sge: this machine's name as compute nodes reach it "
                         "(default: host name)");
  worker_cmd->callback([&] {
    work.idle_exit = std::chrono::milliseconds(static_cast<long long>(idle_exit_s * 1000));
    work.kill_grace = std::chrono::milliseconds(static_cast<long long>(worker_grace_s * 1000));
    exit_code = run_worker(work);
  });

  study_query q;
  auto* study = app.add_subcommand("study", "Submit, inspect and control studies");
  study->require_subcommand(1);
  add_study_command(*study, "submit", "Submit a study file; prints the new study's id last", q, exit_code)
      ->add_option("study", q.study_file, "Study file (YAML or JSON)")
      ->required();
  auto* list = add_study_command(*study, "list", "Studies with their state", q, exit_code);
  add_reader_options(list, q);
  list->add_flag("--all", q.all, "Include archived studies");
  auto* show = add_study_command(*study, "show", "One study with its trials", q, exit_code);
  add_reader_options(show, q);
  add_id(show, q);
  auto* best = add_study_command(*study, "best", "A study's best trial", q, exit_code);
  add_reader_options(best, q);
  add_id(best, q);
  auto* metrics = add_study_command(*study, "metrics", "A metric's series per trial and iteration", q, exit_code);
  add_reader_options(metrics, q);
  add_id(metrics, q);
  metrics->add_option("name", q.metric, "Metric (default: the objective)");
  auto* importance = add_study_command(*study, "importance", "Which parameters mattered (PED-ANOVA)", q, exit_code);
  add_reader_options(importance, q);
  add_id(importance, q);
  importance->add_option("--quantile", q.quantile, "The best trials compared with all: this share of them")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 1.0));
  auto* exp = add_study_command(*study, "export", "The results table", q, exit_code);
  exp->add_option("--data", q.data_dir, "Read this data directory directly instead of asking a coordinator");
  add_id(exp, q);
  exp->add_option("--format", q.format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  exp->add_option("--output,-o", q.output, "Write to this file instead of stdout");
  exp->add_option("--page-values", q.page_values, "About this many values per answer: the table streams in pages of whole trials")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{INT64_MAX}));
  for (const auto& [name, help] : {std::pair<std::string, std::string>{"stop", "No new trials; running ones finish"},
                                   {"kill", "No new trials; running trials are stopped now"},
                                   {"archive", "Hide from `study list` (data kept)"}})
    add_id(add_study_command(*study, name, help, q, exit_code), q);

  slurm_options slurm;
  auto* slurm_cmd = app.add_subcommand("slurm", "Worker nodes as SLURM jobs");
  slurm_cmd->require_subcommand(1);
  auto* slurm_workers = slurm_cmd->add_subcommand("workers", "Submit a job that runs Summit workers; prints its id");
  slurm_workers->add_option("--join", slurm.join, "The coordinator's address, as the compute nodes reach it")->required();
  slurm_workers->add_option("--nodes", slurm.nodes, "Nodes (one worker each by default)")
      ->capture_default_str()->check(CLI::Range(1u, 100000u));
  slurm_workers->add_option("--workers-per-node", slurm.workers_per_node, "Workers on each node")
      ->capture_default_str()->check(CLI::Range(1u, 1024u));
  slurm_workers->add_option("--slots", slurm.slots, "Trials at once per worker (also its --cpus-per-task)")
      ->capture_default_str()->check(CLI::Range(1u, 100000u));
  slurm_workers->add_option("--gres", slurm.gres, "Generic resources per node, e.g. gpu:2");
  slurm_workers->add_option("--partition", slurm.partition, "SLURM partition");
  slurm_workers->add_option("--time", slurm.time, "Time limit, e.g. 08:00:00");
  slurm_workers->add_option("--sbatch-arg", slurm.sbatch_args, "Passed to sbatch as it is (repeatable)")
      ->allow_extra_args(false);
  slurm_workers->add_option("--idle-exit", slurm.idle_exit,
                            "Workers leave after this many seconds without a trial, freeing the allocation")
      ->check(CLI::Range(0.0, 1e7));
  add_key_options(slurm_workers, slurm.keys);
  auto* slurm_status = slurm_cmd->add_subcommand("status", "The worker jobs submitted from --dir, with their state");
  auto* slurm_cancel = slurm_cmd->add_subcommand("cancel", "Cancel worker jobs (default: all submitted from --dir)");
  slurm_cancel->add_option("jobs", slurm.jobs, "SLURM job ids");
  for (auto* sub : {slurm_workers, slurm_status, slurm_cancel}) {
    sub->add_option("--dir", slurm.dir, "Job scripts, job ids and worker logs")->capture_default_str();
    sub->callback([&, sub] {
      slurm.command = sub->get_name();
      exit_code = slurm_command(slurm);
    });
  }

  sge_options sge;
  auto* sge_cmd = app.add_subcommand("sge", "Worker nodes as Grid Engine jobs");
  sge_cmd->require_subcommand(1);
  auto* sge_workers = sge_cmd->add_subcommand("workers", "Submit an array job that runs Summit workers; prints its id");
  sge_workers->add_option("--join", sge.join, "The coordinator's address, as the execution hosts reach it")->required();
  sge_workers->add_option("--jobs", sge.jobs, "Workers: tasks of one array job")
      ->capture_default_str()->check(CLI::Range(1u, 100000u));
  sge_workers->add_option("--slots", sge.slots, "Trials at once per worker (with --pe, the slots asked of it)")
      ->capture_default_str()->check(CLI::Range(1u, 100000u));
  sge_workers->add_option("--queue", sge.queue, "Grid Engine queue, e.g. all.q");
  sge_workers->add_option("--pe", sge.pe, "Parallel environment that grants each worker its --slots, e.g. smp");
  sge_workers->add_option("--resources", sge.resources, "Resources per worker, as qsub -l: h_rt=08:00:00,gpu=2");
  sge_workers->add_option("--qsub-arg", sge.qsub_args, "Passed to qsub as it is (repeatable)")->allow_extra_args(false);
  sge_workers->add_option("--idle-exit", sge.idle_exit,
                          "Workers leave after this many seconds without a trial, freeing their slots")
      ->check(CLI::Range(0.0, 1e7));
  add_key_options(sge_workers, sge.keys);
  auto* sge_status = sge_cmd->add_subcommand("status", "The worker jobs submitted from --dir, with their state");
  auto* sge_cancel = sge_cmd->add_subcommand("cancel", "Delete worker jobs (default: all submitted from --dir)");
  sge_cancel->add_option("jobs", sge.job_ids, "Grid Engine job ids");
  for (auto* sub : {sge_workers, sge_status, sge_cancel}) {
    sub->add_option("--dir", sge.dir, "Job scripts, job ids and worker logs")->capture_default_str();
    sub->callback([&, sub] {
      sge.command = sub->get_name();
      exit_code = sge_command(sge);
    });
  }

  std::string key_name, key_dir = ".";
  auto* keygen_cmd = app.add_subcommand("keygen", "Make a CURVE key pair: NAME.key (public) and NAME.key_secret");
  keygen_cmd->add_option("name", key_name, "Key name: coordinator for the coordinator's, else e.g. the worker's")
      ->required();
  keygen_cmd->add_option("--dir", key_dir, "Directory to write them in")->capture_default_str();
  keygen_cmd->callback([&] { exit_code = keygen(key_name, key_dir); });

  dashboard_options board;
  auto* dashboard_cmd =
      app.add_subcommand("dashboard", "Serve the dashboard of a data directory, read-only, without a coordinator");
  dashboard_cmd->add_option("--data", board.data_dir, "Data directory")->required();
  dashboard_cmd->add_option("--port", board.port, "Port (0: any free port)")->capture_default_str()
      ->check(CLI::Range(0, 65535));
  dashboard_cmd->add_option("--host", board.host, "Address to bind to")->capture_default_str();
  dashboard_cmd->callback([&] { exit_code = serve_dashboard(board); });

  std::string damaged_dir, repair_into;
  auto* repair_cmd = app.add_subcommand(
      "repair", "Salvage what is intact of a damaged data directory into a new one, and say what was lost");
  repair_cmd->add_option("--data", damaged_dir, "The damaged data directory (left unchanged)")->required();
  repair_cmd->add_option("--into", repair_into, "A new directory for the salvage (default: DIR.repaired)");
  repair_cmd->callback([&] { exit_code = repair(damaged_dir, repair_into); });

  report_options rep;
  add_report_command(app, rep, exit_code);

  const auto known = app.get_subcommands([](const CLI::App*) { return true; });
  if (argc > 1 && argv[1][0] != '-' &&
      std::none_of(known.begin(), known.end(), [&](const CLI::App* c) { return c->get_name() == argv[1]; })) {
    std::fprintf(stderr, "summit: unknown command '%s' (see summit --help)\n", argv[1]);
    return 2;
  }
  return parse_and_run(app, argc, argv, exit_code);
}
