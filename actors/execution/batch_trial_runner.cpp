#include "actors/execution/batch_trial_runner.hpp"

#include <signal.h>

#include <filesystem>
#include <fstream>

#include "actors/atoms.hpp"
#include "actors/execution/process.hpp"
#include "actors/execution/batch_script.hpp"
#include "actors/transport/new_file.hpp"

namespace summit::actors {

namespace {

constexpr auto poll_every = std::chrono::seconds(1);

struct batch_runner_state {
  runner_config config;
  std::shared_ptr<batch_scheduler> scheduler;
  std::string job;
  bool cancelled = false;
};

void end(caf::stateful_actor<batch_runner_state>* self, int exit_code, int signal, std::string reason = "") {
  auto& st = self->state;
  self->send(st.config.worker, ended_atom::value,
             protocol::trial_ended{st.config.run.trial, exit_code, signal, std::move(reason)});
  self->quit();
}

/// Notes for the user go into the trial's log, where its output goes too.
void note_in_log(const std::string& log_path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(log_path).parent_path(), ec);
  std::ofstream(log_path, std::ios::app) << "summit: " << text << "\n";
}

void cancel(batch_runner_state& st) {
  if (st.cancelled) return;
  st.cancelled = true;
  note_in_log(st.config.log_path, "the trial is stopped: its " + st.scheduler->name() + " job " + st.job + " is cancelled");
  st.scheduler->cancel(st.job);
}

caf::behavior batch_trial_runner(caf::stateful_actor<batch_runner_state>* self, runner_config config,
                                 std::shared_ptr<batch_scheduler> scheduler) {
  auto& st = self->state;
  st.config = std::move(config);
  st.scheduler = std::move(scheduler);
  const auto& run = st.config.run;
  const auto& log = st.config.log_path;
  const auto script_path = log + st.scheduler->script_suffix();
  note_in_log(log, "trial " + std::to_string(run.trial) + " submitted to " + st.scheduler->name());
  const auto script = trial_job_script(substitute(run.command, run.parameters), run.workdir,
                                       trial_environment(run, st.config.context, current_environment()));
  // Only its owner may read it: it holds the trial's token.
  const auto written = write_new_file(script_path, script, 0600, if_exists::replace);
  auto job = written ? expected<std::string>(*written)
                     : st.scheduler->submit({script_path, "summit-trial-" + std::to_string(run.trial), log, run.workdir});
  if (!job) {
    const auto refusal = written ? written->message : st.scheduler->name() + " refused the trial: " + job.error().message;
    note_in_log(log, refusal);
    end(self, 127, 0, refusal);
    return {};
  }
  st.job = *job;
  self->send(self, tick_atom::value);
  return {
      [=](tick_atom) {
        auto& s = self->state;
        const auto state = s.scheduler->status(s.job);
        // A job the scheduler no longer knows ended long enough ago to be purged.
        if (!state) return end(self, -1, s.cancelled ? SIGTERM : SIGKILL);
        if (state->ended) {
          if (!state->reason.empty()) note_in_log(s.config.log_path, state->reason);
          return end(self, state->exit_code, state->signal, state->reason);
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

caf::actor spawn_batch_trial_runner(caf::actor_system& sys, runner_config config,
                                    std::shared_ptr<batch_scheduler> scheduler) {
  return sys.spawn<caf::detached>(batch_trial_runner, std::move(config), std::move(scheduler));
}

}  // namespace summit::actors
