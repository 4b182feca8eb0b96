#include "algorithms/bayes/bayesian.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "algorithms/bayes/data_subset.hpp"
#include "algorithms/bayes/minimize.hpp"
#include "algorithms/bayes/scalarized.hpp"
#include "algorithms/space/unit_cube.hpp"

namespace summit::algorithms::bayes {

namespace {

constexpr std::size_t global_candidates = 500;
constexpr std::size_t local_per_point = 40;
constexpr std::size_t local_points = 5;
// Other values of a choice tried beside each good point: all of a small
// choice's, a sample of a large one's, so that a suggestion's cost does not
// grow with the number of values.
constexpr std::size_t neighbours_per_choice = 24;
constexpr int refine_starts = 5;
constexpr int refine_iterations = 25;

}  // namespace

std::size_t fit_threshold(std::size_t n) {
  if (n <= 20) return n;
  std::size_t t = 20;
  for (;;) {
    const auto next = static_cast<std::size_t>(std::ceil(static_cast<double>(t) * 1.15));
    if (next > n) return t;
    t = next;
  }
}

bayesian::bayesian(search_space space, bayesian_config config)
    : space_(std::move(space)), categorical_(categorical_dimensions(space_)), config_(std::move(config)) {}

std::optional<std::size_t> bayesian::planned_trials() const {
  if (!config_.max_trials) return std::nullopt;
  return static_cast<std::size_t>(*config_.max_trials);
}

std::vector<background_job> bayesian::take_background_jobs() {
  std::vector<background_job> out;
  for (auto& [model, job] : jobs_) out.push_back(std::move(job));
  jobs_.clear();
  return out;
}

fit_options bayesian::fit_options_for(std::size_t model, std::size_t threshold) const {
  fit_options options;
  options.seed = derive_seed(config_.seed ^ (0x6770u + model), threshold);
  options.categorical = categorical_;
  return options;
}

const bayesian::fitted* bayesian::find_fit(std::size_t model, std::size_t threshold,
                                           const std::vector<trial_id>& ids) const {
  if (fits_.size() <= model || ids.size() < threshold) return nullptr;
  for (const auto& f : fits_[model])
    if (f.threshold == threshold && std::equal(f.ids.begin(), f.ids.end(), ids.begin())) return &f;
  return nullptr;
}

void bayesian::remember(std::size_t model, fitted f) {
  if (fits_.size() <= model) fits_.resize(model + 1);
  auto& kept = fits_[model];
  kept.push_back(std::move(f));
  // The fit in use and the one being made for later are all a suggestion
  // can need; an older one only if trials completed out of order.
  constexpr std::size_t keep = 3;
  if (kept.size() > keep) kept.erase(kept.begin());
}

void bayesian::request_fit(std::size_t model, std::size_t threshold, const Eigen::MatrixXd& x,
                           const Eigen::VectorXd& y, const std::vector<trial_id>& ids) {
  if (find_fit(model, threshold, ids) || !asked_.emplace(model, threshold).second) return;
  const auto t = static_cast<Eigen::Index>(threshold);
  jobs_[model] = {[this, model, x = Eigen::MatrixXd(x.topRows(t)), y = Eigen::VectorXd(y.head(t)),
                   options = fit_options_for(model, threshold),
                   f = fitted{threshold, std::vector<trial_id>(ids.begin(), ids.begin() + t), {}}]() mutable {
    auto p = fit_parameters(x, y, options);
    std::function<void()> give_back = [] {};
    if (p) {
      f.parameters = *p;
      give_back = [this, model, f] { remember(model, f); };
    }
    return give_back;
  }};
}

expected<gp_parameters> bayesian::parameters_for(std::size_t model, const Eigen::MatrixXd& x,
                                                 const Eigen::VectorXd& y, const std::vector<trial_id>& ids) {
  const std::size_t due = fit_threshold(ids.size());
  constexpr std::size_t fitted_at_once = 20;
  const std::size_t used = due > fitted_at_once ? fit_threshold(due - 1) : due;
  if (used != due) request_fit(model, due, x, y, ids);
  if (const auto* known = find_fit(model, used, ids)) return known->parameters;
  const auto t = static_cast<Eigen::Index>(used);
  auto p = fit_parameters(x.topRows(t), y.head(t), fit_options_for(model, used));
  if (p) remember(model, {used, std::vector<trial_id>(ids.begin(), ids.begin() + t), *p});
  return p;
}

namespace {

/// `last` grown by the rows of x whose trials it lacks, conditioned on y:
/// its own rows first, in their order (returned beside it). Empty when some
/// of its trials are not among ids (a subset moved on) or growing fails.
std::optional<std::pair<gp, std::vector<trial_id>>> grown_from(const gp& last, const std::vector<trial_id>& last_ids,
                                                               const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                                               const std::vector<trial_id>& ids) {
  if (last_ids.size() > ids.size()) return std::nullopt;
  std::unordered_map<trial_id, Eigen::Index> row_of;
  for (std::size_t i = 0; i < ids.size(); ++i) row_of.emplace(ids[i], static_cast<Eigen::Index>(i));
  std::vector<Eigen::Index> rows;
  rows.reserve(ids.size());
  std::vector<bool> taken(ids.size(), false);
  for (const auto id : last_ids) {
    const auto found = row_of.find(id);
    if (found == row_of.end()) return std::nullopt;
    rows.push_back(found->second);
    taken[static_cast<std::size_t>(found->second)] = true;
  }
  const auto kept = static_cast<Eigen::Index>(rows.size());
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (!taken[i]) rows.push_back(static_cast<Eigen::Index>(i));
  const auto n = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd added(n - kept, x.cols());
  Eigen::VectorXd outputs(n);
  std::vector<trial_id> order;
  order.reserve(rows.size());
  for (Eigen::Index k = 0; k < n; ++k) {
    const auto r = rows[static_cast<std::size_t>(k)];
    if (k >= kept) added.row(k - kept) = x.row(r);
    outputs[k] = y[r];
    order.push_back(ids[static_cast<std::size_t>(r)]);
  }
  auto g = last.grown(added, outputs);
  if (!g) return std::nullopt;
  return std::make_pair(std::move(*g), std::move(order));
}

}  // namespace

expected<gp> bayesian::model_for(std::size_t model, const Eigen::MatrixXd& all_x, const Eigen::VectorXd& all_y,
                                 const std::vector<trial_id>& all_ids) {
  auto p = parameters_for(model, all_x, all_y, all_ids);
  if (!p) return p.error();
  const auto subset = conditioning_rows(all_y, config_.model_points);
  const bool whole = subset.size() == all_ids.size();
  const Eigen::MatrixXd x = whole ? all_x : Eigen::MatrixXd(all_x(subset, Eigen::all));
  const Eigen::VectorXd y = whole ? all_y : Eigen::VectorXd(all_y(subset));
  std::vector<trial_id> ids;
  ids.reserve(subset.size());
  for (const auto r : subset) ids.push_back(all_ids[static_cast<std::size_t>(r)]);

  if (conditioned_.size() <= model) conditioned_.resize(model + 1);
  auto& last = conditioned_[model];
  const Eigen::VectorXd theta = p->pack();
  if (last && last->theta.size() == theta.size() && last->theta == theta)
    if (auto grown = grown_from(last->model, last->ids, x, y, ids)) {
      last = conditioned{theta, std::move(grown->second), grown->first};
      return std::move(grown->first);
    }
  auto g = gp::fit(x, y, *p);
  if (g)
    last = conditioned{theta, ids, *g};
  else
    last.reset();
  return g;
}

namespace {

Eigen::MatrixXd rows_of(const std::vector<Eigen::VectorXd>& points, Eigen::Index d) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(points.size()), d);
  for (std::size_t i = 0; i < points.size(); ++i) x.row(static_cast<Eigen::Index>(i)) = points[i].transpose();
  return x;
}

}  // namespace

