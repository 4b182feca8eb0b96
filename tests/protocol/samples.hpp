#pragma once
// One sample of every message kind, shared by the round-trip and fixture
// tests. Changing a sample changes the fixture: regenerate it only together
// with a protocol version change (see protocol/README.md).

#include <utility>
#include <vector>

#include "protocol/messages.hpp"

namespace summit::test {

inline std::vector<std::pair<std::string, protocol::message>> protocol_samples() {
  using namespace protocol;
  return {
      {"trial_request", trial_request{7}},
      {"trial_info", trial_info{7, 2, {{"lr", 0.001}, {"units", std::int64_t{64}},
                                       {"act", std::string("relu")}, {"bn", true}}}},
      {"observation", observation{7, 3, 0.25, {{"acc", 0.9}, {"loss", 0.25}}}},
      {"observation_without_objective", observation{7, 4, std::nullopt, {{"val_loss", 0.5}}}},
      {"ack", ack{7, 3, true}},
      {"error", error_reply{errc::unknown_trial, "unknown trial 9"}},
      {"error_about_an_observation", error_reply{errc::trial_ended, "trial 7 has already ended", 7, 3}},
      {"register_worker", register_worker{"node-a", 4, {"gpu0", "gpu1"}, {7, 8}, {trial_ended{6, 0, 0, {}}}}},
      {"registered", registered{1000, 5000}},
      {"heartbeat", heartbeat{}},
      {"ended_ack", ended_ack{6}},
      {"observations", observations{{observation{7, 3, 0.25, {{"acc", 0.9}}}, observation{8, 1, std::nullopt, {}}}}},
      {"replies", replies{{ack{7, 3, false}, error_reply{errc::trial_ended, "trial 8 has already ended", 8, 1}}}},
      {"run_trial", run_trial{7, 2, {{"x", -1.5}}, "python3 train.py --x :x:", "/home/u/study"}},
      {"kill_trial", kill_trial{7, "stopping rule", true}},
      {"trial_ended", trial_ended{7, -1, 15, {}}},
      {"trial_ended_reason", trial_ended{8, 127, 0, "SLURM refused the trial: invalid partition"}},
      {"study_request", study_request{"submit", 0, {{"source", "s.yaml"}, {"text", "name: x"}}}},
      {"study_reply", study_reply{R"({"id":3})"}},
  };
}

}  // namespace summit::test
