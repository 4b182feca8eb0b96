#include <signal.h>

#include <catch2/catch.hpp>

#include "actors/execution/batch_script.hpp"
#include "actors/execution/slurm_jobs.hpp"

using namespace summit::actors;

TEST_CASE("a trial's batch script sets only Summit's variables and quotes them", "[actors][slurm]") {
  const auto script = trial_job_script("python3 train.py --lr 0.1", "/home/a b",
                                       {"HOME=/root", "SUMMIT_TRIAL_ID=7", "SUMMIT_PARAMS={\"act\":\"it's\"}",
                                        "PATH=/opt/summit:/usr/bin"});
  CHECK(script.find("export HOME") == std::string::npos);  // the scheduler passes the worker's own
  CHECK(script.find("export SUMMIT_TRIAL_ID=7\n") != std::string::npos);
  CHECK(script.find("export SUMMIT_PARAMS='{\"act\":\"it'\\''s\"}'\n") != std::string::npos);
  CHECK(script.find("export PATH=/opt/summit:/usr/bin\n") != std::string::npos);
  CHECK(script.find("cd '/home/a b' || exit 127\n") != std::string::npos);
  CHECK(script.find("exec /bin/sh -c 'python3 train.py --lr 0.1'\n") != std::string::npos);
}

TEST_CASE("scontrol's record of a job becomes the trial's end", "[actors][slurm]") {
  const auto job = [](const std::string& state, const std::string& code) {
    return parse_job("JobId=12 JobName=summit-trial-3 UserId=root(0) JobState=" + state +
                     " Reason=None Dependency=(null) ExitCode=" + code + " RunTime=00:00:02");
  };
  REQUIRE(job("RUNNING", "0:0"));
  CHECK_FALSE(job("RUNNING", "0:0")->ended());
  CHECK_FALSE(job("PENDING", "0:0")->ended());
  CHECK(job("COMPLETED", "0:0")->ended());
  CHECK(outcome_of(*job("COMPLETED", "0:0")).exit_code == 0);
  CHECK(outcome_of(*job("FAILED", "3:0")).exit_code == 3);
  CHECK(outcome_of(*job("FAILED", "0:9")).signal == 9);
  CHECK(outcome_of(*job("CANCELLED", "0:15")).signal == SIGTERM);
  CHECK(outcome_of(*job("TIMEOUT", "0:0")).signal == SIGKILL);
  CHECK(outcome_of(*job("OUT_OF_MEMORY", "0:125")).signal == SIGKILL);
  CHECK_FALSE(parse_job("slurm_load_jobs error: Invalid job id specified"));
  CHECK(job("COMPLETED", "garbage")->exit_code == 0);
}
