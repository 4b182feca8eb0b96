// bench/ingest: durable acknowledged observations per second through the
// embedded runtime (`summit run`'s process), with C concurrent trial
// processes each sending observations as fast as their acks come back, over
// the real path: client → trial socket → worker → coordinator → storage
// actor (group commit, synced WAL) → ack. Prints, per concurrency level,
// throughput, p50/p99 ack latency and observations per synced write.
//
//   bench/ingest [TOTAL_OBSERVATIONS] [CONCURRENCY ...]   (default 40000; 1 8 32 128)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "algorithms/study/study_file.hpp"
#include "nodes/embedded_runtime.hpp"
#include "nodes/paths.hpp"

namespace fs = std::filesystem;
using namespace summit;

namespace {

struct result {
  double seconds = 0;
  std::size_t observations = 0;
  double p50_us = 0, p99_us = 0;
  std::uint64_t commits = 0;
};

result run(unsigned concurrency, long per_trial, const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir / "latencies");
  const std::string fake = nodes::executable_dir() + "/fake_trial";
  const std::string yaml = "name: ingest\ncommand: " + fake + " " + std::to_string(per_trial) + " " +
                           (dir / "latencies").string() +
                           "\nobjective: {goal: minimize}\nalgorithm: {name: random, max_trials: " +
                           std::to_string(concurrency) + ", seed: 1}\nparameters: {x: {type: continuous, range: [0, 1]}}\n";
  auto spec = algorithms::parse_study(yaml, "bench");
  auto log = storage::store::open((dir / "data").string(), storage::store::mode::read_write);
  if (!spec || !log) throw std::runtime_error("cannot set up the benchmark study");
  auto rt = nodes::embedded_runtime::start(std::move(*log), algorithms::registry{},
                                           nodes::runtime_options{(dir / "data").string(), concurrency});
  if (!rt) throw std::runtime_error(rt.error().message);
  auto id = (*rt)->submit(*spec, dir.string());
  if (!id) throw std::runtime_error(id.error().message);
  for (;;) {
    auto s = (*rt)->summary(*id);
    if (s && is_terminal(s->state)) {
      if (s->counts.completed != concurrency) throw std::runtime_error("a fake trial failed; see " + dir.string());
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto stats = (*rt)->storage_stats();
  (*rt)->shutdown();

  result r;
  r.commits = stats ? stats->commits : 0;
  std::vector<long> latencies;
  long long first = -1, last = 0;
  for (const auto& entry : fs::directory_iterator(dir / "latencies")) {
    std::ifstream in(entry.path());
    long long start, end;
    in >> start >> end;
    first = first < 0 ? start : std::min(first, start);
    last = std::max(last, end);
    for (long l; in >> l;) latencies.push_back(l);
  }
  std::sort(latencies.begin(), latencies.end());
  r.observations = latencies.size();
  r.seconds = static_cast<double>(last - first) / 1e9;
  r.p50_us = static_cast<double>(latencies[latencies.size() / 2]);
  r.p99_us = static_cast<double>(latencies[latencies.size() * 99 / 100]);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const long total = argc > 1 ? std::stol(argv[1]) : 40000;
  std::vector<unsigned> levels;
  for (int i = 2; i < argc; ++i) levels.push_back(static_cast<unsigned>(std::stoul(argv[i])));
  if (levels.empty()) levels = {1, 8, 32, 128};
  const fs::path dir = fs::temp_directory_path() / "summit-bench-ingest";
  std::printf("%-12s %12s %14s %10s %10s %12s\n", "concurrency", "observations", "durable acks/s",
              "p50 ms", "p99 ms", "obs/sync");
  for (unsigned c : levels) {
    // One client alone waits for a sync per observation: give it fewer.
    const long per_trial = std::max(50L, (c == 1 ? std::min(total, 2000L) : total) / static_cast<long>(c));
    const auto r = run(c, per_trial, dir);
    std::printf("%-12u %12zu %14.0f %10.2f %10.2f %12.1f\n", c, r.observations,
                static_cast<double>(r.observations) / r.seconds, r.p50_us / 1000, r.p99_us / 1000,
                r.commits ? static_cast<double>(r.observations) / static_cast<double>(r.commits) : 0.0);
    std::fflush(stdout);
  }
  fs::remove_all(dir);
}
