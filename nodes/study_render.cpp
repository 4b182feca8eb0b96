#include "nodes/study_render.hpp"

#include "nodes/format.hpp"

namespace summit::nodes {

namespace {

using json = nlohmann::ordered_json;

/// s left-aligned in a column of `width`, always followed by some space.
std::string pad(std::string s, std::size_t width) {
  s.append(s.size() + 2 <= width ? width - s.size() : 2, ' ');
  return s;
}

std::string number(const json& j) {
  if (j.is_null()) return "-";
  if (j.is_number_float()) return format_number(j.get<double>());
  return j.dump();
}

std::string params_text(const json& p) {
  std::string out;
  for (const auto& [name, v] : p.items())
    out += (out.empty() ? "" : " ") + name + "=" + (v.is_string() ? v.get<std::string>() : number(v));
  return out;
}

std::string counts_text(const json& s) {
  const auto& c = s["counts"];
  const auto done = c["COMPLETED"].get<std::size_t>() + c["STOPPED"].get<std::size_t>();
  std::string text = std::to_string(done);
  if (!s["planned"].is_null()) text += "/" + s["planned"].dump();
  return text + " done, " + c["RUNNING"].dump() + " running, " + c["FAILED"].dump() + " failed";
}

std::string best_text(const json& s) {
  if (s["best"].is_null()) return "-";
  return number(s["best"]["objective"]) + " (trial " + s["best"]["trial"].dump() + ")";
}

}  // namespace

std::string render_list(const json& studies) {
  std::string out = pad("ID", 6) + pad("NAME", 24) + pad("STATE", 10) + pad("TRIALS", 34) + "BEST\n";
  for (const auto& s : studies) {
    std::string state = s["state"].get<std::string>();
    if (s["archived"].get<bool>()) state += "*";
    out += pad(s["id"].dump(), 6) + pad(s["name"].get<std::string>(), 24) + pad(state, 10) +
           pad(counts_text(s), 34) + best_text(s) + "\n";
  }
  return out;
}

std::string render_show(const json& s) {
  std::string out = "study " + s["id"].dump() + " '" + s["name"].get<std::string>() + "': " +
                    s["state"].get<std::string>() + ", " + s["goal"].get<std::string>() + " " +
                    s["metric"].get<std::string>() + "\n" + counts_text(s) + "; best " + best_text(s) +
                    "\n\n" + pad("TRIAL", 7) + pad("STATUS", 11) + pad("ITER", 6) + pad("OBJECTIVE", 13) +
                    "PARAMETERS\n";
  for (const auto& t : s["trials"]) {
    std::string params = params_text(t["parameters"]);
    if (t.contains("reason")) params += "  (" + t["reason"].get<std::string>() + ")";
    out += pad(t["id"].dump(), 7) + pad(t["status"].get<std::string>(), 11) + pad(number(t["last_iteration"]), 6) +
           pad(number(t["objective"]), 13) + params + "\n";
  }
  return out;
}

std::string render_best(const json& t, const std::string& metric) {
  return "trial " + t["id"].dump() + ": " + metric + " = " + number(t["objective"]) + "\n" +
         params_text(t["parameters"]) + "\n";
}

std::string render_metrics(const json& m) {
  std::string names;
  for (const auto& n : m["names"]) names += (names.empty() ? "" : ", ") + n.get<std::string>();
  std::string out = "metric " + m["metric"].get<std::string>() + " (all: " + names + ")\n" + pad("TRIAL", 7) +
                    pad("ITER", 8) + "VALUE\n";
  for (const auto& s : m["series"])
    for (const auto& p : s["points"]) out += pad(s["trial"].dump(), 7) + pad(p[0].dump(), 8) + number(p[1]) + "\n";
  return out;
}

std::string render_state(const json& s) {
  std::string out = "study " + s["id"].dump() + " '" + s["name"].get<std::string>() + "' is " +
                    s["state"].get<std::string>();
  if (s["archived"].get<bool>()) out += " (archived)";
  return out + "\n";
}

}  // namespace summit::nodes
