"""Initializers (``mx.init``, ``mx.initializer``): objects that fill a parameter's array in place.

``initializer(desc, arr)`` fills the NDArray `arr` of the variable described by `desc`, an
:class:`InitDesc` (a str, the variable's name, carrying attributes). If the attributes name an
initializer under ``'__init__'`` (Gluon always does: the parameter's own or the global one), that
initializer's ``_init_weight`` fills the array whatever the name. Otherwise the end of the name decides:
``..weight`` gets ``_init_weight`` (what subclasses define), ``..bias`` and ``..beta`` zeros, ``..gamma``
ones, and so on, as in MXNet.

A new initializer subclasses :class:`Initializer`, defines ``_init_weight(self, name, arr)`` and, with
:func:`register`, becomes available by name (``init='myinit'``, :func:`create`).

The random initializers draw from torch's generators (``mx.random.seed`` seeds them): MXNet's
distributions and bounds, not MXNet's exact numbers."""
import json
import logging
import re
import warnings
from math import sqrt

import numpy as np
import torch

from . import registry as _registry
from .base import string_types
from .ndarray.ndarray import NDArray
from .ndarray.serialization import load  # noqa: F401  (MXNet's module names it)

__all__ = ['InitDesc', 'Initializer', 'register', 'alias', 'create', 'Load', 'Mixed', 'Zero', 'One',
           'Constant', 'Uniform', 'Normal', 'Orthogonal', 'Xavier', 'MSRAPrelu', 'Bilinear', 'LSTMBias',
           'FusedRNN']


class InitDesc(str):
    """A variable's name (it is the str) with what an initializer may need to know about the variable.

    Parameters
    ----------
    name : str
        The variable's name.
    attrs : dict, optional
        Its attributes; ``attrs['__init__']`` names (or is) the initializer that must fill it.
    global_init : Initializer, optional
        The initializer that the whole model was given (filled in by the first one called).
    """

    def __new__(cls, name, attrs=None, global_init=None):
        desc = str.__new__(cls, name)
        desc.attrs, desc.global_init = attrs or {}, global_init
        return desc


def _set(arr, value):
    """``arr[:] = value`` outside autograd (a parameter's array may require grad)."""
    with torch.no_grad():
        arr[:] = value


def _random_fill(arr, draw):
    """Fills `arr` in place with ``draw(tensor)``; integer arrays get float32 draws cast to their type."""
    target = arr._t
    if getattr(arr, 'stype', 'default') != 'default':
        # a sparse array's tensor is only a stand-in: draw densely and store every row, as MXNet's samplers
        dense = arr.tostype('default')
        _random_fill(dense, draw)
        arr[:] = dense
        return
    with torch.no_grad():
        if target.is_floating_point():
            draw(target)
        else:
            target.copy_(draw(torch.empty(target.shape, dtype=torch.float32, device=target.device)))


def _fill_uniform(arr, low, high):
    _random_fill(arr, lambda t: t.uniform_(low, high))


def _fill_normal(arr, mean, std):
    _random_fill(arr, lambda t: t.normal_(mean, std))


def _rms(arr):
    """The default statistic of verbose initializers: the root mean square of the array, as a str."""
    values = arr._t.detach().to(torch.float64)
    return str(np.float32(torch.linalg.vector_norm(values).item() / sqrt(max(arr.size, 1))))


# How a name's ending picks the method, in the order MXNet tries the endings: for an InitDesc, and for the
# deprecated plain-str names (after the 'upsampling...' and 'stn_loc...' special cases)
_BY_SUFFIX = (('weight', '_init_weight'), ('bias', '_init_bias'), ('gamma', '_init_gamma'),
              ('beta', '_init_beta'), ('min', '_init_zero'), ('max', '_init_one'),
              ('weight_quantize', '_init_quantized_weight'), ('bias_quantize', '_init_quantized_bias'))
_BY_SUFFIX_LEGACY = (('bias', '_init_bias'), ('gamma', '_init_gamma'), ('beta', '_init_beta'),
                     ('weight', '_init_weight'), ('moving_mean', '_init_zero'), ('moving_var', '_init_one'),
                     ('moving_inv_var', '_init_zero'), ('moving_avg', '_init_zero'), ('min', '_init_zero'),
                     ('max', '_init_one'))


