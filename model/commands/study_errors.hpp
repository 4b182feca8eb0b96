#pragma once
// Why a study command was refused: stable numbers that cross the wire in an
// error frame's `code` (protocol/README.md lists them beside the protocol's
// own, which stay below 32), each with a one-line message.

#include <cstdint>
#include <string>

#include "model/core/expected.hpp"
#include "model/core/types.hpp"

namespace summit::model {

enum class study_errc : std::uint8_t {
  unknown_study = 32,       ///< no study with that id
  unknown_trial = 33,       ///< the study has no trial with that id
  unknown_metric = 34,      ///< the study has no metric of that name
  no_completed_trial = 35,  ///< nothing to call best yet
  wrong_state = 36,         ///< the trial or study is not in a state the command applies to
  invalid_study = 37,       ///< the study file was refused; the message says where and why
  read_only = 38,           ///< a change asked of a data directory read without a coordinator
};

inline summit::error make_error(study_errc code, std::string message) {
  return summit::error{static_cast<std::uint16_t>(code), std::move(message)};
}

/// "no study 7"
inline summit::error unknown_study(study_id id) {
  return make_error(study_errc::unknown_study, "no study " + std::to_string(id));
}

}  // namespace summit::model
