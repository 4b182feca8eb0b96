#pragma once
// One study read from one snapshot of the log a page of trials at a time,
// for an export that streams: no page holds more than its own trials, and
// the pages together make the table a whole load would give.

#include <memory>
#include <string>
#include <vector>

#include "model/state/registry.hpp"
#include "storage/store.hpp"

namespace summit::storage {

class study_pages {
 public:
  /// Pins a snapshot and reads the names of the study's context metrics in
  /// the order a whole load meets them (every page's rows take their columns
  /// from them). A null pointer when the study is not in the log. The store must
  /// outlive the pages.
  static expected<std::unique_ptr<study_pages>> open(const store& log, study_id study);

  struct page {
    model::registry state;  ///< the study with this page's trials only
    trial_id last = 0;      ///< the last trial in it
    bool more = false;      ///< whether trials follow it
    /// Where the next page starts, as the wire says it: 0 on the last page.
    trial_id next_after() const { return more ? last : 0; }
  };
  /// The trials after `after`, whole, until they hold at least `values`
  /// values (one trial at least).
  expected<page> read(trial_id after, std::size_t values) const;

  study_id study() const { return study_; }
  const std::vector<std::string>& metric_names() const { return metric_names_; }

 private:
  study_pages(const store& log, study_id study, std::shared_ptr<const store::snapshot> at)
      : log_(log), study_(study), at_(std::move(at)) {}

  const store& log_;
  study_id study_;
  std::shared_ptr<const store::snapshot> at_;
  std::vector<std::string> metric_names_;
};

}  // namespace summit::storage
