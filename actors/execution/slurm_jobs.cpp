#include "actors/execution/slurm_jobs.hpp"

#include <signal.h>

#include <string>

namespace summit::actors {

namespace {

std::string field(const std::string& line, const std::string& name) {
  const std::string key = name + "=";
  for (std::size_t at = line.find(key); at != std::string::npos; at = line.find(key, at + 1)) {
    if (at != 0 && line[at - 1] != ' ') continue;
    const auto end = line.find(' ', at);
    return line.substr(at + key.size(), end == std::string::npos ? std::string::npos : end - at - key.size());
  }
  return "";
}

}  // namespace

bool job_view::ended() const { return state != "PENDING" && state != "RUNNING" && state != "CONFIGURING" &&
                                      state != "COMPLETING" && state != "SUSPENDED" && state != "REQUEUED" &&
                                      state != "RESIZING" && !state.empty(); }

std::optional<job_view> parse_job(const std::string& line) {
  if (field(line, "JobId").empty()) return std::nullopt;
  job_view j;
  j.state = field(line, "JobState");
  const auto code = field(line, "ExitCode");
  const auto colon = code.find(':');
  try {
    if (colon != std::string::npos) {
      j.exit_code = std::stoi(code.substr(0, colon));
      j.signal = std::stoi(code.substr(colon + 1));
    }
  } catch (const std::exception&) {
    j.exit_code = 1;
  }
  return j;
}

trial_outcome outcome_of(const job_view& job) {
  if (job.state == "COMPLETED") return {job.exit_code, 0};
  if (job.state == "FAILED") return job.signal ? trial_outcome{-1, job.signal} : trial_outcome{job.exit_code ? job.exit_code : 1, 0};
  if (job.state == "CANCELLED") return {-1, SIGTERM};
  return {-1, SIGKILL};  // TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, PREEMPTED, BOOT_FAIL, DEADLINE
}

}  // namespace summit::actors
