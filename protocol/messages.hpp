#pragma once
// Every message that crosses a process boundary, in one place. The wire form
// of each is in codec.hpp and README.md; numbers here never change meaning
// and are never reused. Adding or changing a message touches this header,
// README.md, the fixture in tests/protocol/fixtures and, when old peers
// cannot read it, `version` — in one commit.
//
// Inside a process the same structs travel as CAF messages: the bridges only
// translate between frames and these values, so both modes run one code path.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/core/types.hpp"
#include "model/core/value.hpp"

namespace summit::protocol {

/// Carried by every frame; a frame of another version is refused.
inline constexpr std::uint32_t version = 1;

/// Frames past this size are refused before decoding.
inline constexpr std::size_t max_frame_size = std::size_t{1} << 20;

enum class kind : std::uint8_t {
  // trial process <-> worker node
  trial_request = 1,
  trial_info = 2,
  observation = 3,
  ack = 4,
  error = 5,
  // worker node <-> coordinator
  register_worker = 16,
  run_trial = 17,
  kill_trial = 18,
  trial_ended = 19,
  registered = 20,
  heartbeat = 21,
  ended_ack = 22,
  observations = 23,
  replies = 24,
  // algorithm process <-> coordinator (algorithm `external`), on the workers' socket
  serve_algorithm = 25,
  suggest = 26,
  suggestions = 27,
  // ask-and-tell client -> coordinator
  ask_trials = 28,
  study_over = 29,
  // command-line client <-> coordinator: the study commands
  // (30 and 31 were study_request and study_reply, JSON in a string; retired)
  submit_study = 32,
  list_studies = 33,
  show_study = 34,
  show_best = 35,
  show_metrics = 36,
  export_results = 37,
  stop_study = 38,
  kill_study = 39,
  archive_study = 40,
  stop_trial = 41,
  show_importance = 42,
  study_submitted = 48,
  study_list = 49,
  study_details = 50,
  best_trial = 51,
  metric_series = 52,
  dense_results = 53,  ///< a row a cell per column: read from older coordinators, never sent
  study_summary = 54,
  trial_stopping = 55,
  results = 56,        ///< rows of the cells that have a value
  importances = 57,
};

/// Stable error codes, sent in error replies. The study commands' own
/// codes (model::study_errc) start at 32.
enum class errc : std::uint8_t {
  malformed = 1,            ///< not a frame: bad msgpack, wrong shape, trailing bytes
  unsupported_version = 2,
  unknown_kind = 3,
  too_large = 4,            ///< frame, string, map or list past its limit
  invalid_field = 5,        ///< a field is missing, of the wrong type or out of range
  unknown_trial = 6,
  trial_ended = 7,          ///< observation for a trial that is no longer running
  unavailable = 8,          ///< the coordinator did not answer in time
  no_objective = 9,         ///< neither an objective nor the study's metric in context
  internal = 10,            ///< storage failed: nothing was stored
  not_registered = 11,      ///< a worker the coordinator does not know: register again
  rate_limited = 12,        ///< more frames a second than the coordinator accepts from one peer
  too_many_metrics = 13,    ///< the observation would take its study past max_context_names
  wrong_token = 14,         ///< a trial request without its trial's token
  algorithm_refused = 15,   ///< serve_algorithm or suggestions refused (unknown study, not external, a bad point)
  algorithm_busy = 16,      ///< serve_algorithm: another process serves the study; a standby offers again
};

std::string_view to_string(kind k);

/// A trial process asks for its parameters.
struct trial_request {
  trial_id trial = 0;
  std::string token = {};  ///< the trial's SUMMIT_TRIAL_TOKEN: its worker answers nothing else
};

/// The worker's answer to trial_request.
struct trial_info {
  trial_id trial = 0;
  study_id study = 0;
  params parameters;
};

/// One reported value. Without an objective, the coordinator takes the
/// study's objective metric from the context (Ray Tune's style).
struct observation {
  trial_id trial = 0;
  std::int64_t iteration = 0;
  std::optional<double> objective;
  std::vector<std::pair<std::string, double>> context;
  /// The trial's SUMMIT_TRIAL_TOKEN, from a trial to its worker; a worker
  /// relays observations to the coordinator without it.
  std::string token = {};
};

/// Sent only once the observation is durably stored. stop: the trial should
/// end (the stopping rule, `study kill` or a user decided so).
struct ack {
  trial_id trial = 0;
  std::int64_t iteration = 0;
  bool stop = false;
};

/// A refusal. For an observation relayed by a worker, trial and iteration
/// say which one (0 and -1 otherwise; not sent then).
struct error_reply {
  errc code = errc::malformed;
  std::string message;
  trial_id trial = 0;
  std::int64_t iteration = -1;
};

/// Start a trial: the worker substitutes placeholders and spawns command in
/// workdir.
struct run_trial {
  trial_id trial = 0;
  study_id study = 0;
  params parameters;
  std::string command;
  std::string workdir;
};

/// Stop a running trial. The trial's acks already say stop; unless `now`,
/// it has the grace period to end by itself, then gets SIGTERM, then
/// SIGKILL after another grace period. With `now` (`study kill`), SIGTERM
/// comes at once.
struct kill_trial {
  trial_id trial = 0;
  std::string reason;
  bool now = false;
};

/// A trial's process ended. signal is 0 when it exited on its own. The
/// worker sends it until the coordinator answers ended_ack.
struct trial_ended {
  trial_id trial = 0;
  std::int32_t exit_code = 0;
  std::int32_t signal = 0;
  /// Why it failed, when the worker knows better than the exit code (a
  /// scheduler that refused the job); empty otherwise, and then not sent.
  std::string reason;
  /// A client's last observation of the trial (tell with a value): stored
  /// with the end in one write, or refused and then nothing is stored.
  std::optional<observation> last = {};
};

/// A worker node introduces itself, on first contact and whenever it comes
/// back to a coordinator (after a restart of either): with the trials it
/// runs, which carry on under their ids, and those that ended while the
/// coordinator was away.
struct register_worker {
  std::string name;
  std::uint32_t slots = 0;
  std::vector<std::string> resources;
  std::vector<trial_id> running;
  std::vector<trial_ended> ended;
  /// A client that runs one study's trials itself (ask and tell): it gets
  /// that study's trials only. 0 for a worker node.
  study_id study = 0;
};

/// The coordinator's answer to register_worker: heartbeats go both ways
/// every heartbeat_ms; a side silent for timeout_ms is gone.
struct registered {
  std::uint32_t heartbeat_ms = 1000;
  std::uint32_t timeout_ms = 5000;
};

struct heartbeat {};

/// The coordinator has stored the trial's end.
struct ended_ack {
  trial_id trial = 0;
};

/// `summit study submit` on the wire: the study as text (the canonical text
/// of a spec the client validated, or a study file a client sends as it is),
/// which the coordinator parses (model::submit_study in the process). source
/// names the text in error messages.
struct submit_request {
  std::string text;
  std::string source;
  std::string workdir;
};

/// Many observations in one frame, worker to coordinator: under load a
/// worker sends what its trials reported meanwhile together.
struct observations {
  std::vector<observation> items;
};

/// The answers to an observations frame, in its order: each an ack or an
/// error_reply that names its trial and iteration.
struct replies {
  std::vector<std::variant<ack, error_reply>> items;
};

/// A process offers to make a study's suggestions (algorithm `external`);
/// the coordinator answers registered, then heartbeats as with a worker.
struct serve_algorithm {
  study_id study = 0;
  std::string name;  ///< for messages and `study show`
};

/// The coordinator wants up to `count` suggestions for the study. The
/// process reads what it needs (the results table) with the study commands.
struct suggest {
  study_id study = 0;
  std::uint32_t count = 1;
};

/// The process's answer to suggest: points of the study's space, and `done`
/// when it will suggest nothing more. A point outside the space is refused
/// with an error_reply and none of the answer is taken.
struct suggestions {
  study_id study = 0;
  std::vector<params> items;
  bool done = false;
};

/// A client bound to a study wants `count` more trials, each pushed as
/// run_trial when the study makes it; each trial's end gives its slot back.
struct ask_trials {
  std::uint32_t count = 1;
};

/// Coordinator -> a client bound to the study: it makes no more trials
/// (`state`: stopping, finished, stopped or killed). Sent when the study
/// leaves RUNNING, and in answer to an ask or a registration after that, so
/// that a loop over the study ends without asking the study's state.
struct study_over {
  study_id study = 0;
  study_state state = study_state::finished;
};

/// The study commands and their answers travel as the model's own types
/// (model/commands/), submit as a submit_request.
using message = std::variant<trial_request, trial_info, observation, ack, error_reply, register_worker, run_trial,
                             kill_trial, trial_ended, registered, heartbeat, ended_ack, observations, replies,
                             submit_request, model::list_studies, model::show_study, model::show_best,
                             model::show_metrics, model::export_results, model::stop_study, model::kill_study,
                             model::archive_study, model::stop_trial, model::study_submitted, model::study_list,
                             model::study_details, model::best_trial, model::metric_series, model::results_table,
                             model::study_summary, model::trial_stopping, model::show_importance,
                             model::importances, serve_algorithm, suggest, suggestions, ask_trials, study_over>;

kind kind_of(const message& m);

// Limits a decoder enforces (README.md lists them).
inline constexpr std::size_t max_string = 64 * 1024;
inline constexpr std::size_t max_name = 128;          ///< keys of params and context
inline constexpr std::size_t max_token = 128;
inline constexpr std::size_t max_entries = 1024;      ///< params, context, resources
inline constexpr std::int64_t max_iteration = (std::int64_t{1} << 53) - 1;

}  // namespace summit::protocol
