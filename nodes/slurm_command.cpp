#include "nodes/slurm_command.hpp"

#include <cstdio>
#include <map>
#include <sstream>

#include "actors/execution/capture.hpp"
#include "actors/execution/slurm_scheduler.hpp"
#include "nodes/failure.hpp"
#include "nodes/paths.hpp"
#include "nodes/worker_jobs.hpp"

namespace summit::nodes {

namespace {

int submit_workers(const slurm_options& o) {
  if (o.join.empty()) return fail("summit slurm", "workers needs --join, the coordinator's address", 2);
  const auto record = worker_jobs::at(o.dir, true);
  if (!record) return fail("summit slurm", record.error().message);
  slurm_options absolute = o;
  absolute.dir = record->dir();
  const auto submitted = record->submit(worker_job_script(absolute, executable_dir() + "/summit"),
                                        *actors::make_slurm_scheduler(o.sbatch_args), "sbatch");
  if (!submitted) return fail("summit slurm", submitted.error().message);
  std::printf("submitted %u worker%s as SLURM job %s (script %s, logs %s/workers-%s.out)\n",
              o.nodes * o.workers_per_node, o.nodes * o.workers_per_node == 1 ? "" : "s", submitted->job.c_str(),
              submitted->script.c_str(), record->dir().c_str(), submitted->job.c_str());
  return 0;
}

int show_status(const slurm_options& o) {
  const auto record = worker_jobs::at(o.dir, false);
  const auto jobs = record ? record->recorded() : std::vector<std::string>{};
  if (jobs.empty()) {
    std::printf("no worker jobs submitted from %s\n", o.dir.c_str());
    return 0;
  }
  const auto queue = actors::capture({"squeue", "-h", "-j", joined(jobs, ','), "-o", "%i %T %M %D %R"});
  std::map<std::string, std::string> live;
  std::istringstream lines(queue.output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string id;
    fields >> id;
    // "12_3" is a task of an array job, "12.0" a step: the job is "12".
    id = id.substr(0, id.find_first_of("_."));
    std::string rest;
    std::getline(fields, rest);
    live[id] = rest;
  }
  std::printf("%-10s %-10s %-12s %-6s %s\n", "JOB", "STATE", "TIME", "NODES", "REASON");
  for (const auto& id : jobs) {
    auto it = live.find(id);
    if (it == live.end()) {
      std::printf("%-10s %s\n", id.c_str(), "ENDED");
      continue;
    }
    std::istringstream fields(it->second);
    std::string state, time, nodes, reason;
    fields >> state >> time >> nodes;
    std::getline(fields, reason);
    std::printf("%-10s %-10s %-12s %-6s %s\n", id.c_str(), state.c_str(), time.c_str(), nodes.c_str(),
                reason.c_str() + (reason.empty() ? 0 : 1));
  }
  return 0;
}

}  // namespace

std::string worker_job_script(const slurm_options& o, const std::string& summit_binary) {
  std::ostringstream s;
  s << "#!/bin/sh\n"
    << "# Written by `summit slurm workers`: one Summit worker per task.\n"
    << "#SBATCH --job-name=summit-workers\n"
    << "#SBATCH --nodes=" << o.nodes << "\n"
    << "#SBATCH --ntasks-per-node=" << o.workers_per_node << "\n"
    << "#SBATCH --cpus-per-task=" << o.slots << "\n"
    << "#SBATCH --output=" << o.dir << "/workers-%j.out\n";
  if (!o.gres.empty()) s << "#SBATCH --gres=" << o.gres << "\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.time.empty()) s << "#SBATCH --time=" << o.time << "\n";
  s << "exec srun " << worker_command(summit_binary, o.join, o.slots, o.dir, "$SLURM_JOB_ID", o.idle_exit, o.keys)
    << "\n";
  return s.str();
}

int slurm_command(const slurm_options& o) {
  const std::string needed = o.command == "workers" ? "sbatch" : o.command == "status" ? "squeue" : "scancel";
  if (!actors::on_path(needed))
    return fail("summit slurm",
                "SLURM is not installed here (" + needed + " is not on PATH); run this on a SLURM login node");
  if (o.command == "workers") return submit_workers(o);
  if (o.command == "status") return show_status(o);
  const auto record = worker_jobs::at(o.dir, false);
  if (!record) return fail("summit slurm", record.error().message);
  return cancel_worker_jobs(*record, o.jobs, "scancel", "SLURM", "summit slurm");
}

}  // namespace summit::nodes
