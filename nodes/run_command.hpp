#pragma once
// `summit run STUDY.yaml [--data DIR] [--workers N]`: runs a study to the end
// in one process, or resumes it when DIR already holds a study of that name.

#include <chrono>
#include <string>

namespace summit::nodes {

struct run_options {
  std::string study_file;
  std::string data_dir = "summit-data";
  unsigned workers = 0;  ///< 0: the number of cores
  std::chrono::milliseconds kill_grace{10000};
  int dashboard_port = -1;  ///< -1: no dashboard; 0: any free port
  std::string dashboard_host = "127.0.0.1";
};

/// The process exit code: 0 when the study finished with a best trial, 1
/// when it could not run or no trial completed, 2 for a bad study file, 130
/// when interrupted (rerun to resume).
int run_study(const run_options& options);

}  // namespace summit::nodes
