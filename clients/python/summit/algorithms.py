"""SHERPA's algorithm and stopping-rule objects (sherpa.algorithms), for
summit.Study. The built-in ones are sections of a study file, run by the
coordinator; a subclass of Algorithm that defines get_suggestion() is an
algorithm of your own, served to the coordinator by your process (SHERPA's
"writing new algorithms"; the study file's algorithm `external`)."""

__all__ = ["Algorithm", "AlgorithmState", "RandomSearch", "GridSearch", "BayesianOptimization", "GPyOpt", "NSGA2",
           "SuccessiveHalving", "PopulationBasedTraining", "LocalSearch", "Repeat", "Iterate",
           "MedianStoppingRule"]


class AlgorithmState:
    """What get_suggestion() may return instead of parameter values: DONE
    (no more trials; None means the same) or WAIT (nothing now, ask again
    in a second)."""
    DONE = "DONE"
    WAIT = "WAIT"


class Algorithm:
    """SHERPA's algorithm base class. To write your own, subclass it and
    define get_suggestion(parameters, results, lower_is_better); set
    `max_num_trials` on it to cap the study's trials. The built-in
    subclasses below name an algorithm the coordinator runs itself."""

    max_num_trials = None

    def __init__(self, name=None, **options):
        if name is not None:
            self.section = {"name": name}
            self.section.update({k: v for k, v in options.items() if v is not None})

    def get_suggestion(self, parameters, results, lower_is_better):
        """Parameter values for the next trial ({name: value}), or
        AlgorithmState.DONE / None when there are no more, or
        AlgorithmState.WAIT. `parameters`: the study's parameters
        (summit.Continuous ..., each with .name, .range and .sample());
        `results`: SHERPA's results table (a pandas DataFrame when pandas is
        installed, else a list of dicts); `lower_is_better`: the goal."""
        raise NotImplementedError("%s does not define get_suggestion()" % type(self).__name__)

    @property
    def is_external(self):
        """Whether this process makes the suggestions (get_suggestion is defined here)."""
        return type(self).get_suggestion is not Algorithm.get_suggestion

    def study_section(self):
        """The study file's `algorithm:` section for it."""
        section = getattr(self, "section", None)
        if section is not None:
            return section
        if not self.is_external:
            raise TypeError("%s is neither a built-in algorithm nor defines get_suggestion()" % type(self).__name__)
        section = {"name": "external"}
        if self.max_num_trials is not None:
            section["max_trials"] = int(self.max_num_trials)
        return section

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, getattr(self, "section", "external"))


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


class NSGA2(Algorithm):
    """Steady-state NSGA-II (Summit's `nsga2`) for several objectives and constraints."""

    def __init__(self, max_num_trials=None, population_size=None, crossover_prob=None, mutation_prob=None, seed=None):
        super().__init__("nsga2", max_trials=max_num_trials, population_size=population_size,
                         crossover_prob=crossover_prob, mutation_prob=mutation_prob, seed=seed)


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
        super().__init__()
        self.inner = algorithm
        self.section = dict(algorithm.study_section(), repeat={"times": num_times, "wait": bool(wait_for_completion),
                                                              "aggregate": "mean"})


class MedianStoppingRule:
    """Stops a trial whose best objective so far is worse than the median of
    the others' at the same iteration (study file `stopping: {rule: median}`)."""

    def __init__(self, min_iterations=0, min_trials=1):
        self.section = {"rule": "median", "min_iterations": min_iterations, "min_trials": min_trials}

    def __repr__(self):
        return "MedianStoppingRule(%r)" % self.section
