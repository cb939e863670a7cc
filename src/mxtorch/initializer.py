"""Weight initializers (``mx.init`` / ``mx.initializer``).

An initializer is called as ``init(desc, arr)`` and fills the NDArray `arr` in place. `desc` is an
:class:`InitDesc` (a str: the parameter's name, with attributes). When the descriptor carries an
``'__init__'`` attribute (Gluon always sets it to the parameter's own or the global initializer), that
initializer's ``_init_weight`` fills the array whatever the name; otherwise the name's ending picks the
method (``weight`` -> ``_init_weight``, ``bias`` -> zeros, ``gamma`` -> ones, ...), as in MXNet.

Custom initializers subclass :class:`Initializer` and override ``_init_weight(self, name, arr)``; they can
be registered under a name with :func:`register` / :func:`alias` and made with :func:`create`.

Random initializers draw from torch's generators (seeded by ``mx.random.seed``): the distributions and
bounds are MXNet's, the exact numbers are not."""
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

__all__ = ['InitDesc', 'Initializer', 'register', 'alias', 'create', 'Load', 'Mixed', 'Zero', 'One',
           'Constant', 'Uniform', 'Normal', 'Orthogonal', 'Xavier', 'MSRAPrelu', 'Bilinear', 'LSTMBias',
           'FusedRNN']


class InitDesc(str):
    """The name of the variable to initialize (it is a str), with attributes for the initializer.

    Parameters
    ----------
    name : str
        The variable's name; its ending chooses the method when no initializer is named in `attrs`.
    attrs : dict, optional
        Attributes; ``'__init__'`` names (or is) the initializer that must fill the variable.
    global_init : Initializer, optional
        The initializer to fall back on (set by the first initializer that sees the descriptor).
    """

    def __new__(cls, name, attrs=None, global_init=None):
        ret = super().__new__(cls, name)
        ret.attrs = attrs or {}
        ret.global_init = global_init
        return ret


def _assign(arr, value):
    """arr[:] = value, also for a parameter's array that autograd tracks (outside any recording)."""
    with torch.no_grad():
        arr[:] = value


def _uniform(arr, low, high):
    """Fill arr in place with samples of U(low, high)."""
    t = arr._t
    with torch.no_grad():
        if t.is_floating_point():
            t.uniform_(low, high)
        else:
            t.copy_(torch.empty(t.shape, dtype=torch.float32, device=t.device).uniform_(low, high))


def _normal(arr, loc, scale):
    """Fill arr in place with samples of N(loc, scale**2)."""
    t = arr._t
    with torch.no_grad():
        if t.is_floating_point():
            t.normal_(loc, scale)
        else:
            t.copy_(torch.empty(t.shape, dtype=torch.float32, device=t.device).normal_(loc, scale))


