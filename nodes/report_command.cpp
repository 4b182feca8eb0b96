#include "nodes/report_command.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include <summit/client.hpp>

namespace summit::nodes {

namespace {

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "summit report: %s\n", message.c_str());
  return code;
}

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
    return fail(2, "--iteration must be between 0 and " + std::to_string(max_iteration) + ", got " +
                       std::to_string(o.iteration));
  if (o.objective && std::isinf(*o.objective)) return fail(2, "--objective must be a finite number or nan");
  std::map<std::string, double> context;
  for (const auto& kv : o.context) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail(2, "--context takes name=value, got '" + kv + "'");
    const auto v = parse_number(kv.substr(eq + 1));
    if (!v) return fail(2, "--context " + kv.substr(0, eq) + ": not a finite number or nan: '" + kv.substr(eq + 1) + "'");
    context[kv.substr(0, eq)] = *v;
  }
  if (!o.objective && context.empty()) return fail(2, "give --objective, or --context with the study's metric");
  try {
    client::client c;
    client::trial t;
    t.id = c.trial_id();
    const bool stop = c.send_metrics(t, o.iteration, o.objective, context);
    std::puts(stop ? "stop" : "continue");
    return 0;
  } catch (const client::error& e) {
    return fail(e.code() == 0 ? 2 : 1, e.what());
  } catch (const std::exception& e) {
    return fail(1, e.what());
  }
}

}  // namespace summit::nodes
