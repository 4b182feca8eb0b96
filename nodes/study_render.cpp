#include "nodes/study_render.hpp"

#include <algorithm>
#include <cmath>

#include "nodes/format.hpp"

namespace summit::nodes {

namespace {

/// s left-aligned in a column of `width`, always followed by some space.
std::string pad(std::string s, std::size_t width) {
  s.append(s.size() + 2 <= width ? width - s.size() : 2, ' ');
  return s;
}

/// "-" for nothing (or a NaN, which has no value).
std::string number(const std::optional<double>& x) {
  return x && !std::isnan(*x) ? format_number(*x) : "-";
}

std::string number(const std::optional<std::int64_t>& i) { return i ? std::to_string(*i) : "-"; }

std::string counts_text(const model::study_summary& s) {
  const auto& c = s.counts;
  std::string text = std::to_string(c.completed + c.stopped);
  if (s.planned) text += "/" + std::to_string(*s.planned);
  return text + " done, " + std::to_string(c.running) + " running, " + std::to_string(c.failed) + " failed";
}

std::string best_text(const model::study_summary& s) {
  if (!s.best) return "-";
  if (!s.objectives.empty())
    return "front of " + std::to_string(s.front) + " (" + s.metric + " " + number(s.best_value) + " at trial " +
           std::to_string(*s.best) + ")";
  return number(s.best_value) + " (" + best_source(*s.best, s.best_copies) + ")";
}

/// "minimize val_loss" or "minimize val_loss, minimize latency_ms".
std::string goals_text(const model::study_summary& s) {
  if (s.objectives.empty()) return std::string(to_string(s.direction)) + " " + s.metric;
  std::string out;
  for (const auto& [metric, direction] : s.objectives)
    out += (out.empty() ? "" : ", ") + std::string(to_string(direction)) + " " + metric;
  return out;
}

/// A trial's objective column: its value, or each objective's.
std::string objective_text(const model::trial_row& t) {
  if (t.objectives.empty()) return number(t.objective);
  std::string out;
  for (const auto& v : t.objectives) out += (out.empty() ? "" : " / ") + number(v);
  return out;
}

std::string feasible_text(const model::trial_row& t) {
  if (!t.violation) return "";
  if (*t.violation == 0) return "yes";
  return std::isinf(*t.violation) ? "no (missing)" : "no (" + format_number(*t.violation) + ")";
}

std::string state_text(const model::study_summary& s) {
  std::string out = "study " + std::to_string(s.id) + " '" + s.name + "' is " + std::string(to_string(s.state));
  if (s.archived) out += " (archived)";
  return out + "\n";
}

struct renderer {
  std::string operator()(const model::study_submitted& s) const {
    return "submitted study '" + s.name + "' as " + std::to_string(s.id) + "\n";
  }
  std::string operator()(const model::study_list& l) const {
    std::string out = pad("ID", 6) + pad("NAME", 24) + pad("STATE", 10) + pad("TRIALS", 34) + "BEST\n";
    for (const auto& s : l.studies)
      out += pad(std::to_string(s.id), 6) + pad(s.name, 24) +
             pad(std::string(to_string(s.state)) + (s.archived ? "*" : ""), 10) + pad(counts_text(s), 34) +
             best_text(s) + "\n";
    return out;
  }
  std::string operator()(const model::study_details& d) const {
    const auto& s = d.summary;
    const bool constrained = std::any_of(d.trials.begin(), d.trials.end(), [](const auto& t) { return t.violation; });
    std::size_t width = 13;
    for (const auto& t : d.trials) width = std::max(width, objective_text(t).size() + 2);
    std::string out = "study " + std::to_string(s.id) + " '" + s.name + "': " + std::string(to_string(s.state)) +
                      ", " + goals_text(s) + "\n" + counts_text(s) + "; best " + best_text(s) + "\n" +
                      (s.waiting.empty() ? "" : "waiting for " + s.waiting + "\n") + "\n" + pad("TRIAL", 7) +
                      pad("STATUS", 11) + pad("ITER", 6) + pad(s.objectives.empty() ? "OBJECTIVE" : "OBJECTIVES", width) +
                      (constrained ? pad("FEASIBLE", 14) : "") + "PARAMETERS\n";
    for (const auto& t : d.trials) {
      std::string params = format_params(t.parameters);
      if (!t.reason.empty()) params += "  (" + t.reason + ")";
      out += pad(std::to_string(t.id), 7) + pad(std::string(to_string(t.status)), 11) +
             pad(number(t.last_iteration), 6) + pad(objective_text(t), width) +
             (constrained ? pad(feasible_text(t), 14) : "") + params + "\n";
    }
    return out;
  }
  std::string operator()(const model::best_trial& b) const {
    if (!b.metrics.empty()) return front_text(b);
    if (b.copies)
      return "best configuration: " + b.metric + " = " + format_number(b.copies->value) + " (" +
             best_source(b.trial.id, b.copies) + "; " + spread_text(*b.copies) + ")\n" +
             format_params(b.trial.parameters) + "\n";
    return "trial " + std::to_string(b.trial.id) + ": " + b.metric + " = " + number(b.trial.objective) + "\n" +
           format_params(b.trial.parameters) + "\n";
  }
  static std::string front_text(const model::best_trial& b) {
    std::vector<std::size_t> widths;
    std::string out = "Pareto front: " + std::to_string(b.front.size()) + " trial" + (b.front.size() == 1 ? "" : "s") +
                      ", best " + b.metric + " first\n" + pad("TRIAL", 7);
    for (std::size_t i = 0; i < b.metrics.size(); ++i) {
      widths.push_back(std::max<std::size_t>(b.metrics[i].size() + 2, 13));
      out += pad(b.metrics[i], widths.back());
    }
    out += "PARAMETERS\n";
    for (const auto& t : b.front) {
      out += pad(std::to_string(t.id), 7);
      for (std::size_t i = 0; i < widths.size(); ++i)
        out += pad(number(i < t.objectives.size() ? t.objectives[i] : std::nullopt), widths[i]);
      out += format_params(t.parameters) + "\n";
    }
    return out;
  }
  std::string operator()(const model::metric_series& m) const {
    std::string names;
    for (const auto& n : m.names) names += (names.empty() ? "" : ", ") + n;
    std::string out = "metric " + m.metric + " (all: " + names + ")\n" + pad("TRIAL", 7) + pad("ITER", 8) + "VALUE\n";
    for (const auto& one : m.trials)
      for (const auto& [iteration, v] : one.points)
        out += pad(std::to_string(one.trial), 7) + pad(std::to_string(iteration), 8) + number(std::optional(v)) + "\n";
    return out;
  }
  std::string operator()(const model::results_table&) const { return ""; }  // export writes the table itself
  std::string operator()(const model::study_summary& s) const { return state_text(s); }
  std::string operator()(const model::importances& m) const {
    const auto percent = std::to_string(static_cast<int>(std::lround(m.quantile * 100))) + "%";
    if (!m.note.empty()) return "no importances yet: " + m.note + "\n";
    std::size_t width = 10;
    for (const auto& [name, share] : m.parameters) width = std::max(width, name.size() + 2);
    std::string out = "importance: how much each parameter decides being among the best " + percent + " (" +
                      std::to_string(m.top_trials) + " of " + std::to_string(m.trials) + " COMPLETED trials by " +
                      m.metric + "; PED-ANOVA)\n";
    for (const auto& [name, share] : m.parameters)
      out += pad(name, width) + pad(format_share(share), 7) +
             std::string(static_cast<std::size_t>(std::lround(share * 40)), '#') + "\n";
    return out;
  }
  std::string operator()(const model::trial_stopping& t) const {
    return "trial " + std::to_string(t.trial) + " is stopping\n";
  }
};

}  // namespace

std::string render(const model::study_reply& reply) { return std::visit(renderer{}, reply); }

}  // namespace summit::nodes
