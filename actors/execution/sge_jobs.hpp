#pragma once
// Grid Engine's view of jobs read back as trials' ends. Pure functions over
// the text of qstat and qacct (../shared/cluster/sge_single_node.md has the
// states and the exit-status table); sge_scheduler runs the commands.

#include <map>
#include <optional>
#include <string>

namespace summit::actors {

/// `qstat -u '*'`: each job's state ("qw", "hqw", "t", "r", "dr", "Eqw",
/// ...) by job id; an array job's rows (a task, or a range still waiting)
/// joined by commas. A finished job is absent: qacct knows how it ended.
std::map<std::string, std::string> parse_qstat(const std::string& text);

/// A state in which the job will not run without help: "Eqw" (never
/// started: an output file it cannot open, a missing directory).
bool in_error(const std::string& state);

/// The "error reason" lines of `qstat -j ID`, joined; empty when none.
std::string error_reason(const std::string& qstat_j);

/// What `qacct -j ID` records of a job that ended.
struct accounting {
  int failed = 0;           ///< 0: the job exited by itself
  std::string failed_text;  ///< why Grid Engine failed or killed it
  int exit_status = 0;
};

/// The newest record (job ids are reused; the accounting file keeps the
/// old jobs'); nothing when there is none yet ("job id N not found").
std::optional<accounting> parse_qacct(const std::string& text);

struct sge_outcome {
  int exit_code = 0;   ///< -1 when a signal or Grid Engine ended it
  int signal = 0;
  std::string reason;  ///< empty when the exit status says it all
};

/// failed 0: the job's exit status (128 + S: killed by signal S). failed
/// 100 (deleted by qdel while it ran): SIGTERM, as a stop. Any other
/// failure (37: h_rt exceeded, 26: an output file, 28: the working
/// directory, ...) is Grid Engine's, with its words as the reason.
sge_outcome outcome_of(const accounting& a);

}  // namespace summit::actors
