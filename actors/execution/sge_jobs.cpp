#include "actors/execution/sge_jobs.hpp"

#include <signal.h>

#include <sstream>

namespace summit::actors {

namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

int number(const std::string& text) {
  try {
    return std::stoi(text);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

std::map<std::string, std::string> parse_qstat(const std::string& text) {
  std::map<std::string, std::string> jobs;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string id, priority, name, user, state;
    // Rows start with a job id; the header and its dashes do not.
    if (!(fields >> id >> priority >> name >> user >> state)) continue;
    if (id.find_first_not_of("0123456789") != std::string::npos) continue;
    auto& states = jobs[id];
    states += (states.empty() ? "" : ",") + state;
  }
  return jobs;
}

bool in_error(const std::string& state) { return state.find('E') != std::string::npos; }

std::string error_reason(const std::string& qstat_j) {
  std::string out;
  std::istringstream lines(qstat_j);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("error reason", 0) != 0) continue;
    // "error reason    1:      12/04/2026 22:14:21 [0:14124]: error: can't open ..."
    auto at = line.find("]: ");
    std::string why = trimmed(at == std::string::npos ? line.substr(line.find(':') + 1) : line.substr(at + 3));
    if (why.rfind("error: ", 0) == 0) why = why.substr(7);
    out += (out.empty() ? "" : "; ") + why;
  }
  return out;
}

std::optional<accounting> parse_qacct(const std::string& text) {
  std::optional<accounting> newest;
  std::optional<accounting> current;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("=====", 0) == 0) {
      if (current) newest = current;
      current = accounting{};
      continue;
    }
    if (!current) continue;
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    std::string rest;
    std::getline(fields, rest);
    rest = trimmed(rest);
    if (key == "failed") {
      current->failed = number(rest);
      const auto colon = rest.find(':');
      current->failed_text = colon == std::string::npos ? "" : trimmed(rest.substr(colon + 1));
    } else if (key == "exit_status") {
      current->exit_status = number(rest);
    }
  }
  if (current) newest = current;
  return newest;
}

sge_outcome outcome_of(const accounting& a) {
  if (a.failed == 0) {
    if (a.exit_status >= 128 && a.exit_status < 128 + 65) return {-1, a.exit_status - 128, ""};
    return {a.exit_status, 0, ""};
  }
  if (a.failed == 100) return {-1, SIGTERM, ""};  // qdel while it ran: a stop or a kill
  const std::string why = a.failed_text.empty() ? "failed " + std::to_string(a.failed)
                                                : a.failed_text + " (failed " + std::to_string(a.failed) + ")";
  return {-1, SIGKILL, "Grid Engine ended the job: " + why};
}

}  // namespace summit::actors
