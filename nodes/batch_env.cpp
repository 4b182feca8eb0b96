#include "nodes/batch_env.hpp"

#include <cstdlib>
#include <sstream>

namespace summit::nodes {

namespace {

std::string variable(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::uint32_t count(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  return static_cast<std::uint32_t>(std::stoul(text));
}

/// "0,1" or "0 1" as its items.
std::vector<std::string> items(const std::string& text) {
  std::string spaced = text;
  for (auto& c : spaced)
    if (c == ',') c = ' ';
  std::istringstream in(spaced);
  std::vector<std::string> out;
  for (std::string item; in >> item;) out.push_back(item);
  return out;
}

}  // namespace

std::optional<batch_allocation> batch_allocation_from_environment() {
  batch_allocation a;
  if (!variable("SLURM_JOB_ID").empty()) {
    a.job_id = variable("SLURM_JOB_ID");
    a.task_id = variable("SLURM_PROCID");
    a.cpus = count(variable("SLURM_CPUS_PER_TASK"));
    if (!a.cpus) a.cpus = count(variable("SLURM_CPUS_ON_NODE"));
    a.gpus = items(variable("CUDA_VISIBLE_DEVICES"));
    return a;
  }
  // Grid Engine sets JOB_ID with QUEUE and NSLOTS in every job.
  if (!variable("JOB_ID").empty() && !variable("QUEUE").empty()) {
    a.job_id = variable("JOB_ID");
    const auto task = variable("SGE_TASK_ID");
    if (task != "undefined") a.task_id = task;
    a.cpus = count(variable("NSLOTS"));
    a.gpus = items(variable("CUDA_VISIBLE_DEVICES"));
    if (a.gpus.empty()) a.gpus = items(variable("SGE_HGR_gpu"));
    return a;
  }
  return std::nullopt;
}

}  // namespace summit::nodes
