#pragma once
// The CAF message vocabulary inside a Summit process. Payloads are the
// protocol/ structs (what crosses processes) and the algorithms/ and
// storage/ values (what stays inside). CAF never serializes them — the wire
// is protocol/'s msgpack — so they are registered as in-process types.

#include <functional>

#include <caf/all.hpp>

#include "algorithms/search/algorithm.hpp"
#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/results/summary.hpp"
#include "model/spec/study_spec.hpp"
#include "protocol/messages.hpp"
#include "storage/records.hpp"
#include "storage/store.hpp"

namespace summit::actors {

using register_atom = caf::atom_constant<caf::atom("register")>;
using run_atom = caf::atom_constant<caf::atom("run")>;
using kill_atom = caf::atom_constant<caf::atom("kill")>;
using ended_atom = caf::atom_constant<caf::atom("ended")>;
using observe_atom = caf::atom_constant<caf::atom("observe")>;
using summary_atom = caf::atom_constant<caf::atom("summary")>;
using write_atom = caf::atom_constant<caf::atom("write")>;
using flush_atom = caf::atom_constant<caf::atom("flush")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using suggest_atom = caf::atom_constant<caf::atom("suggest")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using exited_atom = caf::atom_constant<caf::atom("exited")>;
using escalate_atom = caf::atom_constant<caf::atom("escalate")>;
using bridge_atom = caf::atom_constant<caf::atom("bridge")>;
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using resume_atom = caf::atom_constant<caf::atom("resume")>;
using study_atom = caf::atom_constant<caf::atom("study")>;
using lost_atom = caf::atom_constant<caf::atom("lost")>;
using claim_atom = caf::atom_constant<caf::atom("claim")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using frame_atom = caf::atom_constant<caf::atom("frame")>;
using serve_atom = caf::atom_constant<caf::atom("serve")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;
using waiting_atom = caf::atom_constant<caf::atom("waiting")>;
using ask_atom = caf::atom_constant<caf::atom("ask")>;
using fitted_atom = caf::atom_constant<caf::atom("fitted")>;
using over_atom = caf::atom_constant<caf::atom("over")>;

/// How the coordinator reaches a remote worker or client: the message posted
/// straight to its socket (thread-safe), with no actor in between to wait
/// for a thread under load.
using remote_outlet = std::function<void(const protocol::message&)>;

/// A frame a trial process sent to the worker's bridge, and the ZeroMQ
/// routing frames its reply must carry.
struct bridge_request {
  std::vector<std::string> envelope;
  protocol::message msg;
};

}  // namespace summit::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::message)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::observation)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::register_worker)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::run_trial)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::kill_trial)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::study_over)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::trial_ended)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::observations)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::replies)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::serve_algorithm)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::suggest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::protocol::suggestions)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::model::study_spec)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::algorithms::history)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::algorithms::suggestion)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<summit::algorithms::suggestion>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::model::study_summary)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::model::study_command)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::model::export_results)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::expected<summit::model::study_reply>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::storage::batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::storage::store::counters)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::status)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::actors::bridge_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<summit::actors::bridge_request>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(summit::actors::remote_outlet)
