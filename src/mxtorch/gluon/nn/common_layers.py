"""Layers without a family of their own: Dropout, Embedding, Flatten, and Lambda / HybridLambda, which
wrap a function as a block. In MXNet they live in gluon/nn/basic_layers.py, which re-exports them."""
from ... import ndarray as _nd
from ..block import Block, HybridBlock

__all__ = ['Dropout', 'Embedding', 'Flatten', 'Lambda', 'HybridLambda']


class Dropout(HybridBlock):
    """Dropout (Srivastava et al., 2014): in training mode (inside ``autograd.record()``) each element is set
    to zero with probability `rate` and the others are scaled by ``1 / (1 - rate)``; in prediction mode
    the output is a copy of the input.

    Parameters
    ----------
    rate : float
        Probability of zeroing an element, in [0, 1].
    axes : tuple of int, default ()
        The axes along which one dropout mask is shared (e.g. ``axes=(2, 3)`` drops whole feature maps
        of NCHW data).


    Inputs:
        - **data**: input tensor with arbitrary shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, rate, axes=(), **kwargs):
        super().__init__(**kwargs)
        self._rate = rate
        self._axes = axes

    def hybrid_forward(self, F, x):
        if self._rate > 0:
            return F.Dropout(x, p=self._rate, axes=self._axes, cudnn_off=False)
        return F.identity(x)

    def __repr__(self):
        return '{name}(p = {rate}, axes={axes})'.format(name=self.__class__.__name__, rate=self._rate,
                                                        axes=self._axes)


class Embedding(HybridBlock):
    r"""A lookup table of learned vectors: each integer index i in the input is replaced by row i of the
    weight, of shape (input_dim, output_dim). Indices outside [0, input_dim) are clipped.

    Parameters
    ----------
    input_dim : int
        Number of rows (vocabulary size: the largest index + 1).
    output_dim : int
        Length of each vector.
    dtype : str or np.dtype, default 'float32'
        Data type of the weight and the output.
    weight_initializer : Initializer
        Initializer of the weight.
    sparse_grad: bool
        Whether MXNet would give the weight a row-sparse gradient. mxtorch stores that gradient densely
        (with the same values), so this only changes the parameter's declared grad_stype.


    Inputs:
        - **data**: indices, a tensor of any shape `(x1, ..., xk)` (any dtype; values are truncated).

    Outputs:
        - **out**: tensor of shape `(x1, ..., xk, output_dim)`.
    """

    def __init__(self, input_dim, output_dim, dtype='float32', weight_initializer=None, sparse_grad=False,
                 **kwargs):
        super().__init__(**kwargs)
        grad_stype = 'row_sparse' if sparse_grad else 'default'
        self._kwargs = {'input_dim': input_dim, 'output_dim': output_dim, 'dtype': dtype,
                        'sparse_grad': sparse_grad}
        self.weight = self.params.get('weight', shape=(input_dim, output_dim), init=weight_initializer,
                                      dtype=dtype, allow_deferred_init=True, grad_stype=grad_stype)

    def hybrid_forward(self, F, x, weight):
        return F.Embedding(x, weight, **self._kwargs)

    def __repr__(self):
        return '{block_name}({input_dim} -> {output_dim}, {dtype})'.format(
            block_name=self.__class__.__name__, **self._kwargs)


class Flatten(HybridBlock):
    r"""Collapses all axes but the first into one, giving a 2-D output.

    Inputs:
        - **data**: input tensor with arbitrary shape `(N, x1, x2, ..., xn)`

    Outputs:
        - **out**: 2D tensor with shape: `(N, x1 \cdot x2 \cdot ... \cdot xn)`
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def hybrid_forward(self, F, x):
        return F.flatten(x)

    def __repr__(self):
        return self.__class__.__name__


def _function_named(function):
    """The nd function called `function`; an AssertionError (as in MXNet) when there is none."""
    if not hasattr(_nd, function):
        raise AssertionError('Function name %s is not found in ndarray.' % function)
    return getattr(_nd, function)


class Lambda(Block):
    r"""A Block whose forward calls a given function on its inputs.

    Parameters
    ----------
    function : str or callable
        The name of an operator of ``mx.nd`` (``Lambda('tanh')``), or a callable taking the block's inputs
        and returning its output(s) (``Lambda(lambda x: nd.LeakyReLU(x, slope=0.1))``).


    Inputs:
        - ** *args **: the function's inputs.

    Outputs:
        - ** *outputs **: what the function returns.
    """

    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        if isinstance(function, str):
            self._func_impl = _function_named(function)
        elif callable(function):
            self._func_impl = function
        else:
            raise ValueError('Unrecognized function in lambda: {} of type {}'.format(function, type(function)))

    def forward(self, *args):
        return self._func_impl(*args)

    def __repr__(self):
        return '{name}({function})'.format(name=self.__class__.__name__, function=self._func_impl.__name__)


class HybridLambda(HybridBlock):
    r"""A HybridBlock whose hybrid_forward calls a given function.

    Parameters
    ----------
    function : str or callable
        The name of an operator (``HybridLambda('tanh')``, looked up in `F`), or a callable
        ``function(F, x, *args)`` (``HybridLambda(lambda F, x: F.LeakyReLU(x, slope=0.1))``).


    Inputs:
        - ** *args **: the function's inputs; the first must be an NDArray.

    Outputs:
        - ** *outputs **: what the function returns.
    """

    def __init__(self, function, prefix=None):
        super().__init__(prefix=prefix)
        if isinstance(function, str):
            if not hasattr(_nd, function):
                raise AssertionError('Function name %s is not found in symbol/ndarray.' % function)
            # F is always mx.nd in mxtorch, but look the name up in F as MXNet does
            self._func = lambda F, *args: getattr(F, function)(*args)
            self._func_name = function
        elif callable(function):
            self._func = function
            self._func_name = function.__name__
        else:
            raise ValueError('Unrecognized function in lambda: {} of type {}'.format(function, type(function)))

    def hybrid_forward(self, F, x, *args):
        return self._func(F, x, *args)

    def __repr__(self):
        return '{name}({function})'.format(name=self.__class__.__name__, function=self._func_name)
