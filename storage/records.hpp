#pragma once
// What the log stores, and how each record is encoded under its key (see
// keys.hpp). Every value starts with a format byte (1), then:
//
//   study        varint id, string spec (canonical text: one line of JSON), u8 state,
//                u8 archived, string workdir, zigzag created_ms
//   trial        varint id, varint study, params, u8 origin, varint retry_of,
//                varint attempt, u8 status, zigzag exit_code, zigzag signal,
//                u8 interrupted, string reason, string worker,
//                zigzag started_ms, zigzag ended_ms
//   observation  float64 objective, zigzag recorded_ms,
//                varint n, n × (string name, float64 value)
//   params       varint n, n × (string name, u8 tag, value), tag 1 bool (u8),
//                2 integer (zigzag), 3 float64, 4 string
//
// Strings are varint length + bytes; float64 is the IEEE bits big-endian.

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/state/study.hpp"

namespace summit::storage {

struct observation_record {
  trial_id trial = 0;
  std::int64_t iteration = 0;
  double objective = 0;
  std::vector<std::pair<std::string, double>> context;
  std::int64_t recorded_ms = 0;
};

using record = std::variant<model::study_record, model::trial_record, observation_record>;

/// Records that are stored together, in one synced write.
using batch = std::vector<record>;

/// The record's key and value.
std::pair<std::string, std::string> encode(const record& r);

expected<model::study_record> decode_study(std::string_view value);
expected<model::trial_record> decode_trial(std::string_view value);
expected<observation_record> decode_observation(std::string_view key, std::string_view value);
/// Any of the three by its key's kind; an error for a key of another kind.
expected<record> decode(std::string_view key, std::string_view value);

}  // namespace summit::storage
