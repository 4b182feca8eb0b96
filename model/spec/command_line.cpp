#include "model/spec/command_line.hpp"

#include <regex>

namespace summit::model {

namespace {

const std::regex& placeholder() {
  static const std::regex r(":([A-Za-z_][A-Za-z0-9_]*):");
  return r;
}

/// The longest text a parameter's value can take: its values', or its
/// range's ends (a number's text is short either way).
std::string longest_text(const parameter& p) {
  std::string longest;
  const auto consider = [&longest](const std::string& t) {
    if (t.size() > longest.size()) longest = t;
  };
  if (p.values.empty()) {
    consider(to_text(p.low));
    consider(to_text(p.high));
    consider(std::string(24, '0'));  // any double's shortest text
  }
  for (const auto& v : p.values) consider(to_text(v));
  return longest;
}

/// An upper bound on a string's length in JSON (SUMMIT_PARAMS).
std::size_t json_length(const std::string& s) {
  std::size_t n = 2;
  for (unsigned char c : s) n += c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
  return n;
}

std::string bytes(std::size_t n) { return std::to_string(n) + " bytes"; }

}  // namespace

std::string shell_quote(std::string_view s) {
  static const std::string safe =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+=.,:/@%";
  if (!s.empty() && s.find_first_not_of(safe) == std::string_view::npos) return std::string(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string substitute(std::string_view command, const params& p) {
  const std::string text(command);
  std::string out;
  std::size_t copied = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder()); it != std::sregex_iterator(); ++it) {
    // A parameter without a value is inactive in this trial (`when:`): its
    // placeholder becomes an empty word, so later arguments keep their place.
    auto found = p.find((*it)[1].str());
    const auto at = static_cast<std::size_t>(it->position(0));
    out += text.substr(copied, at - copied) + shell_quote(found == p.end() ? "" : to_text(found->second));
    copied = at + static_cast<std::size_t>(it->length(0));
  }
  return out + text.substr(copied);
}

std::optional<exec_limit_error> exceeds_exec_limits(const study_spec& spec) {
  const std::string limit = "the kernel's limit of " + bytes(max_exec_string) + " for one";
  params longest;
  std::size_t all_params_json = 2;
  const parameter* widest = nullptr;
  for (const auto& p : spec.space.parameters()) {
    const auto text = longest_text(p);
    const auto variable = std::string("SUMMIT_PARAM_") + p.name + "=";
    if (variable.size() + text.size() >= max_exec_string)
      return exec_limit_error{"parameters." + p.name, "a value of " + bytes(text.size()) + " is past " + limit +
                                                          " environment variable (" + variable + "...)"};
    all_params_json += json_length(p.name) + 1 + json_length(text) + 1;
    if (!widest || text.size() > longest_text(*widest).size()) widest = &p;
    longest[p.name] = text;
  }
  if (std::string("SUMMIT_PARAMS=").size() + all_params_json >= max_exec_string)
    return exec_limit_error{"parameters." + widest->name,
                            "with the longest values SUMMIT_PARAMS takes up to " + bytes(all_params_json) +
                                ", past " + limit + " environment variable ('" + widest->name + "' is the longest)"};
  const auto command = substitute(spec.command, longest);
  if (command.size() >= max_exec_string)
    return exec_limit_error{"command", "with the longest value of each parameter the command takes " +
                                           bytes(command.size()) + ", past " + limit + " argument" +
                                           (widest ? " ('" + widest->name + "' is the longest)" : "")};
  return std::nullopt;
}

}  // namespace summit::model
