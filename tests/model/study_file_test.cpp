#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "model/core/utf8.hpp"
#include "model/study_file/study_file.hpp"

using namespace summit;
using namespace summit::model;
using summit::algorithms::scale;

namespace {

const std::string good = R"(name: mlp-digits
command: python3 train.py --lr :lr: --units :units: --act :act:
objective: {metric: val_loss, goal: minimize}
algorithm:
  name: random
  max_trials: 60
  seed: 7
max_concurrent: 4
retries: 1
parameters:
  lr:    {type: continuous, range: [1.0e-4, 1.0e-1], scale: log}
  units: {type: discrete,   range: [16, 256], scale: log}
  act:   {type: choice,     values: [relu, tanh, sigmoid]}
  batch: {type: ordinal,    values: [16, 32, 64, 128]}
)";

/// The error for `good` with one line replaced.
std::string error_for(const std::string& from, const std::string& to) { return test::error_with(good, from, to); }

}  // namespace

TEST_CASE("the example study of PRODUCT.md parses", "[study_file]") {
  auto spec = parse_study(good, "study.yaml");
  REQUIRE(spec.has_value());
  CHECK(spec->name == "mlp-digits");
  CHECK(spec->objective().metric == "val_loss");
  CHECK(std::get<random_options>(spec->algorithm.options).max_trials == std::optional<std::int64_t>(60));
  CHECK(spec->algorithm.seed == std::optional<std::uint64_t>(7));
  CHECK(spec->max_concurrent == 4);
  CHECK(spec->retries == 1);
  const auto& ps = spec->space.parameters();
  REQUIRE(ps.size() == 4);
  CHECK(ps[0].name == "lr");  // file order is kept
  CHECK(ps[1].scaling == scale::log);
  CHECK(ps[3].values.at(2) == value{std::int64_t{64}});
}

TEST_CASE("the canonical form parses back to the same spec", "[study_file]") {
  auto spec = parse_study(good, "study.yaml");
  REQUIRE(spec.has_value());
  const auto canonical = canonical_text(*spec);
  auto again = parse_study(canonical, "stored");
  REQUIRE(again.has_value());
  CHECK(canonical_text(*again) == canonical);
  CHECK(again->space.parameters()[0].name == "lr");
}

TEST_CASE("max_context_names caps a study's metrics, 1,000 unless the file says otherwise", "[study_file]") {
  CHECK(parse_study(good, "study.yaml")->max_context_names == 1000);
  auto spec = parse_study(good + "max_context_names: 20\n", "study.yaml");
  REQUIRE(spec.has_value());
  CHECK(spec->max_context_names == 20);
  CHECK(parse_study(canonical_text(*spec), "stored")->max_context_names == 20);
  CHECK(canonical_text(*parse_study(good, "study.yaml")).find("max_context_names") == std::string::npos);
  CHECK(parse_study(good + "max_context_names: 0\n", "study.yaml").error().message ==
        "study.yaml:15: max_context_names: must be between 1 and 100000, got 0");
}

TEST_CASE("a study whose command line would pass the kernel's limit is refused, naming the parameter",
          "[study_file]") {
  const auto with = [](const std::string& command, const std::string& value) {
    return "name: s\ncommand: " + command + "\nobjective: {goal: minimize}\nalgorithm: {name: random}\n" +
           "parameters:\n  c: {type: choice, values: [a, " + value + "]}\n  x: {type: continuous, range: [0, 1]}\n";
  };
  const std::string long_value(140000, 'v');
  CHECK(parse_study(with("echo :c:", long_value), "s.yaml").error().message ==
        "s.yaml:6: parameters.c: a value of 140000 bytes is past the kernel's limit of 131072 bytes for one "
        "environment variable (SUMMIT_PARAM_c=...)");
  const std::string half(70000, 'v');
  CHECK(parse_study(with("echo :c: :c: :x:", half), "s.yaml").error().message ==
        "s.yaml:2: command: with the longest value of each parameter the command takes 140031 bytes, past the "
        "kernel's limit of 131072 bytes for one argument ('c' is the longest)");
  CHECK(parse_study(with("echo :c:", half), "s.yaml").has_value());
}

