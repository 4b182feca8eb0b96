#include "nodes/format.hpp"

#include <cstdio>

namespace summit::nodes {

std::string format_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

std::string format_share(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", share);
  return buf;
}

std::string top_importances(const model::importances& m, std::size_t most) {
  std::string out;
  for (std::size_t i = 0; i < m.parameters.size() && i < most; ++i)
    out += (i ? ", " : "") + m.parameters[i].first + " " + format_share(m.parameters[i].second);
  return out;
}

std::string format_params(const params& p) {
  std::string out;
  for (const auto& [name, v] : p) {
    const auto n = as_number(v);
    out += (out.empty() ? "" : " ") + name + "=" +
           (n && std::holds_alternative<double>(v) ? format_number(*n) : to_text(v));
  }
  return out;
}

std::string best_source(trial_id best, const std::optional<model::copies_summary>& copies) {
  if (!copies) return "trial " + std::to_string(best);
  const auto& ids = copies->trials;
  std::string out = std::string(to_string(copies->aggregate)) + " of " + std::to_string(ids.size()) +
                    (ids.size() == 1 ? " copy: trial " : " copies: trials ");
  constexpr std::size_t shown = 5;
  for (std::size_t i = 0; i < ids.size() && i < shown; ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
  if (ids.size() > shown) out += " and " + std::to_string(ids.size() - shown) + " more";
  return out;
}

std::string spread_text(const model::copies_summary& c) {
  return "sd " + format_number(c.stddev) + ", " + format_number(c.min) + " to " + format_number(c.max);
}

std::string progress_line(const model::study_summary& s) {
  const auto& c = s.counts;
  const std::size_t done = c.completed + c.stopped;
  std::string line = "[" + s.name + "] " + std::to_string(done);
  if (s.planned) line += "/" + std::to_string(*s.planned);
  line += " trials done · " + std::to_string(c.running) + " running · " + std::to_string(c.failed) +
          " failed";
  if (c.stopped) line += " · " + std::to_string(c.stopped) + " stopped early";
  if (s.best && !s.objectives.empty())
    line += " · Pareto front of " + std::to_string(s.front);
  else if (s.best)
    line += " · best " + s.metric + " " + format_number(*s.best_value) + " (" + best_source(*s.best, s.best_copies) + ")";
  return line;
}

}  // namespace summit::nodes
