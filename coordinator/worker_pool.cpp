#include "coordinator/worker_pool.hpp"

#include <algorithm>

namespace summit::coordinator {

void worker_pool::join(const std::string& name, std::uint32_t slots, std::set<trial_id> running, study_id only) {
  auto& w = workers_[name];
  w.slots = slots;
  w.running = std::move(running);
  w.only = only;
}

void worker_pool::leave(const std::string& name) { workers_.erase(name); }

bool worker_pool::ask(const std::string& name, std::uint32_t count) {
  auto it = workers_.find(name);
  if (it == workers_.end() || it->second.only == 0) return false;
  it->second.asks = true;
  // As many as a registration may say: a client asking without end cannot
  // wrap the count around.
  it->second.slots = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::uint64_t{it->second.slots} + count, 1 << 20));
  return true;
}

bool worker_pool::runs(trial_id trial) const {
  for (const auto& [name, w] : workers_)
    if (w.running.count(trial)) return true;
  return false;
}

bool worker_pool::has_client(study_id study) const {
  for (const auto& [name, w] : workers_)
    if (w.only == study) return true;
  return false;
}

std::vector<std::string> worker_pool::clients_of(study_id study) const {
  std::vector<std::string> out;
  for (const auto& [name, w] : workers_)
    if (study && w.only == study) out.push_back(name);
  return out;
}

std::size_t worker_pool::free_slots() const {
  std::size_t n = 0;
  for (const auto& [name, w] : workers_) n += w.free();
  return n;
}

std::optional<std::string> worker_pool::with_free_slot(study_id study, bool has_command) const {
  const std::pair<const std::string, worker>* best = nullptr;
  for (const auto& entry : workers_) {
    const auto& w = entry.second;
    const bool may = w.only == 0 ? has_command : w.only == study;
    if (may && w.free() > 0 && (!best || w.free() > best->second.free())) best = &entry;
  }
  if (!best) return std::nullopt;
  return best->first;
}

bool worker_pool::reserve(const std::string& name) {
  auto it = workers_.find(name);
  if (it == workers_.end()) return false;
  it->second.reserved++;
  return true;
}

void worker_pool::release(const std::string& name) {
  auto it = workers_.find(name);
  if (it != workers_.end() && it->second.reserved > 0) it->second.reserved--;
}

bool worker_pool::start(const std::string& name, trial_id trial) {
  auto it = workers_.find(name);
  if (it == workers_.end()) return false;
  if (it->second.reserved > 0) it->second.reserved--;
  it->second.running.insert(trial);
  return true;
}

void worker_pool::finish(const std::string& name, trial_id trial) {
  auto it = workers_.find(name);
  if (it == workers_.end() || !it->second.running.erase(trial)) return;
  if (it->second.asks && it->second.slots > 0) it->second.slots--;
}

const worker_pool::worker* worker_pool::find(const std::string& name) const {
  auto it = workers_.find(name);
  return it == workers_.end() ? nullptr : &it->second;
}

}  // namespace summit::coordinator
