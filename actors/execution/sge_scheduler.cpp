#include "actors/execution/sge_scheduler.hpp"

#include <signal.h>

#include <chrono>
#include <map>
#include <mutex>
#include <set>

#include "actors/execution/capture.hpp"
#include "actors/execution/sge_jobs.hpp"

namespace summit::actors {

namespace {

using clock = std::chrono::steady_clock;

/// How long a job may be absent from qstat with no accounting record before
/// it counts as lost (the record is written within a second here, up to 15 s
/// with Grid Engine's default flush time).
constexpr auto record_wait = std::chrono::seconds(60);

/// Grid Engine's message as one line: "Unable to run job: ...", without its "Exiting.".
std::string one_line(std::string text) {
  if (const auto at = text.find("\nExiting."); at != std::string::npos) text.erase(at);
  for (auto& c : text)
    if (c == '\n') c = ' ';
  return text;
}

class sge_scheduler : public batch_scheduler {
 public:
  explicit sge_scheduler(std::vector<std::string> qsub_args) : qsub_args_(std::move(qsub_args)) {}

  std::string name() const override { return "Grid Engine"; }
  std::string script_suffix() const override { return ".qsub"; }

  expected<std::string> submit(const batch_job& job) override {
    // -V: the worker's environment, as sbatch passes it; the script sets
    // Summit's own (root's jobs lose what -v and -V pass of some).
    std::vector<std::string> argv{"qsub", "-terse", "-V", "-S", "/bin/sh", "-j", "y"};
    if (!job.name.empty()) argv.insert(argv.end(), {"-N", job.name});
    if (!job.log_path.empty()) argv.insert(argv.end(), {"-o", job.log_path});  // appended to
    if (!job.workdir.empty()) argv.insert(argv.end(), {"-wd", job.workdir});
    argv.insert(argv.end(), qsub_args_.begin(), qsub_args_.end());
    argv.push_back(job.script_path);
    const auto submitted = capture(argv);
    if (submitted.status != 0 || submitted.output.empty())
      return make_error(submitted.output.empty() ? "qsub failed" : one_line(submitted.output));
    // -terse prints "id", or "id.1-4:1" for an array job.
    const auto id = submitted.output.substr(0, submitted.output.find_first_of(".\n"));
    std::lock_guard<std::mutex> lock(mutex_);
    seen_[id] = clock::now();
    return id;
  }

  std::optional<job_state> status(const std::string& job) override {
    std::lock_guard<std::mutex> lock(mutex_);
    refresh_queue();
    auto& seen = seen_[job];  // a job this scheduler did not submit: never seen, lost without a record
    if (queue_time_ < seen) return job_state{};  // submitted after the last qstat
    if (auto it = queue_.find(job); it != queue_.end()) {
      seen = queue_time_;
      if (!in_error(it->second)) return job_state{};
      // Never started (Eqw): it would wait for ever. Say why and delete it.
      const auto why = error_reason(capture({"qstat", "-j", job}).output);
      (void)capture({"qdel", job});
      return ended(job, {-1, SIGKILL, "Grid Engine could not start the job" + (why.empty() ? "" : ": " + why)});
    }
    if (const auto record = parse_qacct(capture({"qacct", "-j", job}).output)) return ended(job, outcome_of(*record));
    // A job deleted before it started leaves no record; one that left the
    // queue long ago without one is lost.
    if (cancelled_.count(job) || clock::now() - seen > record_wait) {
      forget(job);
      return std::nullopt;
    }
    return job_state{};
  }

  void cancel(const std::string& job) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled_.insert(job);
    }
    (void)capture({"qdel", job});
  }

 private:
  /// One qstat for all the worker's jobs, at most once a second.
  void refresh_queue() {
    const auto now = clock::now();
    if (now - queue_time_ < std::chrono::seconds(1)) return;
    const auto listed = capture({"qstat", "-u", "*"});
    if (listed.status != 0) return;  // keep the last view; no job ends on a failed call
    queue_ = parse_qstat(listed.output);
    queue_time_ = now;
  }

  job_state ended(const std::string& job, const sge_outcome& o) {
    forget(job);
    return job_state{true, o.exit_code, o.signal, o.reason};
  }

  void forget(const std::string& job) {
    seen_.erase(job);
    cancelled_.erase(job);
  }

  std::vector<std::string> qsub_args_;
  std::mutex mutex_;
  std::map<std::string, std::string> queue_;  ///< job id -> state, as qstat said at queue_time_
  clock::time_point queue_time_{};
  /// When each job was last in a qstat snapshot (at first: when it was submitted).
  std::map<std::string, clock::time_point> seen_;
  std::set<std::string> cancelled_;
};

}  // namespace

std::shared_ptr<batch_scheduler> make_sge_scheduler(std::vector<std::string> qsub_args) {
  return std::make_shared<sge_scheduler>(std::move(qsub_args));
}

}  // namespace summit::actors