suggestion bayesian::suggest(const history& h) {
  const std::size_t configurations = h.trials.size() - h.count(trial_origin::retry);
  if (config_.max_trials && configurations >= static_cast<std::size_t>(*config_.max_trials))
    return suggestion::done();
  const std::size_t own = h.count(trial_origin::algorithm);
  if (own < config_.initial_points.size()) return suggestion::run(config_.initial_points[own]);
  random_engine rng(derive_seed(config_.seed, configurations));

  // Each completed trial with every objective's value; its values with every
  // objective minimized, and whether it kept every constraint.
  const std::vector<goal> goals = h.goals.empty() ? std::vector{h.direction} : h.goals;
  const auto m = static_cast<Eigen::Index>(goals.size());
  std::vector<trial_id> ids;
  std::vector<Eigen::VectorXd> xs, pending;
  std::vector<Eigen::VectorXd> values;
  std::vector<bool> feasible;
  for (const auto& t : h.trials) {
    if (t.status == trial_status::running) {
      pending.push_back(encode(space_, t.parameters));
      continue;
    }
    if (t.status != trial_status::completed) continue;
    Eigen::VectorXd v(m);
    bool complete = true;
    for (Eigen::Index k = 0; k < m; ++k) {
      const auto& o = t.objectives.empty() ? t.objective : t.objectives[static_cast<std::size_t>(k)];
      complete = complete && o && std::isfinite(*o);
      if (complete) v[k] = goals[static_cast<std::size_t>(k)] == goal::minimize ? *o : -*o;
    }
    if (!complete) continue;
    ids.push_back(t.id);
    xs.push_back(encode(space_, t.parameters));
    values.push_back(std::move(v));
    feasible.push_back(t.violation == 0);
  }
  const auto initial = static_cast<std::size_t>(
      config_.num_initial.value_or(static_cast<int>(space_.parameters().size()) + 1));
  if (configurations < initial || ids.size() < 2) return suggestion::run(space_.sample(rng));

  const auto d = space_.dimensions();
  const Eigen::MatrixXd x = rows_of(xs, d);
  Eigen::MatrixXd f(static_cast<Eigen::Index>(values.size()), m);
  for (std::size_t i = 0; i < values.size(); ++i) f.row(static_cast<Eigen::Index>(i)) = values[i].transpose();
  const Eigen::MatrixXd xp = rows_of(pending, d);
  // A GP per objective. Any failure of a model falls back to a random
  // point: a suggestion is never missing and never NaN.
  std::vector<gp> models;
  for (Eigen::Index k = 0; k < m; ++k) {
    const Eigen::VectorXd y = f.col(k);
    auto model = model_for(static_cast<std::size_t>(k), x, y, ids);
    if (!model) return suggestion::run(space_.sample(rng));
    if (!pending.empty()) {
      Eigen::VectorXd believed, variance;
      model->predict(xp, believed, variance);
      if (model->extend(xp, believed)) return suggestion::run(space_.sample(rng));
    }
    models.push_back(std::move(*model));
  }
  const std::vector<gp> constraint_models =
      constraint_models_of(h, h.trials.front().slacks.size(), static_cast<std::size_t>(m));
  if (m > 1) {
    const scalarized term(models, f, feasible, config_.acquisition, rng);
    return suggestion::run(maximize({term, constraint_models, term.improving()}, x, term.data_scores(), h, rng));
  }
  // Improvement is over the best feasible trial; before any, the
  // probability of feasibility alone leads (Gelbart et al. 2014).
  const Eigen::VectorXd y = f.col(0);
  std::optional<double> best;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (feasible[i]) best = std::min(best.value_or(y[static_cast<Eigen::Index>(i)]), y[static_cast<Eigen::Index>(i)]);
  const single_objective term(models[0], {config_.acquisition, best ? models[0].standardize(*best) : 0.0});
  return suggestion::run(maximize({term, constraint_models, best.has_value()}, x, y, h, rng));
}

