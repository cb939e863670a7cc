"""PythonModule and PythonLossModule: modules whose computation is written in Python, for use in a
SequentialModule (a loss computed outside the symbol, for example)."""
import logging

from .. import ndarray as nd
from ..initializer import Uniform
from .base_module import BaseModule, _require

__all__ = ['PythonModule', 'PythonLossModule']


class PythonModule(BaseModule):
    """A module without parameters whose forward/backward subclasses write in Python. A subclass
    provides `forward`, `backward`, `get_outputs`, `get_input_grads` and `_compute_output_shapes`;
    the parameter, optimizer and update steps do nothing."""

    def __init__(self, data_names, label_names, output_names, logger=logging):
        super().__init__(logger=logger)
        self._data_names = list(data_names) if isinstance(data_names, tuple) else data_names
        self._label_names = list(label_names) if isinstance(label_names, tuple) else label_names
        self._output_names = output_names
        self._data_shapes = self._label_shapes = self._output_shapes = None

    @property
    def data_names(self):
        """The names of the data inputs."""
        return self._data_names

    @property
    def output_names(self):
        """The names of the outputs."""
        return self._output_names

    @property
    def data_shapes(self):
        """The data shapes given to bind."""
        return self._data_shapes

    @property
    def label_shapes(self):
        """The label shapes given to bind."""
        return self._label_shapes

    @property
    def output_shapes(self):
        """[(output name, shape)] from `_compute_output_shapes`."""
        return self._output_shapes

    def get_params(self):
        """No parameters: two empty dicts."""
        return {}, {}

    def init_params(self, initializer=Uniform(0.01), arg_params=None, aux_params=None, allow_missing=False,
                    force_init=False, allow_extra=False):
        """Nothing to initialise."""

    def update(self):
        """Nothing to update."""

    def init_optimizer(self, kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),),
                       force_init=False):
        """No optimizer needed."""

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Add the outputs and `labels` to `eval_metric` (when bound with labels)."""
        if self._label_shapes is None:
            return
        if pre_sliced:
            raise RuntimeError('PythonModule does not support presliced labels')
        eval_metric.update(labels, self.get_outputs())

    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False, force_rebind=False,
             shared_module=None, grad_req='write'):
        """Record the input shapes (which must name the module's inputs, in order) and compute the output
        shapes."""
        if self.binded and not force_rebind:
            self.logger.warning('Already bound, ignoring bind()')
            return
        _require(grad_req == 'write', 'Python module only support write gradient')
        _require(len(data_shapes) == len(self._data_names) and
                 [x[0] for x in data_shapes] == self._data_names,
                 'data_shapes {} do not describe the data inputs {}'.format(data_shapes, self._data_names))
        if label_shapes is not None:
            _require(self._label_names is not None and len(self._label_names) == len(label_shapes) and
                     [x[0] for x in label_shapes] == self._label_names,
                     'label_shapes {} do not describe the label inputs {}'.format(label_shapes, self._label_names))
        self.for_training = for_training
        self.inputs_need_grad = inputs_need_grad
        self._data_shapes = data_shapes
        self._label_shapes = label_shapes
        # MXNet's PythonModule leaves `binded` False: a second bind binds again
        self._output_shapes = self._compute_output_shapes()

    def _compute_output_shapes(self):
        """[(output name, shape)] for the bound input shapes."""
        raise NotImplementedError()


class PythonLossModule(PythonModule):
    """A loss written in Python: forward passes the scores through as the output; backward gives their
    gradient as ``grad_func(scores, labels)`` (an NDArray or something nd.array takes)."""

    def __init__(self, name='pyloss', data_names=('data',), label_names=('softmax_label',), logger=logging,
                 grad_func=None):
        super().__init__(data_names, label_names, [name + '_output'], logger=logger)
        self._name = name
        _require(len(data_names) == 1, 'PythonLossModule takes one data input, got {}'.format(data_names))
        _require(len(label_names) == 1, 'PythonLossModule takes one label input, got {}'.format(label_names))
        _require(grad_func is None or callable(grad_func), 'grad_func must be callable')
        self._scores = self._labels = self._scores_grad = None
        self._grad_func = grad_func

    def _compute_output_shapes(self):
        return [(self._name + '_output', self._data_shapes[0][1])]

    def forward(self, data_batch, is_train=None):
        """Keep the scores (and, in training, the labels) of the batch."""
        self._scores = data_batch.data[0]
        if self.for_training if is_train is None else is_train:
            self._labels = data_batch.label[0]

    def get_outputs(self, merge_multi_context=True):
        """[the scores]."""
        _require(merge_multi_context is True, 'PythonLossModule has one context: merge_multi_context must be True')
        return [self._scores]

    def backward(self, out_grads=None):
        """The gradient of the scores from grad_func (a loss takes no out_grads)."""
        _require(out_grads is None, 'For a loss module, out_grads should be None')
        _require(self.for_training, 're-bind with for_training=True to run backward')
        self._backward_impl()

    def _backward_impl(self):
        if self._grad_func is None:
            raise NotImplementedError()
        grad = self._grad_func(self._scores, self._labels)
        self._scores_grad = grad if isinstance(grad, nd.NDArray) else nd.array(grad)

    def get_input_grads(self, merge_multi_context=True):
        """[the gradient of the scores]."""
        _require(merge_multi_context is True, 'PythonLossModule has one context: merge_multi_context must be True')
        return [self._scores_grad]

    def install_monitor(self, mon):
        """Not provided: a Python module has no executors to monitor."""
        raise NotImplementedError()