class Initializer:
    """The base class of an initializer.

    Subclasses override ``_init_weight(self, name, arr)`` (and, for name-based patterns, ``_init_bias``,
    ``_init_gamma``, ...). Keyword arguments given to ``__init__`` are kept for :meth:`dumps`.
    """

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False
        self._print_func = None

    def set_verbosity(self, verbose=False, print_func=None):
        """Turn logging of each initialized array on or off.

        Parameters
        ----------
        verbose : bool
            Whether to log (``logging.info``) each array this initializer fills.
        print_func : function, optional
            Maps the filled NDArray to the statistic logged (a str); default: its root mean square.
        """
        self._verbose = verbose
        if print_func is None:
            def rms_stat(x):
                t = x._t.detach().to(torch.float64)
                return str(np.float32(torch.linalg.vector_norm(t).item() / sqrt(max(x.size, 1))))
            print_func = rms_stat
        self._print_func = print_func
        return self

    def _verbose_print(self, desc, init, arr):
        """Log what initialized `arr` when verbose mode is on."""
        if self._verbose and self._print_func:
            logging.info('Initialized %s as %s: %s', desc, init, self._print_func(arr))

    def dumps(self):
        """The initializer as JSON, ``'["name", {constructor arguments}]'``, which :func:`create` reads.

        Examples
        --------
        >>> mx.init.Xavier(magnitude=2).dumps()
        '["xavier", {"rnd_type": "uniform", "factor_type": "avg", "magnitude": 2}]'
        """
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, desc, arr):
        """Fill `arr` in place for the variable described by `desc`.

        Parameters
        ----------
        desc : InitDesc
            The variable. A plain str still works but is deprecated (the name alone picks the method).
        arr : NDArray
            The array to fill.
        """
        if not isinstance(desc, InitDesc):
            self._legacy_init(desc, arr)
            return
        if desc.global_init is None:
            desc.global_init = self
        init = desc.attrs.get('__init__', '')
        if init:
            # the variable names its initializer: it fills the array whatever the name says
            create(init)._init_weight(desc, arr)
            self._verbose_print(desc, init, arr)
            return
        for suffix, method in _DESC_PATTERNS:
            if desc.endswith(suffix):
                getattr(self, method)(desc, arr)
                self._verbose_print(desc, suffix, arr)
                return
        self._init_default(desc, arr)

    def _legacy_init(self, name, arr):
        """The deprecated ``init(str, arr)`` form: the name alone picks the method."""
        warnings.warn('\033[91mCalling initializer with init(str, NDArray) has been deprecated.'
                      'please use init(mx.init.InitDesc(...), NDArray) instead.\033[0m',
                      DeprecationWarning, stacklevel=3)
        if not isinstance(name, string_types):
            raise TypeError('name must be string')
        if not isinstance(arr, NDArray):
            raise TypeError('arr must be NDArray')
        if name.startswith('upsampling'):
            self._init_bilinear(name, arr)
        elif name.startswith('stn_loc') and name.endswith('weight'):
            self._init_zero(name, arr)
        elif name.startswith('stn_loc') and name.endswith('bias'):
            self._init_loc_bias(name, arr)
        else:
            for suffix, method in _LEGACY_PATTERNS:
                if name.endswith(suffix):
                    getattr(self, method)(name, arr)
                    return
            self._init_default(name, arr)

    def _init_bilinear(self, _, arr):
        _assign(arr, _bilinear_weight(arr.shape))

    def _init_loc_bias(self, _, arr):
        assert arr.shape[0] == 6
        _assign(arr, np.array([1.0, 0, 0, 0, 1.0, 0]))

    def _init_zero(self, _, arr):
        _assign(arr, 0.0)

    def _init_one(self, _, arr):
        _assign(arr, 1.0)

    def _init_bias(self, _, arr):
        _assign(arr, 0.0)

    def _init_quantized_bias(self, _, arr):
        _assign(arr, 0)

    def _init_gamma(self, _, arr):
        _assign(arr, 1.0)

    def _init_beta(self, _, arr):
        _assign(arr, 0.0)

    def _init_weight(self, name, arr):
        """Abstract method to initialize weight: subclasses fill `arr` in place."""
        raise NotImplementedError('Must override it')

    def _init_quantized_weight(self, _, arr):
        # MXNet draws one integer in [-127, 127) and fills the whole array with it
        _assign(arr, int(torch.randint(-127, 127, (1,)).item()))

    def _init_default(self, name, _):
        raise ValueError(
            'Unknown initialization pattern for %s. Default initialization is now limited to '
            '"weight", "bias", "gamma" (1.0), and "beta" (0.0).Please use '
            'mx.sym.Variable(init=mx.init.*) to set initialization pattern' % name)

    def __eq__(self, other):
        if not isinstance(other, Initializer):
            return NotImplemented
        return type(self) is type(other) and self._kwargs == other._kwargs


# (suffix, method) in the order MXNet tests them
_DESC_PATTERNS = (('weight', '_init_weight'), ('bias', '_init_bias'), ('gamma', '_init_gamma'),
                  ('beta', '_init_beta'), ('min', '_init_zero'), ('max', '_init_one'),
                  ('weight_quantize', '_init_quantized_weight'), ('bias_quantize', '_init_quantized_bias'))
_LEGACY_PATTERNS = (('bias', '_init_bias'), ('gamma', '_init_gamma'), ('beta', '_init_beta'),
                    ('weight', '_init_weight'), ('moving_mean', '_init_zero'), ('moving_var', '_init_one'),
                    ('moving_inv_var', '_init_zero'), ('moving_avg', '_init_zero'), ('min', '_init_zero'),
                    ('max', '_init_one'))


# ---- registry: initializers by name ('xavier', 'zeros', ...) -------------------------------------------
register = _registry.get_register_func(Initializer, 'initializer')
register.__doc__ = """Make an Initializer subclass known by name (its class name, lower-cased, or `name`), for
    :func:`create` and for ``init='name'`` arguments. Usable as a class decorator::

        @mx.init.register
        class HalfInit(mx.init.Initializer):
            def _init_weight(self, name, arr):
                arr[:] = 0.5

        mx.gluon.Parameter('w', shape=(2,), init='halfinit')
    """
