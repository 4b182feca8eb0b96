#include "actors/execution/command_line.hpp"

#include <map>

#include "views/json.hpp"

namespace summit::actors {

std::vector<std::string> trial_environment(const protocol::run_trial& run, const trial_context& ctx,
                                           const std::vector<std::string>& inherited) {
  std::map<std::string, std::string> env;
  for (const auto& entry : inherited) {
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  const auto prepend = [&env](const std::string& var, const std::string& dir) {
    if (dir.empty()) return;
    auto& current = env[var];
    current = current.empty() ? dir : dir + ":" + current;
  };
  prepend("PYTHONPATH", ctx.python_client_dir);
  prepend("PATH", ctx.summit_bin_dir);
  env["SUMMIT_TRIAL_ID"] = std::to_string(run.trial);
  env["SUMMIT_STUDY_ID"] = std::to_string(run.study);
  env["SUMMIT_ENDPOINT"] = ctx.endpoint;
  env["SUMMIT_TRIAL_TOKEN"] = ctx.token;
  if (!ctx.worker_key.empty()) env["SUMMIT_WORKER_KEY"] = ctx.worker_key;
  env["SUMMIT_RESOURCE"] = ctx.resource;
  env["SUMMIT_PARAMS"] = views::to_json(run.parameters).dump();
  for (const auto& [name, v] : run.parameters) env["SUMMIT_PARAM_" + name] = to_text(v);
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

}  // namespace summit::actors