TEST_CASE("a JSON study file with a character past U+FFFF (a surrogate pair, as json.dump writes it) reads",
          "[study_file]") {
  const auto named = [](const std::string& name) {
    return R"({"name": )" + name + R"(, "command": "run :x:", "objective": {"goal": "minimize"},)"
           R"( "algorithm": {"name": "random"}, "parameters": {"x": {"type": "choice", "values": ["\ud83d\ude00", "b"]}}})";
  };
  auto spec = parse_study(named(R"("party \ud83c\udf89")"), "s.json");
  REQUIRE(spec.has_value());
  CHECK(spec->name == "party \xf0\x9f\x8e\x89");
  CHECK(spec->space.parameters()[0].values[0] == value{std::string("\xf0\x9f\x98\x80")});
  // An escaped backslash is text, not the start of an escape.
  auto literal = parse_study(named(R"("a\\ud83c\\udf89")"), "s.json");
  REQUIRE(literal.has_value());
  CHECK(literal->name == "a\\ud83c\\udf89");
  // In YAML's single quotes a backslash is text too.
  CHECK(parse_study(named(R"('\ud83c\udf89')"), "s.json")->name == "\\ud83c\\udf89");
  // Half a pair is no character.
  CHECK(parse_study(named(R"("\ud83c")"), "s.json").error().message.find("invalid unicode") != std::string::npos);
}

TEST_CASE("control characters written as escapes are refused in a new study, read in a stored one",
          "[study_file]") {
  const auto with = [](const std::string& name, const std::string& value) {
    return R"({"name": ")" + name + R"(", "command": "run :x:", "objective": {"goal": "minimize"},)"
           R"( "algorithm": {"name": "random"}, "parameters": {"x": {"type": "choice", "values": [")" + value +
           R"(", "b"]}}})";
  };
  CHECK(parse_study(with(R"(esc \u001b[31mred)", "a"), "s.json").error().message ==
        "s.json:1: name: control character 0x1b (written as an escape); only tab and line breaks are allowed");
  CHECK(parse_study(with("ok", R"(bell\u0007)"), "s.json").error().message ==
        "s.json:1: parameters.x.values[0]: control character 0x07 (written as an escape); only tab and line breaks "
        "are allowed");
  CHECK(parse_study(with("ok", R"(cut\u0000short)"), "s.json").error().message.find("control character 0x00") !=
        std::string::npos);
  CHECK(parse_study(with(R"(tab\there)", "a"), "s.json").has_value());
  // A log written before this rule replays.
  auto stored = parse_study(with(R"(esc \u001b[31mred)", "a"), "stored study 1", study_origin::stored);
  REQUIRE(stored.has_value());
  CHECK(stored->name == "esc \x1b[31mred");
}

TEST_CASE("a spec an earlier Summit stored (nlohmann's JSON) reads as the same study", "[study_file]") {
  const std::string stored =
      R"({"name":"mlp-digits","command":"python3 train.py --lr :lr: --units :units: --act :act:",)"
      R"("objective":{"metric":"val_loss","goal":"minimize","aggregate":"best"},)"
      R"("algorithm":{"name":"random","max_trials":60,"seed":7},"max_concurrent":4,"retries":1,)"
      R"("parameters":{"lr":{"type":"continuous","range":[0.0001,0.1],"scale":"log"},)"
      R"("units":{"type":"discrete","range":[16,256],"scale":"log"},)"
      R"("act":{"type":"choice","values":["relu","tanh","sigmoid"]},)"
      R"("batch":{"type":"ordinal","values":[16,32,64,128]}}})";
  auto old = parse_study(stored, "stored study 1");
  REQUIRE(old.has_value());
  CHECK(canonical_text(*old) == canonical_text(*parse_study(good, "study.yaml")));
}

TEST_CASE("the canonical form keeps strings, floats and control characters apart", "[study_file]") {
  auto spec = parse_study("name: \"tab\\there \\\"q\\\" \u00e9\"\ncommand: \"run :x: '1.0' \\\\\"\n"
                          "objective: {goal: minimize}\nalgorithm: {name: grid}\n"
                          "parameters:\n  x: {type: choice, values: [\"16\", 16, 16.0, true, \"true\", 1.0e-5]}\n",
                          "s.yaml");
  REQUIRE(spec.has_value());
  const auto canonical = canonical_text(*spec);
  CHECK(canonical.find('\n') == std::string::npos);  // one line
  auto again = parse_study(canonical, "stored");
  REQUIRE(again.has_value());
  CHECK(again->name == spec->name);
  CHECK(again->command == spec->command);
  CHECK(again->space.parameters()[0].values == spec->space.parameters()[0].values);
  CHECK(canonical_text(*again) == canonical);
}