alias = _registry.get_alias_func(Initializer, 'initializer')
create = _registry.get_create_func(Initializer, 'initializer')
create.__doc__ = """An initializer from a registered name (with constructor arguments), a JSON string as
    :meth:`Initializer.dumps` writes, or a dict with an ``'initializer'`` key; an Initializer instance is
    returned as it is.

    Examples
    --------
    >>> mx.init.create('xavier', magnitude=2)
    >>> mx.init.create('["normal", {"sigma": 0.1}]')
    """


# ---- initializers that are not Initializer subclasses (not usable by name or with Gluon) --------------
class Load:
    """Fills variables with saved values: ``Load(source)(name, arr)`` copies the value saved under `name`
    (a leading ``arg:`` or ``aux:`` in the saved names is ignored), or leaves the variable to
    `default_init` when there is none. Called with plain names, it is not an :class:`Initializer`.

    Parameters
    ----------
    param : str or dict of str to NDArray
        A file written by ``nd.save`` (of a dict), or the dict itself.
    default_init : Initializer, optional
        For variables that have no saved value; without it they are an error.
    verbose : bool, default False
        Log where each value came from.
    """

    def __init__(self, param, default_init=None, verbose=False):
        if isinstance(param, str):
            from .ndarray import load
            param = load(param)
        assert isinstance(param, dict)
        self.param = {}
        for name, arr in param.items():
            if name.startswith('arg:') or name.startswith('aux:'):
                self.param[name[4:]] = arr
            else:
                self.param[name] = arr
        self.default_init = default_init
        self.verbose = verbose

    def __call__(self, name, arr):
        if name in self.param:
            assert arr.shape == self.param[name].shape, \
                'Parameter %s cannot be initialized from loading. ' % name + \
                'Shape mismatch, target %s vs loaded %s' % (str(arr.shape), self.param[name].shape)
            _assign(arr, self.param[name])
            if self.verbose:
                logging.info('Initialized %s by loading', name)
        else:
            assert self.default_init is not None, \
                'Cannot Initialize %s. Not found in loaded param ' % name + \
                'and no default Initializer is provided.'
            self.default_init(name, arr)
            if self.verbose:
                logging.info('Initialized %s by default', name)


class Mixed:
    """Chooses an initializer by name: ``Mixed(patterns, initializers)(name, arr)`` uses the initializer
    of the first regular expression that matches the start of `name`. Called with plain names, it is not
    an :class:`Initializer` (so Gluon cannot use it, as in MXNet).

    Parameters
    ----------
    patterns : list of str
        Regular expressions, tried in order (a final '.*' catches the rest).
    initializers : list of Initializer
        One initializer per pattern.
    """

    def __init__(self, patterns, initializers):
        assert len(patterns) == len(initializers)
        self.map = list(zip([re.compile(p) for p in patterns], initializers))

    def __call__(self, name, arr):
        for prog, init in self.map:
            if prog.match(name):
                init(name, arr)
                return
        raise ValueError('Parameter name %s did not match any pattern. Consider' +
                         'add a ".*" pattern at the and with default Initializer.')


# ---- the registered initializers ----------------------------------------------------------------------
@register
@alias('zeros')
class Zero(Initializer):
    """Fills with zeros (registered as 'zero' and 'zeros')."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        _assign(arr, 0)


@register
@alias('ones')
class One(Initializer):
    """Fills with ones (registered as 'one' and 'ones')."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        _assign(arr, 1)


@register
class Constant(Initializer):
    """Fills with `value`: a number, or an array (NDArray or numpy) that broadcasts to the shape.

    Parameters
    ----------
    value : float or array
        The value.
    """

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr):
        _assign(arr, self.value)

    def dumps(self):
        val = self._kwargs['value']
        if not np.isscalar(val):
            self._kwargs['value'] = val.tolist() if isinstance(val, np.ndarray) else val.asnumpy().tolist()
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])


@register
class Uniform(Initializer):
    """Draws each element uniformly from [-scale, scale].

    Parameters
    ----------
    scale : float, default 0.07
        Half-width of the interval.
    """

    def __init__(self, scale=0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, _, arr):
        _uniform(arr, -self.scale, self.scale)


@register
class Normal(Initializer):
    """Draws each element from a normal distribution with mean 0 and standard deviation `sigma`.

    Parameters
    ----------
    sigma : float, default 0.01
        Standard deviation.
    """

    def __init__(self, sigma=0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, _, arr):
        _normal(arr, 0, self.sigma)


