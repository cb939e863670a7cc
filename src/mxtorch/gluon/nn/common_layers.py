"""Layers of no particular family: Dropout, Embedding, Flatten, and Lambda / HybridLambda, which turn a
function into a block. (MXNet defines them in gluon/nn/basic_layers.py; that module re-exports them.)"""
from ... import ndarray as _nd
from ..block import Block, HybridBlock

__all__ = ['Dropout', 'Embedding', 'Flatten', 'Lambda', 'HybridLambda']


class Dropout(HybridBlock):
    """Dropout (Srivastava et al., 2014). While training (inside ``autograd.record()``) each element is
    zeroed with probability `rate` and the survivors are scaled by ``1 / (1 - rate)``, so that the
    expected value is unchanged; in prediction the output is a copy of the input.

    Parameters
    ----------
    rate : float
        Probability of dropping an element, in [0, 1].
    axes : tuple of int, default ()
        Axes along which one random decision is shared: ``axes=(2, 3)`` drops whole feature maps of
        NCHW data.
    """

    def __init__(self, rate, axes=(), **kwargs):
        super().__init__(**kwargs)
        self._rate, self._axes = rate, axes

    def hybrid_forward(self, F, x):
        if self._rate > 0:
            return F.Dropout(x, p=self._rate, axes=self._axes, name='fwd', cudnn_off=False)
        return F.identity(x)

    def __repr__(self):
        return '%s(p = %s, axes=%s)' % (type(self).__name__, self._rate, self._axes)


class Embedding(HybridBlock):
    """A table of `input_dim` learned vectors of length `output_dim`: every integer i of the input becomes
    row i of `weight` (shape (input_dim, output_dim)), so an input of shape (d1, ..., dk) gives an output
    of shape (d1, ..., dk, output_dim). Indices are truncated to integers and clipped to the table.

    Parameters
    ----------
    input_dim : int
        Number of rows: the largest index plus one (the vocabulary's size).
    output_dim : int
        Length of each vector.
    dtype : str or numpy.dtype, default 'float32'
        Type of the weight and of the output.
    weight_initializer : Initializer
        How the weight starts.
    sparse_grad : bool, default False
        Declares the weight's gradient 'row_sparse', as MXNet would store it; mxtorch keeps gradients
        dense, with the same values.
    """

    def __init__(self, input_dim, output_dim, dtype='float32', weight_initializer=None, sparse_grad=False,
                 **kwargs):
        super().__init__(**kwargs)
        # the operator's arguments, and what __repr__ prints
        self._kwargs = dict(input_dim=input_dim, output_dim=output_dim, dtype=dtype, sparse_grad=sparse_grad)
        self.weight = self.params.get('weight', shape=(input_dim, output_dim), dtype=dtype,
                                      init=weight_initializer, allow_deferred_init=True,
                                      grad_stype='row_sparse' if sparse_grad else 'default')

    def hybrid_forward(self, F, x, weight):
        return F.Embedding(x, weight, name='fwd', **self._kwargs)

    def __repr__(self):
        k = self._kwargs
        return '%s(%s -> %s, %s)' % (type(self).__name__, k['input_dim'], k['output_dim'], k['dtype'])


class Flatten(HybridBlock):
    """Merges every axis after the first: (n, d1, ..., dk) becomes (n, d1 * ... * dk)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def hybrid_forward(self, F, x):
        return F.flatten(x)

    def __repr__(self):
        return type(self).__name__


def _function_of(function, where):
    """The callable a Lambda block was given: `function` itself, or the operator of ``mx.nd`` it names.
    A name ``mx.nd`` lacks is MXNet's AssertionError, a value neither a name nor callable its ValueError."""
    if isinstance(function, str):
        if not hasattr(_nd, function):
            raise AssertionError('Function name %s is not found in %s.' % (function, where))
        return getattr(_nd, function)
    if callable(function):
        return function
    raise ValueError('Unrecognized function in lambda: {} of type {}'.format(function, type(function)))


class Lambda(Block):
    """A block whose forward is a given function of its inputs, e.g. ``Lambda('tanh')`` or
    ``Lambda(lambda x: nd.LeakyReLU(x, slope=0.1))``.

    Parameters
    ----------
    function : str or callable
        The name of an ``mx.nd`` operator, or a callable taking the block's inputs and returning its
        output(s).
    """

    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        self._func_impl = _function_of(function, 'ndarray')

    def forward(self, *args):
        return self._func_impl(*args)

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, self._func_impl.__name__)


class HybridLambda(HybridBlock):
    """A HybridBlock whose hybrid_forward is a given function, e.g. ``HybridLambda('tanh')`` or
    ``HybridLambda(lambda F, x: F.LeakyReLU(x, slope=0.1))``.

    Parameters
    ----------
    function : str or callable
        The name of an operator (looked up in the `F` of each call), or a callable ``function(F, x,
        *args)``.
    """

    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        if isinstance(function, str):
            _function_of(function, 'symbol/ndarray')
            self._func = lambda F, *args: getattr(F, function)(*args)
            self._func_name = function
        else:
            self._func = _function_of(function, 'symbol/ndarray')
            self._func_name = function.__name__

    def hybrid_forward(self, F, x, *args):
        return self._func(F, x, *args)

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, self._func_name)
