#include "nodes/embedded_runtime.hpp"

#include <filesystem>
#include <thread>

#include "actors/atoms.hpp"
#include "actors/coordinator.hpp"
#include "actors/storage_actor.hpp"
#include "actors/study_reader.hpp"
#include "actors/transport/trial_token.hpp"
#include "actors/worker_node.hpp"
#include "nodes/actor_config.hpp"
#include "nodes/paths.hpp"

namespace summit::nodes {

namespace {

constexpr std::chrono::seconds ask_timeout{10};

template <class T>
expected<T> ask_actor(caf::actor_system& sys, const caf::actor& dest, caf::message request) {
  caf::scoped_actor self{sys};
  std::optional<expected<T>> out;
  self->request(dest, ask_timeout, std::move(request))
      .receive([&](T& value) { out.emplace(std::move(value)); },
               [&](caf::error& e) { out.emplace(make_error(actors::describe(e))); });
  return std::move(*out);
}

}  // namespace

embedded_runtime::embedded_runtime(unsigned threads)
    : config_(), system_(configure(config_.set("scheduler.max-threads", threads))) {}

expected<std::unique_ptr<embedded_runtime>> embedded_runtime::start(
    std::unique_ptr<storage::store> log, model::registry state, runtime_options options) {
  const unsigned threads = std::max(2u, std::thread::hardware_concurrency());
  std::unique_ptr<embedded_runtime> rt(new embedded_runtime(threads));
  actors::listen_options trials;
  trials.in_bridge_thread = true;
  trials.batches = true;
  auto bridge = actors::socket_bridge::bind(actors::new_trial_socket_address(), std::move(trials));
  if (!bridge) return bridge.error();
  rt->bridge_ = *bridge;
  rt->kill_grace_ = options.kill_grace;
  std::shared_ptr<storage::store> shared_log(std::move(log));
  rt->storage_ = actors::spawn_storage(rt->system_, shared_log);
  actors::coordinator_options coordination;
  coordination.reader = actors::spawn_study_reader(rt->system_, shared_log);
  coordination.interrupt_orphans = true;  // their worker died with the previous process
  coordination.resume_all = false;        // only the study this run was asked for
  coordination.warn = options.warn;
  coordination.checkpoint_dir = (std::filesystem::absolute(options.data_dir) / "checkpoints").string();
  rt->coordinator_ = actors::spawn_coordinator(rt->system_, std::move(state), rt->storage_, coordination);
  actors::worker_config worker;
  worker.name = "local";
  worker.slots = options.slots;
  worker.log_dir = options.data_dir + "/logs";
  worker.kill_grace = options.kill_grace;
  worker.context.python_client_dir = python_client_dir();
  worker.context.summit_bin_dir = executable_dir();
  worker.bridge = rt->bridge_;
  worker.log = options.warn;
  worker.coordinator = rt->coordinator_;
  rt->worker_ = actors::spawn_worker_node(rt->system_, std::move(worker));
  rt->bridge_->run(rt->worker_);
  return rt;
}

embedded_runtime::~embedded_runtime() { shutdown(); }

expected<study_id> embedded_runtime::submit(const model::study_spec& spec,
                                            const std::string& workdir) {
  auto answer = ask(model::submit_study{spec, workdir});
  if (!answer) return answer.error();
  return std::get<model::study_submitted>(*answer).id;
}

expected<bool> embedded_runtime::resume(study_id id) {
  return ask_actor<bool>(system_, coordinator_, caf::make_message(actors::resume_atom::value, id));
}

expected<model::study_summary> embedded_runtime::summary(study_id id) {
  return ask_actor<model::study_summary>(system_, coordinator_,
                                        caf::make_message(actors::summary_atom::value, id));
}

expected<model::study_reply> embedded_runtime::ask(const model::study_command& command) {
  return actors::ask_study(system_, coordinator_, command, ask_timeout);
}

expected<storage::store::counters> embedded_runtime::storage_stats() {
  return ask_actor<storage::store::counters>(system_, storage_, caf::make_message(actors::stats_atom::value));
}

void embedded_runtime::shutdown() {
  if (stopped_) return;
  stopped_ = true;
  {
    caf::scoped_actor self{system_};
    // SIGTERM now, SIGKILL after at most two seconds: then every process is gone.
    self->request(worker_, kill_grace_ + std::chrono::seconds(5), actors::shutdown_atom::value)
        .receive([](bool) {}, [](caf::error&) {});
    bridge_->stop();
    for (const auto& a : {worker_, coordinator_})
      self->send_exit(a, caf::exit_reason::user_shutdown);
    // The storage actor goes last, after every write already queued.
    self->send_exit(storage_, caf::exit_reason::user_shutdown);
  }
  system_.await_all_actors_done();
}

}  // namespace summit::nodes
