#include <signal.h>

#include <catch2/catch.hpp>

#include "actors/execution/sge_jobs.hpp"

using namespace summit::actors;

// As Debian 12's gridengine 8.1.9 prints them (../shared/cluster/sge_single_node.md).
const char* const qstat_text =
    "job-ID  prior   name       user         state submit/start at     queue                          slots ja-task-ID \n"
    "-----------------------------------------------------------------------------------------------------------------\n"
    "      1 0.50000 summit-tri root         r     12/04/2026 22:14:06 all.q@vm                           1        \n"
    "      2 0.50000 bad        root         Eqw   12/04/2026 22:14:21                                    1        \n"
    "     13 0.00000 summit-tri root         qw    12/04/2026 22:14:22                                    1        \n"
    "     14 0.50000 arr        root         r     12/04/2026 22:14:23 all.q@vm                           1 1\n";

TEST_CASE("qstat's table gives each job's state; a finished job is absent", "[actors][sge]") {
  const auto jobs = parse_qstat(qstat_text);
  CHECK(jobs.size() == 4);
  CHECK(jobs.at("1") == "r");
  CHECK(jobs.at("2") == "Eqw");
  CHECK(jobs.at("13") == "qw");
  CHECK(in_error(jobs.at("2")));
  CHECK_FALSE(in_error(jobs.at("13")));
  CHECK_FALSE(in_error("dr"));
  CHECK(parse_qstat("").empty());
  const auto array = parse_qstat(std::string(qstat_text) +
                                 "     14 0.50000 arr        root         r     12/04/2026 22:14:23 all.q@vm   1 2\n"
                                 "     14 0.50000 arr        root         qw    12/04/2026 22:14:23           1 3-4:1\n");
  CHECK(array.at("14") == "r,r,qw");
}

TEST_CASE("qstat -j says why a job could not start", "[actors][sge]") {
  const std::string text =
      "job_number:                 2\n"
      "error reason          1:      12/04/2026 22:14:21 [0:14124]: error: can't open output file "
      "\"/nonexistent/out.log\": No such file or directory\n"
      "scheduling info:            Job is in error state\n";
  CHECK(error_reason(text) == "can't open output file \"/nonexistent/out.log\": No such file or directory");
  CHECK(error_reason("job_number: 2\n").empty());
}

std::string record(const std::string& failed, int exit_status, const std::string& job = "7") {
  return "==============================================================\n"
         "qname        all.q               \n"
         "jobnumber    " + job + "                   \n"
         "failed       " + failed + "    \n"
         "exit_status  " + std::to_string(exit_status) + "                   \n"
         "ru_wallclock 0s\n";
}

TEST_CASE("qacct's record of a job becomes the trial's end", "[actors][sge]") {
  const auto outcome = [](const std::string& failed, int status) { return outcome_of(*parse_qacct(record(failed, status))); };
  CHECK(outcome("0", 0).exit_code == 0);
  CHECK(outcome("0", 3).exit_code == 3);
  CHECK(outcome("0", 127).exit_code == 127);  // command not found
  CHECK(outcome("0", 137).signal == SIGKILL);  // killed inside the job
  CHECK(outcome("100 : assumedly after job", 137).signal == SIGTERM);  // qdel: a stop
  const auto limit = outcome("37  : qmaster enforced h_rt, h_cpu, or h_vmem limit", 137);
  CHECK(limit.signal == SIGKILL);
  CHECK(limit.reason == "Grid Engine ended the job: qmaster enforced h_rt, h_cpu, or h_vmem limit (failed 37)");
  CHECK(outcome("26  : opening input/output file", 0).reason.find("opening input/output file") != std::string::npos);
  CHECK_FALSE(parse_qacct("error: job id 7 not found"));
  CHECK_FALSE(parse_qacct(""));
}

TEST_CASE("qacct's newest record counts: job ids come round again", "[actors][sge]") {
  const auto a = parse_qacct(record("0", 5) + record("0", 0));
  REQUIRE(a);
  CHECK(a->exit_status == 0);
  CHECK(a->failed == 0);
}
