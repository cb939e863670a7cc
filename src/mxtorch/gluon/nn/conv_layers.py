"""Convolution layers (Conv1D/2D/3D and their transposes), max and average pooling (windowed and global,
in 1, 2 and 3 dimensions) and ReflectionPad2D.

A layer fixes its operator's arguments when it is built (as tuples: the operators cache their parsed
arguments by them) and calls ``F.Convolution``, ``F.Deconvolution``, ``F.Pooling`` or ``F.pad``.
Where MXNet would learn a weight's shape from shape inference on a symbol, the convolutions compute it
from their layout and groups (0 for the unknown input channels) and complete it from the input's channel
axis at the first forward pass. The constructors' documentation is generated from one text per family,
with the number of spatial axes filled in."""
from ...base import MXNetError, _require, numeric_types
from ..block import HybridBlock
from .activations import activation_child, Activation  # noqa: F401  (MXNet's module names it)

__all__ = ['Conv1D', 'Conv2D', 'Conv3D', 'Conv1DTranspose', 'Conv2DTranspose', 'Conv3DTranspose',
           'MaxPool1D', 'MaxPool2D', 'MaxPool3D', 'AvgPool1D', 'AvgPool2D', 'AvgPool3D',
           'GlobalMaxPool1D', 'GlobalMaxPool2D', 'GlobalMaxPool3D', 'GlobalAvgPool1D', 'GlobalAvgPool2D',
           'GlobalAvgPool3D', 'ReflectionPad2D']

# spatial axes -> (channels-first layout, channels-last layout)
_LAYOUTS = {1: ('NCW', 'NWC'), 2: ('NCHW', 'NHWC'), 3: ('NCDHW', 'NDHWC')}
# the layouts the convolutions accept (MXNet offers no channels-last 1-D convolution)
_CONV_LAYOUTS = {1: ('NCW',), 2: _LAYOUTS[2], 3: _LAYOUTS[3]}


def _per_axis(value, n, what):
    """`value` for each of n spatial axes: a number repeated n times, or a list or tuple of n of them
    (kept as given: the reprs print lists as lists)."""
    if isinstance(value, numeric_types):
        return (value,) * n
    _require(len(value) == n, '{} must be a number or a list of {} ints'.format(what, n))
    return value


def _repeat(value, n):
    """A number as a tuple of n copies; a list or tuple as it is (the operator checks its length)."""
    return (value,) * n if isinstance(value, numeric_types) else value


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _documented(template, **fields):
    """Class decorator: the docstring is `template` with `fields` filled in."""
    def attach(cls):
        cls.__doc__ = template.format(**fields)
        return cls
    return attach


