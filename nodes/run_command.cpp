#include "nodes/run_command.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "algorithms/search/make_algorithm.hpp"
#include "dashboard/server.hpp"
#include "model/results/results_table.hpp"
#include "model/study_file/study_file.hpp"
#include "nodes/console.hpp"
#include "nodes/data_reads.hpp"
#include "nodes/embedded_runtime.hpp"
#include "nodes/format.hpp"
#include "storage/load.hpp"
#include "views/results.hpp"

namespace summit::nodes {

namespace {

namespace fs = std::filesystem;

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int sig) {
  interrupted = 1;
  std::signal(sig, SIG_DFL);  // a second Ctrl-C ends Summit at once
}

/// The study this run continues, if the data directory has one of that name.
/// A study of that name from another file is an error: resuming it would mix
/// two searches in one results table.
expected<const model::study*> existing_study(const model::registry& reg,
                                                  const model::study_spec& spec,
                                                  const std::string& data_dir) {
  const model::study* s = reg.find_by_name(spec.name);
  if (!s) return static_cast<const model::study*>(nullptr);
  auto from_file = spec;
  if (!from_file.algorithm.seed) from_file.algorithm.seed = s->spec().algorithm.seed;
  if (model::canonical_text(from_file) != model::canonical_text(s->spec()))
    return make_error(data_dir + ": study '" + spec.name + "' (id " + std::to_string(s->id()) +
                      ") was started from a different study file; use another --data directory "
                      "or another name");
  return s;
}

/// Writes the results table beside the log and returns its path.
expected<std::string> write_results(const std::string& data_dir, study_id id) {
  auto pages = data_dir_export::open(data_dir, id);
  if (!pages) return pages.error();
  const fs::path path = fs::path(data_dir) / "results" / ("study-" + std::to_string(id) + ".csv");
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path);
  if (auto failed = views::write_pages(out, views::table_writer::format::csv,
                                       [&](const model::results_table* last) {
                                         return (*pages)->page(last ? last->next_after : 0, default_page_values);
                                       }))
    return *failed;
  if (!out.flush()) return make_error("cannot write " + path.string());
  return path.string();
}

int report_end(console& out, const model::study_summary& s, const model::study_spec& spec, const std::string& data_dir) {
  const auto& c = s.counts;
  out.say("study " + std::to_string(s.id) + " '" + s.name + "' " + std::string(to_string(s.state)) +
          ": " + std::to_string(c.total()) + " trials (" + std::to_string(c.completed) +
          " completed, " + std::to_string(c.stopped) + " stopped, " + std::to_string(c.failed) +
          " failed)");
  if (s.best && !s.objectives.empty())
    out.say("Pareto front: " + std::to_string(s.front) + " trials; best " + s.metric + " " +
            format_number(*s.best_value) + " at trial " + std::to_string(*s.best) + " (summit study best " +
            std::to_string(s.id) + " --data " + data_dir + " lists them)");
  else if (s.best && s.best_copies)
    out.say("best configuration (" + best_source(*s.best, s.best_copies) + "; " + spread_text(*s.best_copies) +
            "): " + s.metric + " = " + format_number(*s.best_value) + "  " + format_params(s.best_parameters));
  else if (s.best)
    out.say("best trial " + std::to_string(*s.best) + ": " + s.metric + " = " +
            format_number(*s.best_value) + "  " + format_params(s.best_parameters));
  else
    out.warn(spec.constrained()        ? "no completed trial was feasible (reported every objective and kept every "
                                         "constraint); see study show for each trial's values and the trial logs"
             : spec.multi_objective() ? "no completed trial reported every objective; see the trial logs"
                                      : "no trial completed; see the trial logs");
  // What mattered, once there are trials enough to say (else nothing).
  if (auto read = read_data_dir(data_dir, model::show_importance{s.id, 0.1})) {
    const auto& m = std::get<model::importances>(*read);
    if (m.note.empty())
      out.say("mattered most (PED-ANOVA, best " + std::to_string(m.top_trials) + " of " + std::to_string(m.trials) +
              "): " + top_importances(m, 3));
  }
  if (auto csv = write_results(data_dir, s.id))
    out.say("results: " + *csv);
  else
    out.warn("summit: cannot write the results table: " + csv.error().message);
  out.say("logs:    " + (fs::path(data_dir) / "logs" / ("study-" + std::to_string(s.id))).string() + "/");
  out.say("more:    summit study show " + std::to_string(s.id) + " --data " + data_dir);
  out.say("         summit dashboard --data " + data_dir);
  return s.best ? 0 : 1;
}

}  // namespace

