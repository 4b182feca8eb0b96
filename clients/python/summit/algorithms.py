"""SHERPA's algorithm and stopping-rule objects (sherpa.algorithms), for
summit.Study: each is a section of a study file, run by the coordinator."""

__all__ = ["RandomSearch", "GridSearch", "BayesianOptimization", "GPyOpt", "SuccessiveHalving",
           "PopulationBasedTraining", "LocalSearch", "Repeat", "Iterate", "MedianStoppingRule"]


class Algorithm:
    """A study file's `algorithm:` section."""

    def __init__(self, name, **options):
        self.section = {"name": name}
        self.section.update({k: v for k, v in options.items() if v is not None})

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, self.section)


class RandomSearch(Algorithm):
    """Random draws; max_num_trials None: until stopped."""

    def __init__(self, max_num_trials=None, seed=None):
        super().__init__("random", max_trials=max_num_trials, seed=seed)


class GridSearch(Algorithm):
    """Every combination: num_grid_points per numeric range, every value of a choice."""

    def __init__(self, num_grid_points=2):
        super().__init__("grid", num_grid_points=num_grid_points)


class BayesianOptimization(Algorithm):
    """Gaussian-process Bayesian optimization (Summit's `bayesian`)."""

    def __init__(self, max_num_trials=None, num_initial=None, initial_points=None, acquisition=None, seed=None):
        super().__init__("bayesian", max_trials=max_num_trials, num_initial=num_initial,
                         initial_points=initial_points, acquisition=acquisition, seed=seed)


class GPyOpt(BayesianOptimization):
    """SHERPA's GPyOpt arguments, run by Summit's own Gaussian process."""

    def __init__(self, model_type="GP", num_initial_data_points="infer", initial_data_points=(), acquisition_type="EI",
                 max_concurrent=None, verbosity=False, max_num_trials=None):
        super().__init__(max_num_trials=max_num_trials,
                         num_initial=None if num_initial_data_points == "infer" else num_initial_data_points,
                         initial_points=list(initial_data_points) or None,
                         acquisition={"EI": "ei", "MPI": "pi", "LCB": "lcb"}.get(acquisition_type, acquisition_type))


class SuccessiveHalving(Algorithm):
    """Asynchronous successive halving (Summit's `asha`)."""

    def __init__(self, r=1, R=9, eta=3, s=0, max_finished_configs=50):
        super().__init__("asha", r=r, R=R, eta=eta, s=s, max_finished_configs=max_finished_configs)


class PopulationBasedTraining(Algorithm):
    def __init__(self, num_generations, population_size=20, parameter_range=None, perturbation_factors=(0.8, 1.2)):
        super().__init__("pbt", num_generations=num_generations, population_size=population_size,
                         parameter_range=parameter_range or None, perturbation_factors=list(perturbation_factors))


class LocalSearch(Algorithm):
    def __init__(self, seed_configuration, perturbation_factors=(0.8, 1.2), repeat_trials=1):
        super().__init__("local_search", seed_configuration=seed_configuration,
                         perturbation_factors=list(perturbation_factors), repeat_trials=repeat_trials)


class Iterate(Algorithm):
    """The given parameter maps, in order."""

    def __init__(self, hp_iter):
        super().__init__("iterate", points=list(hp_iter))


class Repeat(Algorithm):
    """Every configuration of `algorithm` num_times times; judged by the mean
    of its completed runs (agg is accepted for SHERPA's sake)."""

    def __init__(self, algorithm, num_times=5, wait_for_completion=False, agg=False):
        super().__init__(algorithm.section["name"])
        self.section = dict(algorithm.section, repeat={"times": num_times, "wait": bool(wait_for_completion),
                                                      "aggregate": "mean"})


class MedianStoppingRule:
    """Stops a trial whose best objective so far is worse than the median of
    the others' at the same iteration (study file `stopping: {rule: median}`)."""

    def __init__(self, min_iterations=0, min_trials=1):
        self.section = {"rule": "median", "min_iterations": min_iterations, "min_trials": min_trials}

    def __repr__(self):
        return "MedianStoppingRule(%r)" % self.section
