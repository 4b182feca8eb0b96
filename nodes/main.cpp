// The `summit` command (PRODUCT.md §1).

#include <algorithm>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "nodes/report_command.hpp"
#include "nodes/run_command.hpp"
#include "nodes/study_commands.hpp"

using namespace summit::nodes;

namespace {

void add_study_reader(CLI::App& study, const std::string& name, const std::string& help,
                      study_query& q, int (*command)(const study_query&), int& exit_code,
                      bool needs_id) {
  auto* sub = study.add_subcommand(name, help);
  sub->add_option("--data", q.data_dir, "Data directory to read (as left by `summit run`)")->required();
  sub->add_flag("--json", q.json, "Machine-readable output");
  if (needs_id) sub->add_option("id", q.id, "Study id")->required();
  if (name == "list") sub->add_flag("--all", q.all, "Include archived studies");
  if (name == "export") {
    sub->add_option("--format", q.format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
    sub->add_option("--output,-o", q.output, "Write to this file instead of stdout");
  }
  sub->callback([&q, command, &exit_code] { exit_code = command(q); });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Summit: distributed hyperparameter optimization"};
  app.require_subcommand(1);
  int exit_code = 0;

  run_options run;
  double kill_grace_s = 10;
  auto* run_cmd = app.add_subcommand("run", "Run a study to the end in this process (resumes it on the same --data)");
  run_cmd->add_option("study", run.study_file, "Study file (YAML or JSON)")->required();
  run_cmd->add_option("--data", run.data_dir, "Data directory")->capture_default_str();
  run_cmd->add_option("--workers", run.workers, "Trials at once (default: number of cores)")
      ->check(CLI::Range(1u, 4096u));
  run_cmd->add_option("--kill-grace", kill_grace_s, "Seconds between SIGTERM and SIGKILL for a stopped trial")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  run_cmd->callback([&] {
    run.kill_grace = std::chrono::milliseconds(static_cast<long long>(kill_grace_s * 1000));
    exit_code = run_study(run);
  });

  study_query q;
  auto* study = app.add_subcommand("study", "Inspect studies");
  study->require_subcommand(1);
  add_study_reader(*study, "list", "Studies with their state", q, study_list, exit_code, false);
  add_study_reader(*study, "show", "One study with its trials", q, study_show, exit_code, true);
  add_study_reader(*study, "best", "A study's best trial", q, study_best, exit_code, true);
  add_study_reader(*study, "export", "The results table (PRODUCT.md section 4)", q, study_export, exit_code, true);

  report_options rep;
  auto* report_cmd = app.add_subcommand("report", "Send one observation from inside a trial; prints continue or stop");
  report_cmd->add_option("--iteration", rep.iteration, "Iteration (epoch, step) of this value")->required();
  report_cmd->add_option("--objective", rep.objective, "The objective value");
  report_cmd->add_option("--context", rep.context, "Other metrics as name=value");
  report_cmd->callback([&] { exit_code = report(rep); });

  const auto known = app.get_subcommands([](const CLI::App*) { return true; });
  if (argc > 1 && argv[1][0] != '-' &&
      std::none_of(known.begin(), known.end(), [&](const CLI::App* c) { return c->get_name() == argv[1]; })) {
    std::fprintf(stderr, "summit: unknown command '%s' (see summit --help)\n", argv[1]);
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "summit: %s (see summit --help)\n", e.what());
    return 2;
  }
  return exit_code;
}
