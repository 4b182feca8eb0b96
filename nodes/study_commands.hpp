#pragma once
// `summit study list | show ID | best ID | export ID --format csv|json`,
// reading a data directory directly (--data DIR): the way to inspect what
// `summit run` left behind. Safe while `summit run` writes to it.

#include <optional>
#include <string>

#include "algorithms/core/types.hpp"

namespace summit::nodes {

struct study_query {
  std::string data_dir;
  bool json = false;
  bool all = false;  ///< list: archived studies too
  std::optional<study_id> id;
  std::string format = "csv";  ///< export
  std::string output;          ///< export: a file instead of stdout
};

int study_list(const study_query& q);
int study_show(const study_query& q);
int study_best(const study_query& q);
int study_export(const study_query& q);

}  // namespace summit::nodes