@register
class Orthogonal(Initializer):
    """Fills with an orthogonal matrix (Saxe et al. 2013): the (out, in) weight, seen as a matrix of
    shape[0] rows, gets orthonormal rows or columns, from the singular value decomposition of a random
    matrix, times `scale`.

    Parameters
    ----------
    scale : float, default 1.414
        Factor applied to the orthonormal matrix.
    rand_type : {'uniform', 'normal'}, default 'uniform'
        Distribution of the random matrix that is decomposed: U(-1, 1) or N(0, 1).
    """

    def __init__(self, scale=1.414, rand_type='uniform'):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale = scale
        self.rand_type = rand_type

    def _init_weight(self, _, arr):
        nout = arr.shape[0]
        nin = int(np.prod(arr.shape[1:]))
        if self.rand_type == 'uniform':
            tmp = torch.empty(nout, nin, dtype=torch.float32).uniform_(-1.0, 1.0).numpy()
        elif self.rand_type == 'normal':
            tmp = torch.empty(nout, nin, dtype=torch.float32).normal_(0.0, 1.0).numpy()
        else:
            raise ValueError("Orthogonal: unknown rand_type {!r}, expected 'uniform' or 'normal'".format(
                self.rand_type))
        u, _, v = np.linalg.svd(tmp, full_matrices=False)
        res = u if u.shape == tmp.shape else v
        _assign(arr, self.scale * res.reshape(arr.shape))


@register
class Xavier(Initializer):
    """Glorot & Bengio's initialization, which keeps the variance of activations and gradients similar
    from layer to layer.

    With ``fan_in = shape[1] * prod(shape[2:])`` and ``fan_out = shape[0] * prod(shape[2:])``, the scale is
    ``c = sqrt(magnitude / n)``, where n is ``(fan_in + fan_out) / 2`` ('avg'), fan_in ('in') or fan_out
    ('out'). 'uniform' draws from [-c, c], 'gaussian' from a normal distribution of standard deviation
    c. The weight needs at least 2 dimensions.

    Parameters
    ----------
    rnd_type : {'uniform', 'gaussian'}, default 'uniform'
        Distribution.
    factor_type : {'avg', 'in', 'out'}, default 'avg'
        Which fan the scale is computed from.
    magnitude : float, default 3
        Numerator of the scale.
    """

    def __init__(self, rnd_type='uniform', factor_type='avg', magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type = rnd_type
        self.factor_type = factor_type
        self.magnitude = float(magnitude)

    def _init_weight(self, name, arr):
        shape = arr.shape
        if len(shape) < 2:
            raise ValueError('Xavier initializer cannot be applied to vector {0}. It requires at'
                             ' least 2D.'.format(name))
        receptive = float(np.prod(shape[2:])) if len(shape) > 2 else 1.0
        fans = {'avg': (shape[0] + shape[1]) * receptive / 2.0, 'in': shape[1] * receptive,
                'out': shape[0] * receptive}
        if self.factor_type not in fans:
            raise ValueError('Incorrect factor type')
        scale = sqrt(self.magnitude / fans[self.factor_type])
        if self.rnd_type == 'uniform':
            _uniform(arr, -scale, scale)
        elif self.rnd_type == 'gaussian':
            _normal(arr, 0, scale)
        else:
            raise ValueError('Unknown random type')


@register
class MSRAPrelu(Xavier):
    """He et al.'s initialization for layers followed by ReLU or PReLU: Gaussian :class:`Xavier` with
    magnitude ``2 / (1 + slope**2)``.

    Parameters
    ----------
    factor_type : {'avg', 'in', 'out'}, default 'avg'
        Which fan the scale is computed from.
    slope : float, default 0.25
        Negative slope of the following PReLU (0 for ReLU).
    """

    def __init__(self, factor_type='avg', slope=0.25):
        magnitude = 2. / (1 + slope ** 2)
        super().__init__('gaussian', factor_type, magnitude)
        self._kwargs = {'factor_type': factor_type, 'slope': slope}


def _bilinear_weight(shape):
    """The bilinear upsampling kernel MXNet fills a 4-D (out, in, h, w) weight with, as float32."""
    f = np.ceil(shape[3] / 2.)
    c = (2 * f - 1 - f % 2) / (2. * f)
    x = np.arange(shape[3])
    y = np.arange(shape[2])
    kernel = (1 - np.abs(y[:, None] / f - c)) * (1 - np.abs(x[None, :] / f - c))
    return np.broadcast_to(kernel.astype(np.float32), shape).copy()


@register
class Bilinear(Initializer):
    """Fills a 4-D (out, in, h, w) weight with bilinear interpolation kernels, for upsampling by transposed
    convolution."""

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr):
        if len(arr.shape) != 4:
            raise ValueError('Bilinear initializer needs a 4-D weight (out, in, height, width), got shape '
                             '{}'.format(arr.shape))
        _assign(arr, _bilinear_weight(arr.shape))


