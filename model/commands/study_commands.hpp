#pragma once
// The study commands (`summit study ...`, the dashboard, a Python client):
// one request type per command. The coordinator answers every one of them;
// a data directory read without a coordinator answers the reads only. The
// answers are in study_replies.hpp, the refusals' codes in study_errors.hpp.

#include <cstdint>
#include <string>
#include <variant>

#include "model/spec/study_spec.hpp"

namespace summit::model {

/// A new study. workdir: where its trials run (the study file's directory).
struct submit_study {
  study_spec spec;
  std::string workdir;
};

/// Every study, the archived ones too when asked.
struct list_studies {
  bool archived = false;
};

/// One study with its search space and trials.
struct show_study {
  study_id study = 0;
};

/// The study's best COMPLETED trial.
struct show_best {
  study_id study = 0;
};

/// One metric's series per trial: the objective when `metric` is empty.
struct show_metrics {
  study_id study = 0;
  std::string metric;
};

/// The results table, whole (page_values 0) or a page at a time: the rows of
/// the whole trials after trial `after`, until they hold about page_values
/// values. A page names the snapshot it was read from; asking for the next
/// page with it reads the same snapshot, so the pages make one table. A
/// reader without a log to page sends the whole table as one page.
struct export_results {
  study_id study = 0;
  std::uint64_t page_values = 0;
  trial_id after = 0;
  std::uint64_t snapshot = 0;  ///< 0: a new one
};

/// No new trials; running ones finish (STOPPING, then STOPPED).
struct stop_study {
  study_id study = 0;
};

/// Running trials are stopped now; the study is KILLED.
struct kill_study {
  study_id study = 0;
};

/// Hidden from list unless asked; nothing is deleted.
struct archive_study {
  study_id study = 0;
};

/// A user's stop of one running trial: it ends STOPPED after its grace period.
struct stop_trial {
  study_id study = 0;
  trial_id trial = 0;
};

/// Which parameters mattered for reaching the best `quantile` of the
/// COMPLETED trials (PED-ANOVA, algorithms/importance/ped_anova.hpp).
struct show_importance {
  study_id study = 0;
  double quantile = 0.1;
};

using study_command = std::variant<submit_study, list_studies, show_study, show_best, show_metrics,
                                   export_results, stop_study, kill_study, archive_study, stop_trial,
                                   show_importance>;

/// Whether the command only reads (a data directory can answer it).
bool is_read(const study_command& c);

/// Its name on the command line: submit, list, show, best, metrics, export,
/// stop, kill, archive, stop-trial, importance.
std::string_view name_of(const study_command& c);

}  // namespace summit::model
