#include <algorithm>

#include <catch2/catch.hpp>

#include "actors/execution/command_line.hpp"

using namespace summit;
using namespace summit::actors;

TEST_CASE("shell_quote leaves plain words bare and quotes the rest", "[actors]") {
  CHECK(shell_quote("0.001") == "0.001");
  CHECK(shell_quote("relu") == "relu");
  CHECK(shell_quote("/a/b-c_d") == "/a/b-c_d");
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("a b") == "'a b'");
  CHECK(shell_quote("$(rm -rf /)") == "'$(rm -rf /)'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
}

TEST_CASE("substitute replaces each placeholder once, with the quoted value", "[actors]") {
  params p{{"lr", 0.001}, {"act", std::string("a;b")}, {"sneaky", std::string(":lr:")}};
  CHECK(substitute("train --lr :lr: --act=:act: :sneaky:", p) == "train --lr 0.001 --act='a;b' :lr:");
}

TEST_CASE("an inactive parameter's placeholder becomes an empty word", "[actors]") {
  params p{{"optimizer", std::string("adam")}};
  CHECK(substitute("train --opt :optimizer: --momentum :momentum: --x", p) == "train --opt adam --momentum '' --x");
}

TEST_CASE("the trial environment carries every variable of PRODUCT.md section 3", "[actors]") {
  protocol::run_trial run{12, 3, {{"lr", 0.5}, {"units", std::int64_t{64}}}, "cmd", "/w"};
  trial_context ctx{"tcp://127.0.0.1:5555", "gpu1", "/py", "/bin/summit", "00ff", ""};
  const auto env = trial_environment(run, ctx, {"PATH=/usr/bin", "HOME=/root", "SUMMIT_TRIAL_ID=999"});
  const auto has = [&](const std::string& entry) {
    return std::find(env.begin(), env.end(), entry) != env.end();
  };
  CHECK(has("SUMMIT_TRIAL_ID=12"));
  CHECK(has("SUMMIT_STUDY_ID=3"));
  CHECK(has("SUMMIT_ENDPOINT=tcp://127.0.0.1:5555"));
  CHECK(has("SUMMIT_RESOURCE=gpu1"));
  CHECK(has("SUMMIT_TRIAL_TOKEN=00ff"));
  CHECK(std::none_of(env.begin(), env.end(), [](const std::string& e) { return e.rfind("SUMMIT_WORKER_KEY=", 0) == 0; }));
  ctx.worker_key = "pub";
  const auto encrypted = trial_environment(run, ctx, {});
  CHECK(std::find(encrypted.begin(), encrypted.end(), "SUMMIT_WORKER_KEY=pub") != encrypted.end());
  CHECK(has(R"(SUMMIT_PARAMS={"lr":0.5,"units":64})"));
  CHECK(has("SUMMIT_PARAM_lr=0.5"));
  CHECK(has("SUMMIT_PARAM_units=64"));
  CHECK(has("PYTHONPATH=/py"));
  CHECK(has("PATH=/bin/summit:/usr/bin"));
  CHECK(has("HOME=/root"));
  CHECK_FALSE(has("SUMMIT_TRIAL_ID=999"));
}
