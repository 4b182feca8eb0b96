#include "nodes/repair_command.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "nodes/failure.hpp"
#include "nodes/format.hpp"
#include "storage/salvage.hpp"

namespace summit::nodes {

namespace {

/// "3, 7-9, 12": ids in ascending order as ranges.
std::string id_ranges(const std::vector<trial_id>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    out += (out.empty() ? "" : ", ") + std::to_string(ids[i]) + (j > i ? "-" + std::to_string(ids[j]) : "");
    i = j + 1;
  }
  return out;
}

std::string counted(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

int repair(const std::string& data_dir, std::string into) {
  if (into.empty()) {
    auto base = data_dir;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    into = base + ".repaired";
  }
  auto report = storage::salvage(data_dir, into);
  if (!report) return fail("summit repair", report.error().message);
  const auto& r = *report;
  std::printf("salvaged into %s: %s, %s, %s\n", printable(into).c_str(), counted(r.studies, "study", "studies").c_str(),
              counted(r.trials, "trial", "trials").c_str(),
              counted(r.observations, "observation", "observations").c_str());
  if (!r.lost_anything()) {
    std::printf("nothing was lost: every record of %s was intact\n", printable(data_dir).c_str());
    return 0;
  }
  for (const auto& line : r.damage) std::printf("lost: %s\n", printable(line).c_str());
  for (const auto& key : r.undecodable) std::printf("lost: %s\n", printable(key).c_str());
  if (!r.missing_trials.empty())
    std::printf("lost: every record of trial%s %s\n", r.missing_trials.size() > 1 ? "s" : "",
                id_ranges(r.missing_trials).c_str());
  if (r.orphans > 0)
    std::printf("lost: %llu trials and observations whose study or trial record was lost\n",
                static_cast<unsigned long long>(r.orphans));
  std::printf(
      "A lost record's older version, where one was written, takes its place: a study may be running again and "
      "a trial without its end, which resumes as after a crash.\n"
      "%s is unchanged. Check the salvage (summit study list --data %s), then move it in its place.\n",
      printable(data_dir).c_str(), printable(into).c_str());
  return 0;
}

}  // namespace summit::nodes