TEST_CASE("every algorithm's and rule's options survive the canonical form", "[study_file]") {
  for (const std::string algorithm :
       {"{name: asha, r: 2, R: 50, eta: 4, s: 1, max_finished_configs: 7}",
        "{name: pbt, population_size: 6, num_generations: 4, perturbation_factors: [0.5, 1.5],"
        " parameter_range: {lr: [1.0e-5, 0.5]}}",
        "{name: local_search, seed_configuration: {lr: 0.01, units: 32, act: relu, batch: 64},"
        " perturbation_factors: [0.9], repeat_trials: 3}",
        "{name: bayesian, max_trials: 9, repeat: {times: 3, wait: true, aggregate: median}}",
        "{name: external, max_trials: 12}"}) {
    INFO(algorithm);
    std::string text = good;
    text.replace(text.find("algorithm:"), text.find("max_concurrent") - text.find("algorithm:"),
                 "algorithm: " + algorithm + "\nstopping: {rule: median, min_iterations: 2, min_trials: 4}\n");
    auto spec = parse_study(text, "study.yaml");
    REQUIRE(spec.has_value());
    const auto canonical = canonical_text(*spec);
    auto again = parse_study(canonical, "stored");
    REQUIRE(again.has_value());
    CHECK(canonical_text(*again) == canonical);
  }
}

TEST_CASE("a JSON study file is accepted", "[study_file]") {
  auto spec = parse_study(R"({"name": "j", "command": "run :x:", "objective": {"goal": "maximize"},
    "algorithm": {"name": "grid"}, "parameters": {"x": {"type": "choice", "values": ["16", 16]}}})",
                          "s.json");
  REQUIRE(spec.has_value());
  CHECK(spec->objective().direction == goal::maximize);
  CHECK(spec->space.parameters()[0].values ==
        std::vector<value>{std::string("16"), std::int64_t{16}});
}

TEST_CASE("study file refuses an unknown key", "[study_file]") {
  CHECK(error_for("retries: 1", "retires: 1") ==
        "study.yaml:9: retires: unknown key (expected one of: name, command, objective, objectives, constraints, "
        "algorithm, stopping, max_concurrent, retries, max_context_names, parameters, enqueue)");
}

TEST_CASE("study file refuses an unknown key inside a parameter", "[study_file]") {
  CHECK(error_for("scale: log}\n  act", "scale: log, step: 2}\n  act") ==
        "study.yaml:12: parameters.units.step: unknown key (expected one of: type, range, scale, when)");
}

TEST_CASE("study file refuses a wrong type", "[study_file]") {
  CHECK(error_for("max_concurrent: 4", "max_concurrent: four") ==
        "study.yaml:8: max_concurrent: expected an integer, got 'four'");
  CHECK(error_for("max_trials: 60", "max_trials: [60]") ==
        "study.yaml:6: algorithm.max_trials: expected a value, got a list");
}

TEST_CASE("study file refuses a range with min > max", "[study_file]") {
  CHECK(error_for("[16, 256]", "[256, 16]") ==
        "study.yaml:12: parameters.units.range: min 256 is greater than max 16");
}

TEST_CASE("study file refuses a log scale over a non-positive range", "[study_file]") {
  CHECK(error_for("[1.0e-4, 1.0e-1]", "[0, 1.0e-1]") ==
        "study.yaml:11: parameters.lr.range: log scale needs a positive range, got min 0");
}

TEST_CASE("study file refuses a reverse_log scale over a non-positive range", "[study_file]") {
  CHECK(error_for("[1.0e-4, 1.0e-1], scale: log", "[-1, 1], scale: reverse_log") ==
        "study.yaml:11: parameters.lr.range: reverse_log scale needs a positive range, got min -1");
}

TEST_CASE("study file refuses an empty choice", "[study_file]") {
  CHECK(error_for("[relu, tanh, sigmoid]", "[]") ==
        "study.yaml:13: parameters.act.values: needs at least one value");
}

TEST_CASE("study file refuses a repeated choice value", "[study_file]") {
  CHECK(error_for("[relu, tanh, sigmoid]", "[relu, tanh, relu]") ==
        "study.yaml:13: parameters.act.values[2]: duplicate value 'relu'");
}

TEST_CASE("study file refuses duplicate parameter names", "[study_file]") {
  CHECK(error_for("  batch:", "  act: {type: choice, values: [a]}\n  batch:") ==
        "study.yaml:14: parameters.act: duplicate key");
}

