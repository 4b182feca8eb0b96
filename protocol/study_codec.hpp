#pragma once
// The bodies of the study commands and their answers (kinds 32 to 56; the
// fields are in README.md). Internal to protocol/: encode() and decode()
// call these for those kinds.

#include <optional>

#include "protocol/body_writer.hpp"
#include "model/state/study.hpp"
#include "protocol/codec.hpp"
#include "protocol/study_messages.hpp"

namespace summit::protocol::detail {

void encode_study_body(packer& pk, const submit_request& m);
void encode_study_body(packer& pk, const model::list_studies& m);
void encode_study_body(packer& pk, const model::show_study& m);
void encode_study_body(packer& pk, const model::show_best& m);
void encode_study_body(packer& pk, const model::show_metrics& m);
void encode_study_body(packer& pk, const model::export_results& m);
void encode_study_body(packer& pk, const model::stop_study& m);
void encode_study_body(packer& pk, const model::kill_study& m);
void encode_study_body(packer& pk, const model::archive_study& m);
void encode_study_body(packer& pk, const model::stop_trial& m);
void encode_study_body(packer& pk, const model::study_submitted& m);
void encode_study_body(packer& pk, const model::study_list& m);
void encode_study_body(packer& pk, const model::study_details& m);
void encode_study_body(packer& pk, const model::best_trial& m);
void encode_study_body(packer& pk, const model::metric_series& m);
void encode_study_body(packer& pk, const model::results_table& m);
/// The body of model::make_results_page(s, page.metric_names), packed a row at a time.
void encode_results_body(packer& pk, const model::study& s, const results_page& page);
void encode_study_body(packer& pk, const model::study_summary& m);
void encode_study_body(packer& pk, const model::trial_stopping& m);
void encode_study_body(packer& pk, const model::show_importance& m);
void encode_study_body(packer& pk, const model::importances& m);

class body_reader;
/// Kind 56 (rows of the cells that have a value), and kind 53 as coordinators
/// before it sent the table (a cell per column, nil where none): results_codec.cpp.
model::results_table read_results(const body_reader& r);
model::results_table read_dense_results(const body_reader& r);

/// The message, when k is a study kind; throws a refusal for a bad body.
std::optional<message> decode_study_body(kind k, const msgpack::object& body, const decode_limits& limits);

}  // namespace summit::protocol::detail