# ---- convolutions ----------------------------------------------------------------------------------------
class _Conv(HybridBlock):
    """What the convolutions and transposed convolutions share: weight and bias, the operator call with
    the arguments fixed at construction, and the optional activation. `_dims` (set by the concrete
    classes) is the number of spatial axes whose layout and kernel size are checked; `adj` is a
    transposed convolution's output padding."""
    _dims = None

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, layout, in_channels=0,
                 activation=None, use_bias=True, weight_initializer=None, bias_initializer='zeros',
                 op_name='Convolution', adj=None, prefix=None, params=None):
        n = self._dims
        if n is not None:
            allowed = _CONV_LAYOUTS[n]
            _require(layout in allowed, 'Only supports {} layout for now'.format(
                ' and '.join("'%s'" % name for name in allowed)))
            kernel_size = _per_axis(kernel_size, n, 'kernel_size')
            if adj is not None:
                adj = _per_axis(adj, n, 'output_padding')
        super().__init__(prefix=prefix, params=params)
        n = len(kernel_size)
        self._channels, self._in_channels, self._op_name = channels, in_channels, op_name
        # as the repr prints them
        self._kwargs = {'kernel': kernel_size, 'stride': _repeat(strides, n), 'dilate': _repeat(dilation, n),
                        'pad': _repeat(padding, n), 'num_filter': channels, 'num_group': groups,
                        'no_bias': not use_bias, 'layout': layout}
        if adj is not None:
            self._kwargs['adj'] = self.outpad = adj
        # as the operator gets them
        self._op_kwargs = {key: _hashable(value) for key, value in self._kwargs.items()}
        self._channel_axis = layout.find('C')
        self.weight = self.params.get('weight', shape=self._weight_shape(in_channels), init=weight_initializer,
                                      allow_deferred_init=True)
        self.bias = self.params.get('bias', shape=(channels,), init=bias_initializer,
                                    allow_deferred_init=True) if use_bias else None
        self.act = activation_child(self, activation)

    def _weight_shape(self, in_channels):
        """The weight's shape for `in_channels` inputs (0: unknown), as MXNet's shape inference gives it:
        (channels, in_channels / groups, *kernel) for a convolution, (in_channels, channels / groups,
        *kernel) for a transposed one, the per-group size moved last in channels-last layouts."""
        groups = self._kwargs['num_group']
        if in_channels % groups or self._channels % groups:
            raise MXNetError('{}: {} input channels and {} output channels must both be divisible by '
                             'groups={}'.format(self.name, in_channels, self._channels, groups))
        if self._op_name == 'Convolution':
            outer, inner = self._channels, in_channels // groups
        else:
            outer, inner = in_channels, self._channels // groups
        kernel = tuple(self._kwargs['kernel'])
        if self._channel_axis == len(self._kwargs['layout']) - 1:
            return (outer,) + kernel + (inner,)
        return (outer, inner) + kernel

    def infer_shape(self, x, *args):
        """Completes the weight's shape from the input's channel axis."""
        layout = self._kwargs['layout']
        if x.ndim != len(layout):
            raise MXNetError('{}: input of shape {} does not fit layout {}'.format(self.name, x.shape, layout))
        self.weight.shape = self._weight_shape(x.shape[self._channel_axis])

    def hybrid_forward(self, F, x, weight, bias=None):
        out = getattr(F, self._op_name)(x, weight, bias, name='fwd', **self._op_kwargs)
        return out if self.act is None else self.act(out)

    def _alias(self):
        return 'conv'

    def __repr__(self):
        k = self._kwargs
        n = len(k['kernel'])
        shape = self.weight.shape
        parts = ['%s -> %s' % (shape[1] or None, shape[0]), 'kernel_size=%s' % (k['kernel'],),
                 'stride=%s' % (k['stride'],)]
        # a list never equals the tuple of defaults: MXNet prints list arguments always
        if k['pad'] != (0,) * n:
            parts.append('padding=%s' % (k['pad'],))
        if k['dilate'] != (1,) * n:
            parts.append('dilation=%s' % (k['dilate'],))
        # (MXNet 1.9.1 means to print output_padding but looks for an attribute that does not exist)
        if k['num_group'] != 1:
            parts.append('groups=%s' % (k['num_group'],))
        if self.bias is None:
            parts.append('bias=False')
        if self.act:
            parts.append(str(self.act))
        return '%s(%s)' % (type(self).__name__, ', '.join(parts))


_CONV_DOC = """{title}

    `channels` learned filters slide over the {axes} of the input, and a bias is added.
    Along each spatial axis the output has size
    {size}.

    The weight has shape {weight}{weight_last}.
    With `in_channels` 0 its input size is taken from the first input.

    Parameters
    ----------
    channels : int
        How many filters, i.e. output channels.
    kernel_size : int or tuple of {n} ints
        Size of the filters.
    strides : int or tuple of {n} ints
        Step between two positions of the filters.
    padding : int or tuple of {n} ints
        Implicit zeros on both sides of each spatial axis{padding_note}.{extra}
    dilation : int or tuple of {n} ints
        Spacing between the taps of a filter.
    groups : int
        The input and output channels are split into this many groups, each group of outputs computed
        from its own group of inputs only.
    layout : str, default {layout!r}
        Order of the data's axes ({layouts}): N batch, C channels, the rest spatial.
    in_channels : int, default 0
        Number of input channels; 0 takes it from the first input.
    activation : str, optional
        Activation applied to the output (see :class:`Activation`).
    use_bias : bool, default True
        Whether to add a bias.
    weight_initializer, bias_initializer : str or Initializer
        How weight and bias start.
"""