std::vector<gp> bayesian::constraint_models_of(const history& h, std::size_t count, std::size_t first_model) {
  std::vector<gp> out;
  for (std::size_t j = 0; j < count; ++j) {
    std::vector<trial_id> ids;
    std::vector<Eigen::VectorXd> xs;
    std::vector<double> slacks;
    for (const auto& t : h.trials) {
      if (t.status != trial_status::completed || t.slacks.size() != count) continue;
      const auto& s = t.slacks[j];
      if (!s || !std::isfinite(*s)) continue;
      ids.push_back(t.id);
      xs.push_back(encode(space_, t.parameters));
      slacks.push_back(*s);
    }
    // A constraint too seldom reported to model weighs nothing yet: the
    // others, and the objective, still guide the search.
    if (ids.size() < 2) continue;
    const Eigen::MatrixXd x = rows_of(xs, space_.dimensions());
    const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(slacks.data(), static_cast<Eigen::Index>(slacks.size()));
    if (auto model = model_for(first_model + j, x, y, ids)) out.push_back(std::move(*model));
  }
  return out;
}

params bayesian::maximize(const scorer& score, const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const history& h,
                          random_engine& rng) const {
  const auto d = space_.dimensions();

  // Candidates: the space at random; near the best points so far (numeric
  // and ordinal coordinates moved a little, choices kept); and the best
  // points with one choice's value changed, which no small move reaches.
  std::vector<Eigen::Index> order(static_cast<std::size_t>(y.size()));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return y[a] < y[b]; });
  const std::size_t near = std::min(local_points, order.size());
  const auto& parameters = space_.parameters();
  // Every choice or ordinal coordinate on one of its values, as encode() puts it.
  const auto snap = [&](Eigen::VectorXd& c) {
    for (Eigen::Index j = 0; j < d; ++j) {
      const auto& p = parameters[static_cast<std::size_t>(j)];
      if (!p.is_numeric()) c[j] = value_coordinate(value_index(c[j], p.values.size()), p.values.size());
    }
  };
  std::vector<Eigen::VectorXd> pool;
  pool.reserve(global_candidates + near * (local_per_point + neighbours_per_choice * parameters.size()));
  for (std::size_t i = 0; i < global_candidates; ++i) {
    Eigen::VectorXd c(d);
    for (Eigen::Index j = 0; j < d; ++j) c[j] = rng.uniform();
    snap(c);
    pool.push_back(std::move(c));
  }
  for (std::size_t k = 0; k < near; ++k) {
    const Eigen::VectorXd at = x.row(order[k]).transpose();
    for (std::size_t i = 0; i < local_per_point; ++i) {
      Eigen::VectorXd c = at;
      for (Eigen::Index j = 0; j < d; ++j)
        if (!categorical_[static_cast<std::size_t>(j)]) c[j] = std::clamp(c[j] + 0.05 * rng.normal(), 0.0, 1.0);
      snap(c);
      pool.push_back(std::move(c));
    }
    for (Eigen::Index j = 0; j < d; ++j) {
      if (!categorical_[static_cast<std::size_t>(j)]) continue;
      const std::size_t n = parameters[static_cast<std::size_t>(j)].values.size();
      const std::size_t current = value_index(at[j], n);
      const bool all = n - 1 <= neighbours_per_choice;
      for (std::size_t i = 0; i < (all ? n : neighbours_per_choice); ++i) {
        const std::size_t other = all ? i : rng.below(n);
        if (other == current) continue;
        Eigen::VectorXd c = at;
        c[j] = value_coordinate(other, n);
        pool.push_back(std::move(c));
      }
    }
  }
  Eigen::MatrixXd candidates(static_cast<Eigen::Index>(pool.size()), d);
  for (std::size_t i = 0; i < pool.size(); ++i) candidates.row(static_cast<Eigen::Index>(i)) = pool[i].transpose();
  const Eigen::VectorXd scores = score.values(candidates);
  std::vector<Eigen::Index> ranked(static_cast<std::size_t>(scores.size()));
  std::iota(ranked.begin(), ranked.end(), 0);
  std::partial_sort(ranked.begin(), ranked.begin() + std::min<std::size_t>(20, ranked.size()), ranked.end(),
                    [&](auto a, auto b) { return scores[a] > scores[b]; });

  // Refine the best few with L-BFGS-B, then judge every finalist as the
  // valid point it decodes to.
  std::vector<Eigen::VectorXd> finalists;
  for (int s = 0; s < std::min<int>(refine_starts, static_cast<int>(ranked.size())); ++s) {
    Eigen::VectorXd at = candidates.row(ranked[static_cast<std::size_t>(s)]).transpose();
    // A choice's value stays as it is: its coordinate has no gradient.
    Eigen::VectorXd lower = Eigen::VectorXd::Zero(d), upper = Eigen::VectorXd::Ones(d);
    for (Eigen::Index j = 0; j < d; ++j)
      if (categorical_[static_cast<std::size_t>(j)]) lower[j] = upper[j] = at[j];
    minimize_bounded(
        [&](const Eigen::VectorXd& point, Eigen::VectorXd& grad) {
          const double v = score.value_and_gradient(point, grad);
          grad = -grad;
          return -v;
        },
        at, lower, upper, refine_iterations);
    finalists.push_back(at);
  }
  for (std::size_t i = 0; i < std::min<std::size_t>(20, ranked.size()); ++i)
    finalists.push_back(candidates.row(ranked[i]).transpose());

  std::vector<params> decoded;
  Eigen::MatrixXd snapped(static_cast<Eigen::Index>(finalists.size()), d);
  for (std::size_t i = 0; i < finalists.size(); ++i) {
    decoded.push_back(decode(space_, finalists[i]));
    snapped.row(static_cast<Eigen::Index>(i)) = encode(space_, decoded.back()).transpose();
  }
  const Eigen::VectorXd final_scores = score.values(snapped);
  const auto taken = [&](const params& p) {
    return std::any_of(h.trials.begin(), h.trials.end(), [&](const trial_summary& t) { return t.parameters == p; });
  };
  std::optional<std::size_t> best, best_new;
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    if (!best || final_scores[static_cast<Eigen::Index>(i)] > final_scores[static_cast<Eigen::Index>(*best)]) best = i;
    if (!taken(decoded[i]) &&
        (!best_new || final_scores[static_cast<Eigen::Index>(i)] > final_scores[static_cast<Eigen::Index>(*best_new)]))
      best_new = i;
  }
  return decoded[best_new.value_or(*best)];
}

}  // namespace summit::algorithms::bayes