class Initializer:
    """Base class of the initializers.

    A subclass defines ``_init_weight(self, name, arr)``; it may also redefine how biases, gammas, ...
    are filled (``_init_bias`` etc.). The keyword arguments given here are what :meth:`dumps` writes, so
    subclasses pass their own constructor arguments.
    """

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose, self._print_func = False, None

    def set_verbosity(self, verbose=False, print_func=None):
        """Logs (``logging.info``) each array this initializer fills, with ``print_func(arr)`` (default:
        the root mean square of its values). Returns the initializer."""
        self._verbose, self._print_func = verbose, _rms if print_func is None else print_func
        return self

    def _verbose_print(self, desc, init, arr):
        if self._verbose and self._print_func:
            logging.info('Initialized %s as %s: %s', desc, init, self._print_func(arr))

    def dumps(self):
        """``'["<class name, lower case>", {constructor arguments}]'``: JSON that :func:`create` turns
        back into an equal initializer.

        >>> mx.init.Xavier(magnitude=2).dumps()
        '["xavier", {"rnd_type": "uniform", "factor_type": "avg", "magnitude": 2}]'
        """
        return json.dumps([type(self).__name__.lower(), self._kwargs])

    def __call__(self, desc, arr):
        """Fills `arr` (an NDArray) for the variable `desc` (an InitDesc; a plain str is deprecated)."""
        if not isinstance(desc, InitDesc):
            return self._legacy_init(desc, arr)
        desc.global_init = self if desc.global_init is None else desc.global_init
        chosen = desc.attrs.get('__init__', '')
        if chosen:
            create(chosen)._init_weight(desc, arr)
            self._verbose_print(desc, chosen, arr)
            return
        for suffix, method in _BY_SUFFIX:
            if desc.endswith(suffix):
                getattr(self, method)(desc, arr)
                self._verbose_print(desc, suffix, arr)
                return
        self._init_default(desc, arr)

    def _legacy_init(self, name, arr):
        """``init('name', arr)``, MXNet's old calling form: only the name decides."""
        warnings.warn('\033[91mCalling initializer with init(str, NDArray) has been deprecated.'
                      'please use init(mx.init.InitDesc(...), NDArray) instead.\033[0m',
                      DeprecationWarning, stacklevel=3)
        for value, kind, wanted in ((name, string_types, 'name must be string'), (arr, NDArray, 'arr must be NDArray')):
            if not isinstance(value, kind):
                raise TypeError(wanted)
        if name.startswith('upsampling'):
            method = '_init_bilinear'
        elif name.startswith('stn_loc') and (name.endswith('weight') or name.endswith('bias')):
            method = '_init_zero' if name.endswith('weight') else '_init_loc_bias'
        else:
            method = next((m for suffix, m in _BY_SUFFIX_LEGACY if name.endswith(suffix)), '_init_default')
        getattr(self, method)(name, arr)

    def _init_bilinear(self, _, arr):
        _set(arr, _bilinear_kernel(arr.shape))

    def _init_loc_bias(self, name, arr):
        # the identity affine transform of a spatial transformer's localisation net
        if arr.shape[0] != 6:
            raise AssertionError('{}: a spatial transformer bias has 6 elements, got shape {}'.format(name, arr.shape))
        _set(arr, np.array([1.0, 0, 0, 0, 1.0, 0]))

    def _init_zero(self, _, arr):
        _set(arr, 0.0)

    def _init_one(self, _, arr):
        _set(arr, 1.0)

    _init_bias = _init_beta = _init_zero
    _init_gamma = _init_one

    def _init_quantized_bias(self, _, arr):
        _set(arr, 0)

    def _init_weight(self, name, arr):
        """Fills a weight: what each subclass defines."""
        raise NotImplementedError('Must override it')

    def _init_quantized_weight(self, _, arr):
        # one integer in [-127, 127) for the whole array, as MXNet does
        _set(arr, int(torch.randint(-127, 127, (1,)).item()))

    def _init_default(self, name, _):
        raise ValueError('Unknown initialization pattern for %s. Default initialization is now limited to '
                         '"weight", "bias", "gamma" (1.0), and "beta" (0.0).Please use '
                         'mx.sym.Variable(init=mx.init.*) to set initialization pattern' % name)

    def __eq__(self, other):
        if isinstance(other, Initializer):
            return type(self) is type(other) and self._kwargs == other._kwargs
        return NotImplemented