TEST_CASE("study file refuses a placeholder that names no parameter", "[study_file]") {
  CHECK(error_for("--act :act:", "--act :activation:") ==
        "study.yaml:2: command: placeholder :activation: names no parameter");
}

TEST_CASE("study file refuses an unknown algorithm", "[study_file]") {
  CHECK(error_for("name: random", "name: annealing") ==
        "study.yaml:5: algorithm.name: unknown algorithm 'annealing' (available: grid, random, iterate, "
        "bayesian, asha, pbt, local_search, nsga2, external)");
}

TEST_CASE("study file refuses an option of another algorithm", "[study_file]") {
  CHECK(error_for("seed: 7", "seed: 7\n  num_grid_points: 3") ==
        "study.yaml:8: algorithm.num_grid_points: unknown key (expected one of: name, max_trials, seed, repeat)");
}

TEST_CASE("study file refuses a missing required key", "[study_file]") {
  CHECK(error_for("objective: {metric: val_loss, goal: minimize}\n", "") ==
        "study.yaml:1: objective: missing");
  CHECK(error_for("{metric: val_loss, goal: minimize}", "{metric: val_loss}") ==
        "study.yaml:3: objective.goal: missing");
}

TEST_CASE("study file refuses an unknown goal, type and scale", "[study_file]") {
  CHECK(error_for("goal: minimize", "goal: lower") ==
        "study.yaml:3: objective.goal: expected minimize or maximize, got 'lower'");
  CHECK(error_for("type: continuous", "type: float") ==
        "study.yaml:11: parameters.lr.type: unknown type 'float' (expected continuous, discrete, "
        "choice or ordinal)");
  CHECK(error_for("scale: log}\n  act", "scale: ln}\n  act") ==
        "study.yaml:12: parameters.units.scale: unknown scale 'ln' (expected linear, log or reverse_log)");
}

TEST_CASE("study file refuses a discrete range that is not integral", "[study_file]") {
  CHECK(error_for("[16, 256]", "[16, 256.5]") ==
        "study.yaml:12: parameters.units.range[1]: expected an integer, got '256.5'");
}

TEST_CASE("study file refuses a parameter name that cannot be a placeholder", "[study_file]") {
  CHECK(error_for("  batch:", "  batch-size:") ==
        "study.yaml:14: parameters.batch-size: a parameter name is a letter or _ followed by "
        "letters, digits or _ (at most 64)");
}

TEST_CASE("study file refuses an enqueued point outside the space", "[study_file]") {
  CHECK(error_for("retries: 1", "retries: 1\nenqueue:\n  - {lr: 0.5, units: 32, act: relu, batch: 16}") ==
        "study.yaml:11: enqueue[0]: lr: 0.5 is outside the range [0.0001, 0.1]");
}

TEST_CASE("study file refuses a NaN or infinite bound, choice or point", "[study_file]") {
  CHECK(error_for("[1.0e-4, 1.0e-1]", "[1.0e-4, .inf]") ==
        "study.yaml:11: parameters.lr.range[1]: expected a finite number, got inf");
  // Found by the fuzzer: a NaN choice passed, and its canonical JSON form (null) did not parse back.
  CHECK(error_for("[relu, tanh, sigmoid]", "[.nan, tanh, sigmoid]") ==
        "study.yaml:13: parameters.act.values[0]: expected a finite number, got nan");
  CHECK(error_for("retries: 1", "retries: 1\nenqueue:\n  - {lr: .nan, units: 32, act: relu, batch: 16}") ==
        "study.yaml:11: enqueue[0].lr: expected a finite number, got nan");
}

TEST_CASE("study file refuses an unknown stopping rule and another rule's option", "[study_file]") {
  CHECK(error_for("retries: 1", "stopping: {rule: hyperband}") ==
        "study.yaml:9: stopping.rule: unknown rule 'hyperband' (available: none, threshold, median)");
  CHECK(error_for("retries: 1", "stopping: {rule: median, threshold: 3}") ==
        "study.yaml:9: stopping.threshold: unknown key (expected one of: rule, min_iterations, min_trials, compare_with)");
  CHECK(error_for("retries: 1", "stopping: {rule: median, min_trials: 0}") ==
        "study.yaml:9: stopping.min_trials: must be between 1 and 1000000, got 0");
}

