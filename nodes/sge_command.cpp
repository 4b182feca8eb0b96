#include "nodes/sge_command.hpp"

#include <cstdio>
#include <sstream>

#include "actors/execution/capture.hpp"
#include "actors/execution/sge_jobs.hpp"
#include "actors/execution/sge_scheduler.hpp"
#include "nodes/failure.hpp"
#include "nodes/paths.hpp"
#include "nodes/worker_jobs.hpp"

namespace summit::nodes {

namespace {

constexpr const char* command_name = "summit sge";

int submit_workers(const sge_options& o) {
  if (o.join.empty()) return fail(command_name, "workers needs --join, the coordinator's address", 2);
  const auto record = worker_jobs::at(o.dir, true);
  if (!record) return fail(command_name, record.error().message);
  sge_options absolute = o;
  absolute.dir = record->dir();
  const auto submitted = record->submit(sge_worker_job_script(absolute, executable_dir() + "/summit"),
                                        *actors::make_sge_scheduler(o.qsub_args), "qsub");
  if (!submitted) return fail(command_name, submitted.error().message);
  std::printf("submitted %u worker%s as Grid Engine job %s (script %s, logs %s/workers-%s.*.out)\n", o.jobs,
              o.jobs == 1 ? "" : "s", submitted->job.c_str(), submitted->script.c_str(), record->dir().c_str(),
              submitted->job.c_str());
  return 0;
}

int show_status(const sge_options& o) {
  const auto record = worker_jobs::at(o.dir, false);
  const auto jobs = record ? record->recorded() : std::vector<std::string>{};
  if (jobs.empty()) {
    std::printf("no worker jobs submitted from %s\n", o.dir.c_str());
    return 0;
  }
  const auto listed = actors::capture({"qstat", "-u", "*"});
  if (listed.status != 0) return fail(command_name, "qstat: " + listed.output);
  const auto live = actors::parse_qstat(listed.output);
  std::printf("%-10s %s\n", "JOB", "STATE (a task each)");
  for (const auto& id : jobs) {
    const auto it = live.find(id);
    std::printf("%-10s %s\n", id.c_str(), it == live.end() ? "ENDED" : it->second.c_str());
  }
  return 0;
}

}  // namespace

std::string sge_worker_job_script(const sge_options& o, const std::string& summit_binary) {
  std::ostringstream s;
  s << "#!/bin/sh\n"
    << "# Written by `summit sge workers`: one Summit worker per task.\n"
    << "#$ -N summit-workers\n"
    << "#$ -S /bin/sh\n"
    << "#$ -V\n"
    << "#$ -j y\n"
    << "#$ -wd " << o.dir << "\n"
    << "#$ -o " << o.dir << "/workers-$JOB_ID.$TASK_ID.out\n"
    << "#$ -t 1-" << o.jobs << "\n";
  if (!o.queue.empty()) s << "#$ -q " << o.queue << "\n";
  if (!o.pe.empty()) s << "#$ -pe " << o.pe << " " << o.slots << "\n";
  if (!o.resources.empty()) s << "#$ -l " << o.resources << "\n";
  s << "exec " << worker_command(summit_binary, o.join, o.slots, o.dir, "$JOB_ID.$SGE_TASK_ID", o.idle_exit, o.keys)
    << "\n";
  return s.str();
}

int sge_command(const sge_options& o) {
  const std::string needed = o.command == "workers" ? "qsub" : o.command == "status" ? "qstat" : "qdel";
  if (!actors::on_path(needed))
    return fail(command_name, "Grid Engine is not installed here (" + needed +
                                  " is not on PATH); run this on a submit host with SGE_ROOT set");
  if (o.command == "workers") return submit_workers(o);
  if (o.command == "status") return show_status(o);
  const auto record = worker_jobs::at(o.dir, false);
  if (!record) return fail(command_name, record.error().message);
  return cancel_worker_jobs(*record, o.job_ids, "qdel", "Grid Engine", command_name);
}

}  // namespace summit::nodes