_register = _registry.get_register_func(Initializer, 'initializer')
alias = _registry.get_alias_func(Initializer, 'initializer')
create = _registry.get_create_func(Initializer, 'initializer')
create.__doc__ = """An initializer from its registered name (and constructor arguments), from the JSON that
    :meth:`Initializer.dumps` writes, or from a dict with an ``'initializer'`` key; an Initializer is
    returned as it is.

    >>> mx.init.create('xavier', magnitude=2)
    >>> mx.init.create('["normal", {"sigma": 0.1}]')
    """


def register(klass):
    """Makes an Initializer subclass available by its lower-cased class name, to :func:`create` and to
    ``init='name'`` arguments; returns the class, so it serves as a decorator::

        @mx.init.register
        class Halves(mx.init.Initializer):
            def _init_weight(self, name, arr):
                arr[:] = 0.5

        mx.gluon.Parameter('w', shape=(2,), init='halves')
    """
    return _register(klass)


class Load:
    """Fills variables with saved values: ``Load(source)(name, arr)`` copies the array saved under `name`
    (saved names may start with ``arg:`` or ``aux:``) or, for a name that was not saved, calls
    `default_init`. It is called with plain names and is not an :class:`Initializer`.

    Parameters
    ----------
    param : str or dict of str to NDArray
        A file that ``nd.save`` wrote from a dict, or such a dict.
    default_init : callable, optional
        Fills the variables that were not saved; without it they are an error.
    verbose : bool, default False
        Log where each variable's values came from.
    """

    def __init__(self, param, default_init=None, verbose=False):
        if isinstance(param, str):
            from .ndarray import load
            param = load(param)
        if not isinstance(param, dict):
            raise AssertionError('Load needs a dict of name to NDArray (or a file saved from one), got {}'.format(
                type(param).__name__))
        self.param = {(k[4:] if k.startswith(('arg:', 'aux:')) else k): v for k, v in param.items()}
        self.default_init = default_init
        self.verbose = verbose

    def __call__(self, name, arr):
        saved = self.param.get(name)
        if saved is None:
            if self.default_init is None:
                raise AssertionError('Cannot Initialize %s. Not found in loaded param and no default Initializer '
                                     'is provided.' % name)
            self.default_init(name, arr)
            source = 'default'
        else:
            if arr.shape != saved.shape:
                raise AssertionError('Parameter %s cannot be initialized from loading. Shape mismatch, target %s '
                                     'vs loaded %s' % (name, arr.shape, saved.shape))
            _set(arr, saved)
            source = 'loading'
        if self.verbose:
            logging.info('Initialized %s by %s', name, source)


class Mixed:
    """Picks an initializer by name: ``Mixed(patterns, initializers)(name, arr)`` calls the initializer of
    the first pattern (a regular expression) that matches the start of `name`. It is called with plain
    names and is not an :class:`Initializer`, so Gluon cannot use it (as in MXNet).

    Parameters
    ----------
    patterns : list of str
        Regular expressions, tried in order (end with '.*' to catch every other name).
    initializers : list of Initializer
        One for each pattern.
    """

    def __init__(self, patterns, initializers):
        if len(patterns) != len(initializers):
            raise AssertionError('Mixed: {} patterns but {} initializers'.format(len(patterns), len(initializers)))
        self.map = [(re.compile(p), i) for p, i in zip(patterns, initializers)]

    def __call__(self, name, arr):
        init = next((i for pattern, i in self.map if pattern.match(name)), None)
        if init is None:
            raise ValueError('Parameter name %s did not match any pattern. Consider add a ".*" pattern at the '
                             'and with default Initializer.' % name)
        init(name, arr)


@register
@alias('zeros')
class Zero(Initializer):
    """Zeros ('zero' or 'zeros')."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        _set(arr, 0)


@register
@alias('ones')
class One(Initializer):
    """Ones ('one' or 'ones')."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        _set(arr, 1)


@register
class Constant(Initializer):
    """Fills with `value`, a number or an array (NDArray or numpy) that broadcasts to the shape."""

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        _set(arr, self.value)

    def dumps(self):
        value = self._kwargs['value']
        if not np.isscalar(value):
            # JSON needs a list; the stored argument becomes that list, as in MXNet
            self._kwargs['value'] = (value if isinstance(value, np.ndarray) else value.asnumpy()).tolist()
        return super().dumps()


@register
class Uniform(Initializer):
    """Uniform samples in [-scale, scale] (default scale 0.07)."""

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        _fill_uniform(arr, -self.scale, self.scale)


@register
class Normal(Initializer):
    """Normal samples of mean 0 and standard deviation `sigma` (default 0.01)."""

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        _fill_normal(arr, 0, self.sigma)


