#include "actors/execution/batch_trial_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <fstream>

#include "actors/atoms.hpp"
#include "actors/execution/process.hpp"
#include "actors/execution/slurm_jobs.hpp"

namespace summit::actors {

namespace {

constexpr auto poll_every = std::chrono::seconds(1);

/// Writes a file only its owner can read, from its creation on: a job
/// script holds the trial's token. A symlink in its place is refused.
status write_private(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return make_error("cannot write " + path + ": " + std::strerror(errno));
  bool written = ::fchmod(fd, 0600) == 0;
  for (std::size_t done = 0; written && done < text.size();) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    written = n > 0;
    if (written) done += static_cast<std::size_t>(n);
  }
  const int error = written ? 0 : errno;
  ::close(fd);
  if (!written) return make_error("cannot write " + path + ": " + std::strerror(error));
  return std::nullopt;
}

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
  st.scheduler->cancel(st.job);
}

caf::behavior batch_trial_runner(caf::stateful_actor<batch_runner_state>* self, runner_config config,
                                 std::shared_ptr<batch_scheduler> scheduler) {
  auto& st = self->state;
  st.config = std::move(config);
  st.scheduler = std::move(scheduler);
  const auto& run = st.config.run;
  const auto& log = st.config.log_path;
  const auto script_path = log + ".sbatch";
  note_in_log(log, "trial " + std::to_string(run.trial) + " submitted to " + st.scheduler->name());
  const auto script = trial_job_script(substitute(run.command, run.parameters), run.workdir,
                                       trial_environment(run, st.config.context, current_environment()));
  const auto written = write_private(script_path, script);
  auto job = written ? expected<std::string>(*written)
                     : st.scheduler->submit({script_path, "summit-trial-" + std::to_string(run.trial), log});
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
        if (state->ended) return end(self, state->exit_code, state->signal);
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
