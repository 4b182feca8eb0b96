// A trial written against the header-only C++ client, for test_cpp_client:
// it reads its parameters, reports five iterations, then 600 more without
// waiting (collected at the end), and writes what it saw.

#include <fstream>
#include <summit/client.hpp>

int main() {
  summit::client::client c;
  const auto trial = c.get_trial();
  const double x = std::get<double>(trial.parameters.at("x"));
  const auto n = std::get<std::int64_t>(trial.parameters.at("n"));
  const auto mode = std::get<std::string>(trial.parameters.at("mode"));
  std::ofstream seen("seen-" + std::to_string(trial.id) + ".txt");
  seen << trial.study << " " << x << " " << n << " " << mode;
  for (int i = 1; i <= 5; ++i) {
    const bool stop = c.send_metrics(trial, i, (x - 0.3) * (x - 0.3) + n / (10.0 * i), {{"i", i}});
    seen << " " << (stop ? "stop" : "go");
    if (stop) break;
  }
  try {
    c.send_metrics(trial, 6, std::nullopt, {{"acc", 1.0}});  // no objective: refused
  } catch (const summit::client::error& e) {
    seen << " error " << e.code();
  }
  for (int i = 7; i <= 606; ++i) c.send_metrics_nowait(trial, i, x, {{"i", i}});
  seen << " collected " << (c.collect() ? "stop" : "go");
  c.send_metrics_nowait(trial, 607, x);
  c.send_metrics_nowait(trial, 608, std::nullopt, {{"acc", 1.0}});  // refused, collected with 607
  try {
    c.collect();
  } catch (const summit::client::error& e) {
    seen << " error " << e.code();
  }
  return 0;
}