@register
class Orthogonal(Initializer):
    """An orthogonal matrix (Saxe et al., 2013) times `scale`: the weight, seen as a matrix of
    ``shape[0]`` rows, gets the orthonormal factor of the singular value decomposition of a random matrix
    of its shape.

    Parameters
    ----------
    scale : float, default 1.414
        Factor of the orthonormal matrix.
    rand_type : {'uniform', 'normal'}, default 'uniform'
        The random matrix: U(-1, 1) or N(0, 1) entries.
    """

    def __init__(self, scale=1.414, rand_type='uniform'):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale, self.rand_type = scale, rand_type

    def _init_weight(self, _, arr):
        rows = arr.shape[0]
        cols = int(np.prod(arr.shape[1:]))
        draws = {'uniform': lambda t: t.uniform_(-1.0, 1.0), 'normal': lambda t: t.normal_(0.0, 1.0)}
        if self.rand_type not in draws:
            raise ValueError("Orthogonal: unknown rand_type {!r}, expected 'uniform' or 'normal'".format(
                self.rand_type))
        sample = draws[self.rand_type](torch.empty(rows, cols, dtype=torch.float32)).numpy()
        left, _, right = np.linalg.svd(sample, full_matrices=False)
        basis = left if left.shape == sample.shape else right
        _set(arr, self.scale * basis.reshape(arr.shape))


