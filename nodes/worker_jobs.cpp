#include "nodes/worker_jobs.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "actors/execution/capture.hpp"
#include "actors/execution/command_line.hpp"
#include "nodes/failure.hpp"

namespace summit::nodes {

namespace fs = std::filesystem;

expected<worker_jobs> worker_jobs::at(const std::string& dir, bool create) {
  std::error_code ec;
  if (create) fs::create_directories(dir, ec);
  if (ec) return make_error("cannot create " + dir + ": " + ec.message());
  return worker_jobs(fs::absolute(dir).string());
}

std::string worker_jobs::next_script() const {
  int n = 1;
  while (fs::exists(fs::path(dir_) / ("workers-" + std::to_string(n) + ".sh"))) ++n;
  return (fs::path(dir_) / ("workers-" + std::to_string(n) + ".sh")).string();
}

void worker_jobs::record(const std::string& job) const {
  std::ofstream(fs::path(dir_) / "jobs", std::ios::app) << job << "\n";
}

std::vector<std::string> worker_jobs::recorded() const {
  std::vector<std::string> jobs;
  std::ifstream in(fs::path(dir_) / "jobs");
  for (std::string id; std::getline(in, id);)
    if (!id.empty()) jobs.push_back(id);
  return jobs;
}

expected<worker_jobs::submitted> worker_jobs::submit(const std::string& script, actors::batch_scheduler& scheduler,
                                                     const std::string& program) const {
  const auto path = next_script();
  if (!(std::ofstream(path) << script)) return make_error("cannot write " + path);
  const auto job = scheduler.submit({path, "", "", ""});
  if (!job) return make_error(program + " refused the workers' job: " + job.error().message);
  record(*job);
  return submitted{*job, path};
}

std::string worker_command(const std::string& summit_binary, const std::string& join, std::uint32_t slots,
                           const std::string& dir, const std::string& logs_suffix, double idle_exit,
                           const client_keys& keys) {
  using actors::shell_quote;
  std::ostringstream s;
  s << shell_quote(summit_binary) << " worker --join " << shell_quote(join) << " --slots " << slots << " --logs "
    << shell_quote(dir) << "/logs-" << logs_suffix;
  if (idle_exit > 0) s << " --idle-exit " << idle_exit;
  if (!keys.key_file.empty()) s << " --key " << shell_quote(fs::absolute(keys.key_file).string());
  if (!keys.coordinator_key.empty())
    s << " --coordinator-key " << shell_quote(fs::absolute(keys.coordinator_key).string());
  return s.str();
}

std::string joined(const std::vector<std::string>& items, char separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : std::string(1, separator)) + i;
  return out;
}

int cancel_worker_jobs(const worker_jobs& record, std::vector<std::string> jobs, const std::string& program,
                       const std::string& scheduler, const std::string& command) {
  if (jobs.empty()) jobs = record.recorded();
  if (jobs.empty()) {
    std::printf("no worker jobs to cancel\n");
    return 0;
  }
  std::vector<std::string> argv{program};
  argv.insert(argv.end(), jobs.begin(), jobs.end());
  const auto cancelled = actors::capture(argv);
  if (cancelled.status != 0) return fail(command.c_str(), program + ": " + cancelled.output);
  std::printf("cancelled %s job%s %s\n", scheduler.c_str(), jobs.size() == 1 ? "" : "s", joined(jobs, ' ').c_str());
  return 0;
}

}  // namespace summit::nodes