TEST_CASE("study file refuses text that is not UTF-8, with its line", "[study_file]") {
  auto spec = parse_study("name: ok\ncommand: run \xff\n", "bad.yaml");
  REQUIRE_FALSE(spec.has_value());
  CHECK(spec.error().message == "bad.yaml:2: not UTF-8 text (byte 22)");
  auto nul = parse_study(std::string("name: ok\ncommand: run\0x\n", 22), "nul.yaml");
  REQUIRE_FALSE(nul.has_value());
  CHECK(nul.error().message == "nul.yaml:2: control character 0x00 (byte 21); only tab and line breaks are allowed");
}

TEST_CASE("the UTF-8 check accepts every well-formed sequence and refuses the rest", "[study_file]") {
  for (const char* well_formed : {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\x9f\xbf"})
    CHECK_FALSE(invalid_utf8_at(well_formed));
  CHECK(invalid_utf8_at("ab\x80") == std::optional<std::size_t>(2));          // a lone continuation byte
  CHECK(invalid_utf8_at("\xc0\xaf") == std::optional<std::size_t>(0));         // overlong '/'
  CHECK(invalid_utf8_at("\xed\xa0\x80") == std::optional<std::size_t>(0));     // a surrogate
  CHECK(invalid_utf8_at("\xf4\x90\x80\x80") == std::optional<std::size_t>(0)); // above U+10FFFF
  CHECK(invalid_utf8_at("x\xe2\x82") == std::optional<std::size_t>(1));         // cut short
}

TEST_CASE("study file reports YAML syntax errors with their line", "[study_file]") {
  auto spec = parse_study("name: x\nparameters: [1, 2\n", "bad.yaml");
  REQUIRE_FALSE(spec.has_value());
  CHECK(spec.error().message.rfind("bad.yaml:", 0) == 0);
  CHECK(spec.error().message.find("not valid YAML") != std::string::npos);
}

TEST_CASE("study file that is not a mapping is refused", "[study_file]") {
  CHECK(parse_study("- a\n- b\n", "l.yaml").error().message ==
        "l.yaml:1: expected a mapping, got a list");
  CHECK(parse_study("", "e.yaml").error().message == "e.yaml: expected a mapping, got nothing");
}

TEST_CASE("an unreadable study file is named in the error", "[study_file]") {
  CHECK(load_study_file("/nonexistent/study.yaml").error().message ==
        "/nonexistent/study.yaml: cannot read the study file");
}

TEST_CASE("placeholders are found in order", "[study_file]") {
  CHECK(placeholders("run --a :a: --b=:b_2: x:y :a:") ==
        std::vector<std::string>{"a", "b_2", "a"});
}

TEST_CASE("an unquoted command with placeholders and quotes reads as written", "[study_file]") {
  auto spec = parse_study(R"(name: q
command: sh -c "echo \"hi\" :x:" --y :x:  # a comment
objective: {goal: minimize}
algorithm: {name: random}
parameters: {x: {type: continuous, range: [0, 1]}}
)",
                          "q.yaml");
  REQUIRE(spec.has_value());
  CHECK(spec->command == R"(sh -c "echo \"hi\" :x:" --y :x:)");
}

TEST_CASE("a quoted or block command is left to YAML", "[study_file]") {
  auto spec = parse_study(
      "name: q\ncommand: |\n  run :x:\n  again\nobjective: {goal: minimize}\n"
      "algorithm: {name: random}\nparameters: {x: {type: continuous, range: [0, 1]}}\n",
      "q.yaml");
  REQUIRE(spec.has_value());
  CHECK(spec->command == "run :x:\nagain\n");
}

TEST_CASE("a study without a command is one whose trials run where they are asked for", "[study_file]") {
  auto spec = parse_study("name: asked\nobjective: {goal: minimize}\nalgorithm: {name: random, max_trials: 2}\n"
                          "parameters: {x: {type: continuous, range: [0, 1]}}\n",
                          "study.yaml");
  REQUIRE(spec.has_value());
  CHECK(spec->command.empty());
  const auto text = canonical_text(*spec);
  CHECK(text.find("command") == std::string::npos);
  auto again = parse_study(text, "log");
  REQUIRE(again.has_value());
  CHECK(canonical_text(*again) == text);
  // An empty one is still a mistake.
  CHECK_FALSE(parse_study("name: e\ncommand: ' '\nobjective: {goal: minimize}\nalgorithm: {name: random}\n"
                          "parameters: {x: {type: continuous, range: [0, 1]}}\n",
                          "study.yaml")
                  .has_value());
}