@register
class Xavier(Initializer):
    """Glorot and Bengio's initialization, which keeps the scale of activations and of gradients about
    the same through the layers.

    For a weight of shape (out, in, k1, k2, ...) with ``r = k1 * k2 * ...``, the scale is
    ``c = sqrt(magnitude / n)`` with n = ``(in + out) * r / 2`` ('avg'), ``in * r`` ('in') or ``out * r``
    ('out'); the samples are uniform in [-c, c] or normal with standard deviation c. The weight needs at
    least 2 dimensions.

    Parameters
    ----------
    rnd_type : {'uniform', 'gaussian'}, default 'uniform'
    factor_type : {'avg', 'in', 'out'}, default 'avg'
    magnitude : float, default 3
    """

    def __init__(self, rnd_type='uniform', factor_type='avg', magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type, self.factor_type, self.magnitude = rnd_type, factor_type, float(magnitude)

    def _init_weight(self, name, arr):
        dims = arr.shape
        if len(dims) < 2:
            raise ValueError('Xavier initializer cannot be applied to vector {0}. It requires at'
                             ' least 2D.'.format(name))
        field = float(np.prod(dims[2:])) if len(dims) > 2 else 1.0
        fan = {'in': dims[1] * field, 'out': dims[0] * field, 'avg': (dims[0] + dims[1]) * field / 2.0}
        if self.factor_type not in fan:
            raise ValueError('Incorrect factor type')
        c = sqrt(self.magnitude / fan[self.factor_type])
        if self.rnd_type == 'uniform':
            _fill_uniform(arr, -c, c)
        elif self.rnd_type == 'gaussian':
            _fill_normal(arr, 0, c)
        else:
            raise ValueError('Unknown random type')


@register
class MSRAPrelu(Xavier):
    """He et al.'s initialization for layers followed by a (P)ReLU: a Gaussian :class:`Xavier` of
    magnitude ``2 / (1 + slope**2)``.

    Parameters
    ----------
    factor_type : {'avg', 'in', 'out'}, default 'avg'
    slope : float, default 0.25
        The negative slope of the PReLU (0 for a ReLU).
    """

    def __init__(self, factor_type='avg', slope=0.25):
        super().__init__('gaussian', factor_type, 2. / (1 + slope ** 2))
        self._kwargs = {'factor_type': factor_type, 'slope': slope}


def _bilinear_kernel(shape):
    """The bilinear interpolation kernel for a (out, in, h, w) weight, as a float32 numpy array."""
    f = np.ceil(shape[3] / 2.)
    c = (2 * f - 1 - f % 2) / (2. * f)
    rows = 1 - np.abs(np.arange(shape[2]) / f - c)
    cols = 1 - np.abs(np.arange(shape[3]) / f - c)
    return np.broadcast_to(np.outer(rows, cols).astype(np.float32), shape).copy()


@register
class Bilinear(Initializer):
    """Bilinear interpolation kernels in a 4-D (out, in, h, w) weight, which makes a transposed
    convolution an upsampler."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        if len(arr.shape) != 4:
            raise ValueError('Bilinear initializer needs a 4-D weight (out, in, height, width), got shape '
                             '{}'.format(arr.shape))
        _set(arr, _bilinear_kernel(arr.shape))


@register
class LSTMBias(Initializer):
    """The bias of an LSTM's four gates (input, forget, cell, output: a quarter of the vector each):
    zeros, but `forget_bias` (default 1.0) for the forget gate, which makes the cell keep its state early
    in training."""

    def __init__(self, forget_bias=1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr):
        quarter = int(arr.shape[0] / 4)
        with torch.no_grad():
            arr[:] = 0.0
            arr[quarter:2 * quarter] = self.forget_bias


_GATES = {'rnn_relu': ('',), 'rnn_tanh': ('',), 'lstm': ('_i', '_f', '_c', '_o'), 'gru': ('_r', '_z', '_o')}


@register
class FusedRNN(Initializer):
    """For the one flat parameter vector of a fused RNN: each weight and bias inside it (of each layer,
    direction and gate, named as MXNet names them: ``l0_i2h_f_weight``, ``r1_h2h_bias``, ...) is filled
    by `init` (or, when None, by the global initializer) according to its name, and LSTM forget-gate
    biases get `forget_bias`.

    Parameters
    ----------
    init : Initializer, JSON str or None
    num_hidden : int
    num_layers : int
    mode : {'rnn_relu', 'rnn_tanh', 'lstm', 'gru'}
    bidirectional : bool, default False
    forget_bias : float, default 1.0
    """

    def __init__(self, init, num_hidden, num_layers, mode, bidirectional=False, forget_bias=1.0):
        if isinstance(init, string_types):
            init = create(init)
        super().__init__(init=None if init is None else init.dumps(), num_hidden=num_hidden,
                         num_layers=num_layers, mode=mode, bidirectional=bidirectional, forget_bias=forget_bias)
        if mode not in _GATES:
            raise ValueError('FusedRNN: unknown mode {!r}, expected one of {}'.format(mode, ', '.join(_GATES)))
        self._init, self._mode, self._forget_bias = init, mode, forget_bias
        self._num_hidden, self._num_layers, self._bidirectional = num_hidden, num_layers, bidirectional

    def _layout(self, num_input):
        """[(name, shape)] of the pieces of the vector, in the order they are stored: every weight
        (layer by layer, direction by direction, input-to-hidden before hidden-to-hidden, gate by gate),
        then every bias in the same order."""
        h, gates = self._num_hidden, _GATES[self._mode]
        sides = ('l', 'r') if self._bidirectional else ('l',)
        spots = [(side, layer) for layer in range(self._num_layers) for side in sides]
        weights, biases = [], []
        for side, layer in spots:
            width = num_input if layer == 0 else len(sides) * h
            for link, cols in (('i2h', width), ('h2h', h)):
                weights += [('%s%d_%s%s_weight' % (side, layer, link, g), (h, cols)) for g in gates]
                biases += [('%s%d_%s%s_bias' % (side, layer, link, g), (h,)) for g in gates]
        return weights + biases

    def _init_weight(self, desc, arr):
        from .ndarray.ndarray import _wrap
        sides = 2 if self._bidirectional else 1
        h, per_gate = self._num_hidden, len(_GATES[self._mode])
        # solve the vector's length for the input size (the only unknown)
        num_input = arr.size // sides // h // per_gate - (self._num_layers - 1) * (h + sides * h + 2) - h - 2
        layout = self._layout(num_input)
        if sum(int(np.prod(shape)) for _, shape in layout) != arr.size:
            raise ValueError('FusedRNN: a parameter of {} elements does not hold the weights of a {} layer(s) '
                             '{} {}with {} hidden units'.format(arr.size, self._num_layers, self._mode,
                                                               'bidirectional ' if sides == 2 else '', h))
        fallback = getattr(desc, 'global_init', None)
        pieces = []
        for name, shape in layout:
            piece = _wrap(torch.zeros(shape, dtype=arr._t.dtype, device=arr._t.device))
            if self._mode == 'lstm' and name.endswith('_f_bias'):
                _set(piece, self._forget_bias)
            else:
                (fallback if self._init is None else self._init)(InitDesc(name, global_init=fallback), piece)
            pieces.append(piece._t.reshape(-1))
        with torch.no_grad():
            arr._t.copy_(torch.cat(pieces).view(arr._t.shape))