@register
class LSTMBias(Initializer):
    """For the bias of an LSTM cell's four gates (i, f, c, o, each a quarter of the vector): zeros,
    except `forget_bias` for the forget gate, which helps the cell remember early in training.

    Parameters
    ----------
    forget_bias : float, default 1.0
        Value of the forget gate's bias.
    """

    def __init__(self, forget_bias=1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr):
        num_hidden = int(arr.shape[0] / 4)
        with torch.no_grad():
            arr[:] = 0.0
            arr[num_hidden:2 * num_hidden] = self.forget_bias


_GATES = {'rnn_relu': ('',), 'rnn_tanh': ('',), 'lstm': ('_i', '_f', '_c', '_o'), 'gru': ('_r', '_z', '_o')}


@register
class FusedRNN(Initializer):
    """For the single packed parameter vector of a fused (cuDNN-style) RNN: the vector is cut into the
    weights and biases of every layer, direction and gate (``l0_i2h_f_weight``, ``r1_h2h_bias``, ...),
    each piece is filled by `init` (or the global initializer) according to its name, and LSTM
    forget-gate biases get `forget_bias`.

    Parameters
    ----------
    init : Initializer, str (JSON) or None
        Initializer of the pieces; None uses the global initializer.
    num_hidden : int
        Hidden size of the RNN.
    num_layers : int
        Number of layers.
    mode : {'rnn_relu', 'rnn_tanh', 'lstm', 'gru'}
        Kind of cell.
    bidirectional : bool, default False
        Whether each layer has a second, reversed direction.
    forget_bias : float, default 1.0
        LSTM forget-gate bias.
    """

    def __init__(self, init, num_hidden, num_layers, mode, bidirectional=False, forget_bias=1.0):
        if isinstance(init, string_types):
            init = create(init)
        super().__init__(init=init.dumps() if init is not None else None, num_hidden=num_hidden,
                         num_layers=num_layers, mode=mode, bidirectional=bidirectional,
                         forget_bias=forget_bias)
        if mode not in _GATES:
            raise ValueError('FusedRNN: unknown mode {!r}, expected one of {}'.format(mode, ', '.join(_GATES)))
        self._init = init
        self._num_hidden = num_hidden
        self._num_layers = num_layers
        self._mode = mode
        self._bidirectional = bidirectional
        self._forget_bias = forget_bias

    def _pieces(self, num_input):
        """(name, shape) of the pieces of the packed vector, in storage order."""
        h, gates = self._num_hidden, _GATES[self._mode]
        directions = ('l', 'r') if self._bidirectional else ('l',)
        b = len(directions)
        pieces = []
        for layer in range(self._num_layers):
            for d in directions:
                for g in gates:
                    pieces.append(('%s%d_i2h%s_weight' % (d, layer, g),
                                   (h, num_input) if layer == 0 else (h, b * h)))
                for g in gates:
                    pieces.append(('%s%d_h2h%s_weight' % (d, layer, g), (h, h)))
        for layer in range(self._num_layers):
            for d in directions:
                for kind in ('i2h', 'h2h'):
                    for g in gates:
                        pieces.append(('%s%d_%s%s_bias' % (d, layer, kind, g), (h,)))
        return pieces

    def _init_weight(self, desc, arr):
        b = 2 if self._bidirectional else 1
        m, h = len(_GATES[self._mode]), self._num_hidden
        num_input = arr.size // b // h // m - (self._num_layers - 1) * (h + b * h + 2) - h - 2
        pieces = self._pieces(num_input)
        total = sum(int(np.prod(s)) for _, s in pieces)
        if total != arr.size:
            raise ValueError('FusedRNN: a parameter of {} elements does not hold the weights of a {} layer(s) '
                             '{} {}with {} hidden units'.format(arr.size, self._num_layers, self._mode,
                                                               'bidirectional ' if b == 2 else '', h))
        from .ndarray.ndarray import _wrap
        global_init = getattr(desc, 'global_init', None)
        flat = torch.empty(arr.size, dtype=arr._t.dtype, device=arr._t.device)
        p = 0
        for name, shape in pieces:
            size = int(np.prod(shape))
            piece = _wrap(torch.zeros(shape, dtype=flat.dtype, device=flat.device))
            if self._mode == 'lstm' and name.endswith('_f_bias'):
                _assign(piece, self._forget_bias)
            elif self._init is None:
                global_init(InitDesc(name, global_init=global_init), piece)
            else:
                self._init(InitDesc(name, global_init=global_init), piece)
            with torch.no_grad():
                flat[p:p + size] = piece._t.reshape(-1)
            p += size
        with torch.no_grad():
            arr._t.copy_(flat.view(arr._t.shape))
