#include "actors/execution/slurm_scheduler.hpp"

#include "actors/execution/capture.hpp"
#include "actors/execution/slurm_jobs.hpp"

namespace summit::actors {

namespace {

class slurm_scheduler : public batch_scheduler {
 public:
  explicit slurm_scheduler(std::vector<std::string> sbatch_args) : sbatch_args_(std::move(sbatch_args)) {}

  std::string name() const override { return "SLURM"; }
  std::string script_suffix() const override { return ".sbatch"; }

  expected<std::string> submit(const batch_job& job) override {
    std::vector<std::string> argv{"sbatch", "--parsable"};
    if (!job.name.empty()) argv.push_back("--job-name=" + job.name);
    if (!job.log_path.empty()) argv.insert(argv.end(), {"--output=" + job.log_path, "--open-mode=append"});
    argv.insert(argv.end(), sbatch_args_.begin(), sbatch_args_.end());
    argv.push_back(job.script_path);
    const auto submitted = capture(argv);
    if (submitted.status != 0) return make_error(submitted.output.empty() ? "sbatch failed" : submitted.output);
    // --parsable prints "id" or "id;cluster".
    return submitted.output.substr(0, submitted.output.find_first_of(";\n"));
  }

  std::optional<job_state> status(const std::string& job) override {
    const auto job_record = parse_job(capture({"scontrol", "show", "job", "-o", job}).output);
    if (!job_record) return std::nullopt;
    job_state s;
    s.ended = job_record->ended();
    if (s.ended) {
      const auto outcome = outcome_of(*job_record);
      s.exit_code = outcome.exit_code;
      s.signal = outcome.signal;
    }
    return s;
  }

  void cancel(const std::string& job) override { (void)capture({"scancel", job}); }

 private:
  std::vector<std::string> sbatch_args_;
};

}  // namespace

std::shared_ptr<batch_scheduler> make_slurm_scheduler(std::vector<std::string> sbatch_args) {
  return std::make_shared<slurm_scheduler>(std::move(sbatch_args));
}

}  // namespace summit::actors
