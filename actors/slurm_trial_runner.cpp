#include "actors/slurm_trial_runner.hpp"

#include <signal.h>

#include <filesystem>
#include <fstream>

#include "actors/atoms.hpp"
#include "actors/capture.hpp"
#include "actors/process.hpp"
#include "actors/slurm_jobs.hpp"

namespace summit::actors {

namespace {

constexpr auto poll_every = std::chrono::seconds(1);

struct slurm_runner_state {
  runner_config config;
  std::string job;
  bool cancelled = false;
};

void end(caf::stateful_actor<slurm_runner_state>* self, int exit_code, int signal) {
  auto& st = self->state;
  self->send(st.config.worker, ended_atom::value, protocol::trial_ended{st.config.run.trial, exit_code, signal});
  self->quit();
}

/// SLURM's refusal goes into the trial's log, where its output would have gone.
void note_in_log(const std::string& log_path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(log_path).parent_path(), ec);
  std::ofstream(log_path, std::ios::app) << "summit: " << text << "\n";
}

void cancel(slurm_runner_state& st) {
  if (st.cancelled) return;
  st.cancelled = true;
  (void)capture({"scancel", st.job});  // SIGTERM, then SIGKILL after SLURM's KillWait
}

caf::behavior slurm_trial_runner(caf::stateful_actor<slurm_runner_state>* self, runner_config config,
                                 std::vector<std::string> sbatch_args) {
  auto& st = self->state;
  st.config = std::move(config);
  const auto& run = st.config.run;
  const auto script_path = st.config.log_path + ".sbatch";
  note_in_log(st.config.log_path, "trial " + std::to_string(run.trial) + " submitted to SLURM");
  {
    std::ofstream script(script_path);
    script << trial_job_script(substitute(run.command, run.parameters), run.workdir,
                               trial_environment(run, st.config.context, current_environment()));
  }
  std::vector<std::string> argv{"sbatch", "--parsable", "--job-name=summit-trial-" + std::to_string(run.trial),
                                "--output=" + st.config.log_path, "--open-mode=append"};
  argv.insert(argv.end(), sbatch_args.begin(), sbatch_args.end());
  argv.push_back(script_path);
  const auto submitted = capture(argv);
  if (submitted.status != 0) {
    note_in_log(st.config.log_path, "sbatch refused the trial: " + submitted.output);
    end(self, 127, 0);
    return {};
  }
  st.job = submitted.output.substr(0, submitted.output.find_first_of(";\n"));
  self->send(self, tick_atom::value);
  return {
      [=](tick_atom) {
        auto& s = self->state;
        const auto shown = capture({"scontrol", "show", "job", "-o", s.job});
        const auto job = parse_job(shown.output);
        // A job SLURM no longer knows ended long enough ago to be purged.
        if (!job) return end(self, -1, s.cancelled ? SIGTERM : SIGKILL);
        if (job->ended()) {
          const auto outcome = outcome_of(*job);
          return end(self, outcome.exit_code, outcome.signal);
        }
        self->delayed_send(self, poll_every, tick_atom::value);
      },
      [=](kill_atom, bool now) {
        if (now) return cancel(self->state);
        self->delayed_send(self, self->state.config.kill_grace, kill_atom::value, true);
      },
      [=](shutdown_atom) { cancel(self->state); },
  };
}

}  // namespace

caf::actor spawn_slurm_trial_runner(caf::actor_system& sys, runner_config config,
                                    std::vector<std::string> sbatch_args) {
  return sys.spawn<caf::detached>(slurm_trial_runner, std::move(config), std::move(sbatch_args));
}

}  // namespace summit::actors
