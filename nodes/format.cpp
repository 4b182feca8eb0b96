#include "nodes/format.hpp"

#include <cstdio>

namespace summit::nodes {

std::string format_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
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

std::string progress_line(const model::study_summary& s) {
  const auto& c = s.counts;
  const std::size_t done = c.completed + c.stopped;
  std::string line = "[" + s.name + "] " + std::to_string(done);
  if (s.planned) line += "/" + std::to_string(*s.planned);
  line += " trials done · " + std::to_string(c.running) + " running · " + std::to_string(c.failed) +
          " failed";
  if (c.stopped) line += " · " + std::to_string(c.stopped) + " stopped early";
  if (s.best)
    line += " · best " + s.metric + " " + format_number(*s.best_value) + " (trial " +
            std::to_string(*s.best) + ")";
  return line;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", u);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace summit::nodes
