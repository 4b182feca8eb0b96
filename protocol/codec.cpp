#include "protocol/codec.hpp"

namespace summit::protocol {

std::string_view to_string(kind k) {
  switch (k) {
    case kind::trial_request: return "trial_request";
    case kind::trial_info: return "trial_info";
    case kind::observation: return "observation";
    case kind::ack: return "ack";
    case kind::error: return "error";
    case kind::register_worker: return "register_worker";
    case kind::run_trial: return "run_trial";
    case kind::kill_trial: return "kill_trial";
    case kind::trial_ended: return "trial_ended";
    case kind::registered: return "registered";
    case kind::heartbeat: return "heartbeat";
    case kind::ended_ack: return "ended_ack";
    case kind::observations: return "observations";
    case kind::replies: return "replies";
    case kind::study_request: return "study_request";
    case kind::study_reply: return "study_reply";
  }
  return "unknown";
}

kind kind_of(const message& m) {
  static constexpr kind kinds[] = {kind::trial_request, kind::trial_info, kind::observation,
                                   kind::ack, kind::error, kind::register_worker,
                                   kind::run_trial, kind::kill_trial, kind::trial_ended,
                                   kind::study_request, kind::study_reply, kind::registered,
                                   kind::heartbeat, kind::ended_ack, kind::observations,
                                   kind::replies};
  return kinds[m.index()];
}

summit::error make_error(errc code, std::string text) {
  return summit::error{static_cast<std::uint16_t>(code), std::move(text)};
}

}  // namespace summit::protocol
