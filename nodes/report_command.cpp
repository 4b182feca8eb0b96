#include "nodes/report_command.hpp"

#include <cmath>
#include <map>

#include <CLI/CLI.hpp>
#include <summit/client.hpp>

#include "nodes/failure.hpp"

namespace summit::nodes {

namespace {

std::optional<double> parse_number(const std::string& s) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used == s.size() && !std::isinf(v)) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

int report(const report_options& o) {
  // The protocol's bound (2^53 - 1, exact in a double); a number past
  // int64 arrives here clamped, and is refused the same way.
  constexpr std::int64_t max_iteration = (std::int64_t{1} << 53) - 1;
  if (o.iteration < 0 || o.iteration > max_iteration)
    return fail("summit report",
                "--iteration must be between 0 and " + std::to_string(max_iteration) + ", got " +
                    std::to_string(o.iteration),
                2);
  if (o.objective && std::isinf(*o.objective))
    return fail("summit report", "--objective must be a finite number or nan", 2);
  std::map<std::string, double> context;
  for (const auto& kv : o.context) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail("summit report", "--context takes name=value, got '" + kv + "'", 2);
    const auto v = parse_number(kv.substr(eq + 1));
    if (!v)
      return fail("summit report",
                  "--context " + kv.substr(0, eq) + ": not a finite number or nan: '" + kv.substr(eq + 1) + "'", 2);
    context[kv.substr(0, eq)] = *v;
  }
  if (!o.objective && context.empty())
    return fail("summit report", "give --objective, or --context with the study's metric", 2);
  try {
    client::client c;
    client::trial t;
    t.id = c.trial_id();
    const bool stop = c.send_metrics(t, o.iteration, o.objective, context);
    std::puts(stop ? "stop" : "continue");
    return 0;
  } catch (const client::error& e) {
    return fail("summit report", e.what(), e.code() == 0 ? 2 : 1);
  } catch (const std::exception& e) {
    return fail("summit report", e.what(), 1);
  }
}

void add_report_command(CLI::App& app, report_options& options, int& exit_code) {
  auto* sub = app.add_subcommand("report", "Send one observation from inside a trial; prints continue or stop");
  sub->add_option("--iteration", options.iteration, "Iteration (epoch, step) of this value")->required();
  sub->add_option("--objective", options.objective, "The objective value");
  sub->add_option("--context", options.context, "Other metrics as name=value");
  sub->callback([&] { exit_code = report(options); });
}

}  // namespace summit::nodes
