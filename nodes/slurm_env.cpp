#include "nodes/slurm_env.hpp"

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

}  // namespace

std::optional<slurm_allocation> slurm_allocation_from_environment() {
  slurm_allocation a;
  a.job_id = variable("SLURM_JOB_ID");
  if (a.job_id.empty()) return std::nullopt;
  a.task_id = variable("SLURM_PROCID");
  a.cpus = count(variable("SLURM_CPUS_PER_TASK"));
  if (!a.cpus) a.cpus = count(variable("SLURM_CPUS_ON_NODE"));
  std::istringstream gpus(variable("CUDA_VISIBLE_DEVICES"));
  for (std::string g; std::getline(gpus, g, ',');)
    if (!g.empty()) a.gpus.push_back(g);
  return a;
}

}  // namespace summit::nodes
