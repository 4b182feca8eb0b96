#pragma once
// The RocksDB key layout, version 1. One database per data directory.
//
//   key                                         value
//   0x01 "layout"                               fixed32 big-endian layout version
//   0x02 study_id                               study record
//   0x03 study_id trial_id                      trial record
//   0x04 trial_id iteration                     observation record
//
// Ids and iterations are big-endian uint64, so RocksDB's bytewise order is
// numeric: a study's trials and a trial's observations are range scans, and
// a full scan meets every study before its trials and every trial before
// its observations, which is the order replay needs. Records are rewritten
// whole on every change (a trial's status, a study's state); observations
// are written once, and writing the same trial and iteration again replaces
// the value under the same key, so a resend is stored once.
// Record encodings are in records.hpp. A directory whose layout version is
// newer than `layout_version` is refused, not misread.

#include <cstdint>
#include <string>
#include <string_view>

#include "model/core/types.hpp"

namespace summit::storage {

inline constexpr std::uint32_t layout_version = 1;

enum class key_kind : std::uint8_t { meta = 0x01, study = 0x02, trial = 0x03, observation = 0x04 };

std::string layout_key();
std::string study_key(study_id study);
std::string trial_key(study_id study, trial_id trial);
std::string observation_key(trial_id trial, std::int64_t iteration);

/// The first key of each kind, for scans.
std::string kind_prefix(key_kind k);
/// The prefix of a study's trial keys, and of a trial's observation keys.
std::string trials_prefix(study_id study);
std::string observations_prefix(trial_id trial);

/// "trial 7", "observation 3 of trial 7": a key as an error names it.
std::string describe_key(std::string_view key);

}  // namespace summit::storage