_AXES = {1: 'width', 2: 'height and width', 3: 'depth, height and width'}
_KERNEL = {1: 'k', 2: 'kh, kw', 3: 'kd, kh, kw'}


def _channels_last(n, shape):
    return ',\n    in the channels-last layout ' + shape.format(_KERNEL[n]) if len(_CONV_LAYOUTS[n]) > 1 else ''


def _conv_doc(n, transposed):
    layouts = ' or '.join(repr(name) for name in _CONV_LAYOUTS[n])
    if transposed:
        return _documented(
            _CONV_DOC, n=n, axes=_AXES[n], layout=_LAYOUTS[n][0], layouts=layouts,
            title='Transposed {}-D convolution ("deconvolution"), used to upsample: the gradient of a\n'
                  '    convolution with respect to its input.'.format(n),
            weight='(in_channels, channels / groups, {})'.format(_KERNEL[n]),
            weight_last=_channels_last(n, '(in_channels, {}, channels / groups)'),
            size='``(size - 1) * stride - 2 * padding + dilation * (kernel - 1) + 1 + output_padding``',
            padding_note=' of the corresponding convolution',
            extra='\n    output_padding : int or tuple of {} ints\n        Extra size added at the end of '
                  'each spatial axis of the output (less than the stride).'.format(n))
    return _documented(
        _CONV_DOC, n=n, axes=_AXES[n], layout=_LAYOUTS[n][0], layouts=layouts,
        title='{}-D convolution.'.format(n),
        weight='(channels, in_channels / groups, {})'.format(_KERNEL[n]),
        weight_last=_channels_last(n, '(channels, {}, in_channels / groups)'),
        size='``floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1``',
        padding_note='', extra='')


@_conv_doc(1, transposed=False)
class Conv1D(_Conv):
    _dims = 1

    def __init__(self, channels, kernel_size, strides=1, padding=0, dilation=1, groups=1, layout='NCW',
                 activation=None, use_bias=True, weight_initializer=None, bias_initializer='zeros',
                 in_channels=0, **kwargs):
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, **kwargs)


@_conv_doc(2, transposed=False)
class Conv2D(_Conv):
    _dims = 2

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
                 layout='NCHW', activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer='zeros', in_channels=0, **kwargs):
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, **kwargs)


@_conv_doc(3, transposed=False)
class Conv3D(_Conv):
    _dims = 3

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0), dilation=(1, 1, 1),
                 groups=1, layout='NCDHW', activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer='zeros', in_channels=0, **kwargs):
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, **kwargs)


@_conv_doc(1, transposed=True)
class Conv1DTranspose(_Conv):
    _dims = 1

    def __init__(self, channels, kernel_size, strides=1, padding=0, output_padding=0, dilation=1, groups=1,
                 layout='NCW', activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer='zeros', in_channels=0, **kwargs):
        kwargs.setdefault('op_name', 'Deconvolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, adj=output_padding,
                         **kwargs)


@_conv_doc(2, transposed=True)
class Conv2DTranspose(_Conv):
    _dims = 2

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0), output_padding=(0, 0),
                 dilation=(1, 1), groups=1, layout='NCHW', activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer='zeros', in_channels=0, **kwargs):
        kwargs.setdefault('op_name', 'Deconvolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, adj=output_padding,
                         **kwargs)


@_conv_doc(3, transposed=True)
class Conv3DTranspose(_Conv):
    _dims = 3

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0), output_padding=(0, 0, 0),
                 dilation=(1, 1, 1), groups=1, layout='NCDHW', activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer='zeros', in_channels=0, **kwargs):
        kwargs.setdefault('op_name', 'Deconvolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, adj=output_padding,
                         **kwargs)


# ---- pooling ---------------------------------------------------------------------------------------------
def _pool_window(pool_size, layout, n):
    """Checks a pooling layer's layout and returns its window size per spatial axis."""
    first, last = _LAYOUTS[n]
    _require(layout in (first, last), 'Only {} and {} layouts are valid for {}D Pooling'.format(first, last, n))
    return _per_axis(pool_size, n, 'pool_size')


