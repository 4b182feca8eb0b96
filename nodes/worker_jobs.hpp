#pragma once
// The worker jobs that `summit slurm workers` and `summit sge workers`
// submit from a directory: their scripts (DIR/workers-N.sh) and their job
// ids (DIR/jobs, a line each), so that `status` and `cancel` know them.

#include <string>
#include <vector>

#include "model/core/expected.hpp"

namespace summit::nodes {

class worker_jobs {
 public:
  /// The directory, made absolute; created when `create`.
  static expected<worker_jobs> at(const std::string& dir, bool create);

  const std::string& dir() const { return dir_; }
  /// DIR/workers-N.sh for the first N not taken.
  std::string next_script() const;
  void record(const std::string& job) const;
  /// Every job recorded, oldest first.
  std::vector<std::string> recorded() const;

 private:
  explicit worker_jobs(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

std::string joined(const std::vector<std::string>& items, char separator);

/// `cancel` of either scheduler: the given jobs, else every one recorded,
/// with `program` (scancel, qdel). The process exit code.
int cancel_worker_jobs(const worker_jobs& record, std::vector<std::string> jobs, const std::string& program,
                       const std::string& scheduler, const std::string& command);

}  // namespace summit::nodes
