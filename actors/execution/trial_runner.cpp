#include "actors/execution/trial_runner.hpp"

#include <signal.h>

#include <thread>

#include "actors/atoms.hpp"
#include "actors/execution/process.hpp"

namespace summit::actors {

namespace {

struct runner_state {
  runner_config config;
  pid_t pid = 0;
  bool killing = false;
  bool alive = false;
};

void terminate(caf::stateful_actor<runner_state>* self, std::chrono::milliseconds grace) {
  auto& st = self->state;
  if (!st.alive || st.killing) return;
  st.killing = true;
  signal_group(st.pid, SIGTERM);
  self->delayed_send(self, grace, escalate_atom::value);
}

caf::behavior trial_runner(caf::stateful_actor<runner_state>* self, runner_config config) {
  auto& st = self->state;
  st.config = std::move(config);
  const auto& run = st.config.run;
  launch_options options{substitute(run.command, run.parameters), run.workdir,
                         trial_environment(run, st.config.context, current_environment()),
                         st.config.log_path, supervisor_path()};
  auto pid = launch(options);
  if (!pid) {
    // The trial never ran; it ends FAILED like a command the shell cannot run.
    self->send(st.config.worker, ended_atom::value, protocol::trial_ended{run.trial, 127, 0, {}});
    self->quit();
    return {};
  }
  st.pid = *pid;
  st.alive = true;
  std::thread([pid = *pid, me = caf::actor_cast<caf::actor>(self)] {
    caf::anon_send(me, exited_atom::value, wait_for(pid));
  }).detach();
  return {
      [=](kill_atom, bool now) {
        if (now) return terminate(self, self->state.config.kill_grace);
        self->delayed_send(self, self->state.config.kill_grace, kill_atom::value, true);
      },
      [=](shutdown_atom) {
        terminate(self, std::min(self->state.config.kill_grace, std::chrono::milliseconds(2000)));
      },
      [=](escalate_atom) {
        if (self->state.alive) kill_trial(self->state.pid);
      },
      [=](exited_atom, int raw) {
        auto& s = self->state;
        s.alive = false;
        signal_group(s.pid, SIGKILL);  // what the trial left behind in its group
        const auto status = decode_wait_status(raw);
        self->send(s.config.worker, ended_atom::value,
                   protocol::trial_ended{s.config.run.trial, status.exit_code, status.signal, {}});
        self->quit();
      },
  };
}

}  // namespace

caf::actor spawn_trial_runner(caf::actor_system& sys, runner_config config) {
  return sys.spawn(trial_runner, std::move(config));
}

}  // namespace summit::actors