class _Pooling(HybridBlock):
    """What the pooling layers share: the Pooling operator's arguments, fixed at construction, and the
    repr. `strides` None means windows side by side (the window size)."""

    def __init__(self, pool_size, strides, padding, ceil_mode, global_pool, pool_type, layout,
                 count_include_pad=None, **kwargs):
        super().__init__(**kwargs)
        n = len(pool_size)
        self._kwargs = {'kernel': pool_size, 'stride': _repeat(pool_size if strides is None else strides, n),
                        'pad': _repeat(padding, n), 'global_pool': global_pool, 'pool_type': pool_type,
                        'layout': layout, 'pooling_convention': 'full' if ceil_mode else 'valid'}
        if count_include_pad is not None:
            self._kwargs['count_include_pad'] = count_include_pad
        self._op_kwargs = {key: _hashable(value) for key, value in self._kwargs.items()}

    def _alias(self):
        return 'pool'

    def hybrid_forward(self, F, x):
        return F.Pooling(x, name='fwd', **self._op_kwargs)

    def __repr__(self):
        k = self._kwargs
        return '%s(size=%s, stride=%s, padding=%s, ceil_mode=%s, global_pool=%s, pool_type=%s, layout=%s)' % (
            type(self).__name__, k['kernel'], k['stride'], k['pad'], k['pooling_convention'] == 'full',
            k['global_pool'], k['pool_type'], k['layout'])


_POOL_DOC = """{n}-D {kind} pooling: the {what} of each window of `pool_size` elements over the {axes}.
    Along each spatial axis the output has size ``floor((size + 2 * padding - pool_size) / strides) + 1``
    (``ceil`` instead of ``floor`` with `ceil_mode`).

    Parameters
    ----------
    pool_size : int or tuple of {n} ints
        Size of the window.
    strides : int, tuple of {n} ints, or None
        Step between two windows; None means `pool_size` (windows side by side).
    padding : int or tuple of {n} ints
        Implicit padding on both sides of each spatial axis.
    layout : str, default {layout!r}
        Order of the data's axes: {layouts}.
    ceil_mode : bool, default False
        Round the output size up, keeping a last, partial window.{extra}
"""

_COUNT_PAD = """
    count_include_pad : bool, default True
        Whether padded positions count in the mean's denominator."""


def _pool_doc(n, kind):
    return _documented(_POOL_DOC, n=n, kind=kind, what='maximum' if kind == 'max' else 'mean', axes=_AXES[n],
                       layout=_LAYOUTS[n][0], layouts=' or '.join(repr(name) for name in _LAYOUTS[n]),
                       extra=_COUNT_PAD if kind == 'average' else '')


@_pool_doc(1, 'max')
class MaxPool1D(_Pooling):
    def __init__(self, pool_size=2, strides=None, padding=0, layout='NCW', ceil_mode=False, **kwargs):
        super().__init__(_pool_window(pool_size, layout, 1), strides, padding, ceil_mode, False, 'max', layout,
                         **kwargs)


@_pool_doc(2, 'max')
class MaxPool2D(_Pooling):
    def __init__(self, pool_size=(2, 2), strides=None, padding=0, layout='NCHW', ceil_mode=False, **kwargs):
        super().__init__(_pool_window(pool_size, layout, 2), strides, padding, ceil_mode, False, 'max', layout,
                         **kwargs)


@_pool_doc(3, 'max')
class MaxPool3D(_Pooling):
    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False, layout='NCDHW',
                 **kwargs):
        super().__init__(_pool_window(pool_size, layout, 3), strides, padding, ceil_mode, False, 'max', layout,
                         **kwargs)


@_pool_doc(1, 'average')
class AvgPool1D(_Pooling):
    def __init__(self, pool_size=2, strides=None, padding=0, layout='NCW', ceil_mode=False,
                 count_include_pad=True, **kwargs):
        super().__init__(_pool_window(pool_size, layout, 1), strides, padding, ceil_mode, False, 'avg', layout,
                         count_include_pad, **kwargs)