int run_study(const run_options& options) {
  console out;
  auto spec = model::load_study_file(options.study_file);
  if (!spec) {
    out.warn("summit: " + spec.error().message);
    return 2;
  }
  if (spec->command.empty()) {
    out.warn("summit: " + options.study_file + ": command: missing (summit run runs each trial's command; a study "
             "without one runs in the processes that ask for its trials: submit it to a coordinator)");
    return 2;
  }
  if (std::holds_alternative<model::external_options>(spec->algorithm.options)) {
    out.warn("summit: " + options.study_file + ": algorithm.name: external needs a process that serves its "
             "suggestions, and summit run listens for none: submit the study to a coordinator (summit study "
             "submit) and serve it with summit.Connection.serve_algorithm, or use summit.Study from Python");
    return 2;
  }
  const std::string data_dir = options.data_dir;
  auto log = storage::store::open(data_dir, storage::store::mode::read_write);
  if (!log) {
    out.warn("summit: " + log.error().message);
    return 1;
  }
  model::registry reg;
  if (auto failed = storage::load(**log, reg)) {
    out.warn("summit: " + failed->message);
    return 1;
  }
  auto existing = existing_study(reg, *spec, data_dir);
  if (!existing) {
    out.warn("summit: " + existing.error().message);
    return 2;
  }
  if (*existing && is_terminal((*existing)->record().state)) {
    const auto summary = model::summarize(**existing, algorithms::planned_trials((*existing)->spec()));
    log->reset();
    out.say("study " + std::to_string(summary.id) + " '" + summary.name + "' already ended in " +
            data_dir + "; nothing to run");
    return report_end(out, summary, *spec, data_dir);
  }
  std::optional<study_id> id;
  if (*existing) {
    id = (*existing)->id();
    out.say("resuming study " + std::to_string(*id) + " '" + spec->name + "' from " + data_dir);
  }

  // From here on a Ctrl-C stops the trials in order (a second one ends Summit at once).
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  const unsigned slots = options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency());
  auto rt = embedded_runtime::start(
      std::move(*log), std::move(reg),
      runtime_options{data_dir, slots, options.kill_grace, [&out](const std::string& w) { out.warn("summit: " + w); }});
  if (!rt) {
    out.warn("summit: " + rt.error().message);
    return 1;
  }
  std::unique_ptr<dashboard::server> board;
  if (options.dashboard_port >= 0) {
    auto started = dashboard::server::start(options.dashboard_host, options.dashboard_port,
                                            [&rt](const model::study_command& c) { return (*rt)->ask(c); });
    if (!started) {
      out.warn("summit: " + started.error().message);
      return 1;
    }
    board = std::move(*started);
    out.say("dashboard at " + board->url());
    if (const auto warning = board->exposure_warning(); !warning.empty()) out.warn("summit: " + warning);
  }
  if (id) {
    auto resumed = (*rt)->resume(*id);
    if (!resumed || !*resumed) {
      out.warn("summit: cannot resume study " + std::to_string(*id));
      return 1;
    }
  } else {
    const std::string workdir = fs::absolute(fs::path(options.study_file)).parent_path().string();
    auto submitted = (*rt)->submit(*spec, workdir);
    if (!submitted) {
      out.warn("summit: " + submitted.error().message);
      return 1;
    }
    id = *submitted;
    out.say("study " + std::to_string(*id) + " '" + spec->name + "': " + std::to_string(slots) +
            " workers, data in " + data_dir);
  }

  std::optional<model::study_summary> last;
  while (!interrupted) {
    auto s = (*rt)->summary(*id);
    if (s) {
      last = *s;
      const bool over = is_terminal(s->state);
      out.status(progress_line(*s), over ? std::chrono::milliseconds(0) : std::chrono::seconds(2));
      if (over) break;
    }
    for (int i = 0; i < 4 && !interrupted; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  out.finish_status();
  if (interrupted) {
    out.say("interrupted: stopping the running trials; run the same command again to resume");
    board.reset();
    (*rt)->shutdown();
    return 130;
  }
  board.reset();
  (*rt)->shutdown();
  return report_end(out, *last, *spec, data_dir);
}

}  // namespace summit::nodes
