"""The optimizers SVRGModule installs: ``_SVRGOptimizer`` sends the updates of the full-gradient keys
(names containing 'full') to ``_AssignmentOptimizer`` and all others to the optimizer the user chose."""
from ... import optimizer as _opt

__all__ = []

# the keyword arguments that the base Optimizer takes; _SVRGOptimizer keeps these for itself and hands
# all keyword arguments on to the optimizer it wraps
_BASE_KEYWORDS = ('rescale_grad', 'param_idx2name', 'wd', 'clip_gradient', 'learning_rate', 'lr_scheduler', 'sym',
                  'begin_num_update', 'multi_precision', 'param_dict')


@_opt.Optimizer.register
class _AssignmentOptimizer(_opt.Optimizer):
    """An 'optimizer' whose update copies the (summed) gradient into the weight: the kvstore then holds
    the sum of what the devices and workers pushed. Meant for SVRGModule's full gradients only."""

    def update(self, index, weight, grad, state):
        """Writes `grad` into `weight`; there is no state."""
        weight[:] = grad


@_opt.Optimizer.register
class _SVRGOptimizer(_opt.Optimizer):
    """Two optimizers behind one: ``aux_opt``, an _AssignmentOptimizer, for the weights whose name (from
    `param_idx2name`) contains 'full', and ``default_opt`` for the others.

    Parameters
    ----------
    default_optimizer : str or Optimizer
        The optimizer of the ordinary weights; a name is created with all the other keyword arguments.
    **kwargs
        The base Optimizer's arguments (rescale_grad, param_idx2name, wd, learning_rate, ...) configure this
        wrapper; together with any others they also configure a `default_optimizer` given by name.
    """

    def __init__(self, default_optimizer, **kwargs):
        super().__init__(**self._check_params(**kwargs))
        if isinstance(default_optimizer, str):
            default_optimizer = _opt.create(default_optimizer, **kwargs)
        self.default_opt = default_optimizer
        self.aux_opt = _opt.create(_AssignmentOptimizer.__name__)

    @staticmethod
    def _check_params(**kwargs):
        """The subset of `kwargs` that the base Optimizer takes."""
        return {key: value for key, value in kwargs.items() if key in _BASE_KEYWORDS}

    def _check_index(self, index):
        """The parameter name of `index`: an int key through idx2name, or a name used as the key."""
        return index if index in self.idx2name.values() else self.idx2name[index]

    def _chosen(self, index):
        return self.aux_opt if 'full' in self._check_index(index) else self.default_opt

    def create_state(self, index, weight):
        """The state of the optimizer that updates `index`."""
        return self._chosen(index).create_state(index, weight)

    def update(self, index, weight, grad, state):
        """Updates `weight` with the optimizer its name picks (assignment for the full gradients)."""
        self._chosen(index).update(index, weight, grad, state)
