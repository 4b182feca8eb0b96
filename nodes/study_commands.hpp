#pragma once
// `summit study submit | list | show | best | metrics | export | stop | kill |
// archive`. They ask the coordinator (--coordinator, default
// $SUMMIT_COORDINATOR or tcp://127.0.0.1:7700; with CURVE keys when given
// --key and --coordinator-key), or with --data read a data
// directory directly, without a coordinator (what `summit run` left behind;
// safe while it writes). Both answer with the same typed replies
// (coordinator/study_reads.hpp); --json prints views/study_json.hpp's
// documents of them, text is study_render.hpp's.

#include <chrono>
#include <optional>
#include <string>

#include "model/core/types.hpp"
#include "nodes/data_reads.hpp"
#include "nodes/keys.hpp"

namespace summit::nodes {

struct study_query {
  std::string command;
  std::optional<study_id> id;
  std::string data_dir;     ///< read this directory instead of asking a coordinator
  std::string coordinator;  ///< empty: $SUMMIT_COORDINATOR, else tcp://127.0.0.1:7700
  std::chrono::milliseconds timeout{5000};
  bool json = false;
  bool all = false;          ///< list: archived studies too
  std::string metric;        ///< metrics: empty for the objective
  double quantile = 0.1;     ///< importance
  std::string format = "csv";  ///< export
  std::string output;        ///< export: a file instead of stdout
  std::uint64_t page_values = default_page_values;  ///< export: values per page (whole trials a page)
  std::string study_file;    ///< submit
  client_keys keys;
};

/// The process exit code: 0 on success, 1 when refused or unreachable, 2
/// for bad arguments.
int study_command(const study_query& q);

}  // namespace summit::nodes