@_pool_doc(2, 'average')
class AvgPool2D(_Pooling):
    def __init__(self, pool_size=(2, 2), strides=None, padding=0, ceil_mode=False, layout='NCHW',
                 count_include_pad=True, **kwargs):
        super().__init__(_pool_window(pool_size, layout, 2), strides, padding, ceil_mode, False, 'avg', layout,
                         count_include_pad, **kwargs)


@_pool_doc(3, 'average')
class AvgPool3D(_Pooling):
    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False, layout='NCDHW',
                 count_include_pad=True, **kwargs):
        super().__init__(_pool_window(pool_size, layout, 3), strides, padding, ceil_mode, False, 'avg', layout,
                         count_include_pad, **kwargs)


class _GlobalPooling(_Pooling):
    """Pooling over the whole of each of the `_dims` spatial axes, which become size 1."""
    _dims = None
    _pool_type = None

    def __init__(self, layout, **kwargs):
        n = self._dims
        super().__init__(_pool_window((1,) * n, layout, n), None, 0, True, True, self._pool_type, layout,
                         **kwargs)


_GLOBAL_DOC = """Global {kind} pooling over the {axes}: the output is (N, C{ones}) in layout {layout!r}.

    Parameters
    ----------
    layout : str, default {layout!r}
        Order of the data's axes: {layouts}.
"""


def _global_doc(n, kind):
    return _documented(_GLOBAL_DOC, kind=kind, axes=_AXES[n], ones=', 1' * n, layout=_LAYOUTS[n][0],
                       layouts=' or '.join(repr(name) for name in _LAYOUTS[n]))


@_global_doc(1, 'max')
class GlobalMaxPool1D(_GlobalPooling):
    _dims, _pool_type = 1, 'max'

    def __init__(self, layout='NCW', **kwargs):
        super().__init__(layout, **kwargs)


@_global_doc(2, 'max')
class GlobalMaxPool2D(_GlobalPooling):
    _dims, _pool_type = 2, 'max'

    def __init__(self, layout='NCHW', **kwargs):
        super().__init__(layout, **kwargs)


@_global_doc(3, 'max')
class GlobalMaxPool3D(_GlobalPooling):
    _dims, _pool_type = 3, 'max'

    def __init__(self, layout='NCDHW', **kwargs):
        super().__init__(layout, **kwargs)


@_global_doc(1, 'average')
class GlobalAvgPool1D(_GlobalPooling):
    _dims, _pool_type = 1, 'avg'

    def __init__(self, layout='NCW', **kwargs):
        super().__init__(layout, **kwargs)


@_global_doc(2, 'average')
class GlobalAvgPool2D(_GlobalPooling):
    _dims, _pool_type = 2, 'avg'

    def __init__(self, layout='NCHW', **kwargs):
        super().__init__(layout, **kwargs)


@_global_doc(3, 'average')
class GlobalAvgPool3D(_GlobalPooling):
    _dims, _pool_type = 3, 'avg'

    def __init__(self, layout='NCDHW', **kwargs):
        super().__init__(layout, **kwargs)


# ---- padding ---------------------------------------------------------------------------------------------
class ReflectionPad2D(HybridBlock):
    """Pads the height and width of NCHW data with their mirror image at the border (the border element
    itself is not repeated): (N, C, H, W) becomes (N, C, H + 2p, W + 2p) for ``padding=p``.

    Parameters
    ----------
    padding : int or tuple of 8 ints
        The width added on each side of height and width, or all 8 `pad_width` values of
        :func:`~mxnet.ndarray.pad` (before and after each axis; those of N and C must be 0).
    """

    def __init__(self, padding=0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, numeric_types):
            padding = (0, 0, 0, 0) + (padding,) * 4
        _require(len(padding) == 8, 'ReflectionPad2D: padding must be a number or 8 ints, got {}'.format(padding))
        self._padding = _hashable(padding)

    def hybrid_forward(self, F, x):
        return F.pad(x, mode='reflect', pad_width=self._padding)
