#pragma once
// Answers the study commands that read a whole study (export) from a
// snapshot of the log, in a thread of its own, so that the coordinator's
// actor goes on answering everything else meanwhile. The log is the
// coordinator's state (it applies a record only once stored), so the answer
// is the one the coordinator would give, as of the moment it is read.
//
//   (study_atom, model::export_results) -> expected<model::study_reply>
//   (frame_atom, model::export_results) -> std::string
//       the answer as the frame a command-line client gets, encoded here
//
// A paged export (page_values > 0) is read from one snapshot of the log:
// the first page pins it and reads the study's metric names (the columns),
// each page then loads only its own trials from it, so the pages make one
// table however the study moves on meanwhile, and no page holds the study.
// A snapshot is let go after its last page, after two minutes without a
// page, or when a fifth paged export starts.

#include <memory>

#include <caf/all.hpp>

#include "storage/store.hpp"

namespace summit::actors {

caf::actor spawn_study_reader(caf::actor_system& sys, std::shared_ptr<const storage::store> log);

}  // namespace summit::actors
