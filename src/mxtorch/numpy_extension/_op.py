"""The operators of ``mx.npx``: MXNet's neural-network and legacy operators (the same table entries as
``mx.nd.FullyConnected``, ``mx.nd.Convolution``, ...) with the NumPy front end, so that they take and give
``mx.np`` arrays, and the few npx-only operators (``reshape`` with its codes, ``nonzero``,
``constraint_check``)."""
import inspect

from ..ndarray.registry import OPS, _ARRAY_NAMES, _ALSO_NUMBERS
from ..numpy._frontend import define

__all__ = []

# npx name: (table namespace, table name)
_FROM_TABLE = {
    'activation': ('', 'Activation'), 'batch_dot': ('', 'batch_dot'), 'batch_flatten': ('', 'Flatten'),
    'batch_norm': ('', 'BatchNorm'), 'cast': ('', 'Cast'), 'convolution': ('', 'Convolution'),
    'deconvolution': ('', 'Deconvolution'), 'dropout': ('', 'Dropout'), 'embedding': ('', 'Embedding'),
    'erf': ('', 'erf'), 'erfinv': ('', 'erfinv'), 'fully_connected': ('', 'FullyConnected'),
    'gamma': ('', 'gamma'), 'gammaln': ('', 'gammaln'), 'gather_nd': ('', 'gather_nd'),
    'layer_norm': ('', 'LayerNorm'), 'leaky_relu': ('', 'LeakyReLU'), 'log_softmax': ('', 'log_softmax'),
    'multibox_detection': ('contrib', 'MultiBoxDetection'), 'multibox_prior': ('contrib', 'MultiBoxPrior'),
    'multibox_target': ('contrib', 'MultiBoxTarget'), 'one_hot': ('', 'one_hot'), 'pick': ('', 'pick'),
    'pooling': ('', 'Pooling'), 'relu': ('', 'relu'), 'reshape_like': ('', 'reshape_like'), 'rnn': ('', 'RNN'),
    'roi_pooling': ('', 'ROIPooling'), 'sequence_mask': ('', 'SequenceMask'), 'shape_array': ('', 'shape_array'),
    'sigmoid': ('', 'sigmoid'), 'slice': ('', 'slice'), 'smooth_l1': ('', 'smooth_l1'),
    'softmax': ('', 'softmax'), 'topk': ('', 'topk'), 'arange_like': ('contrib', 'arange_like'),
    'masked_softmax': ('', 'masked_softmax'), 'masked_log_softmax': ('', 'masked_log_softmax'),
    'digamma': ('', 'digamma'),
}


def _signature_text(impl):
    """The implementation's parameters as signature text (defaults by repr), and its array parameters."""
    parts, arrays = [], []
    for p in inspect.signature(impl).parameters.values():
        if p.kind is p.VAR_KEYWORD:
            parts.append('**' + p.name)
            continue
        if p.kind is p.VAR_POSITIONAL:
            parts.append('*' + p.name)
            arrays.append(p.name)
            continue
        default = p.default
        if default is p.empty and (p.name in _ARRAY_NAMES or any('=' in q for q in parts)):
            default = None       # MXNet's npx operators take their arrays as keyword arguments too
        parts.append(p.name if default is p.empty else '{}={!r}'.format(p.name, default))
        if p.name in _ARRAY_NAMES or p.name in _ALSO_NUMBERS:
            arrays.append(p.name)
    return ', '.join(parts + ['out=None']), tuple(arrays)


def _from_table(name, namespace, table_name):
    op = OPS.get((namespace, table_name))
    if op is None:
        return None
    signature, arrays = _signature_text(op.impl)
    seq = tuple(a for a in arrays if a == 'args')
    return define(name, signature, op.impl, loose=tuple(a for a in arrays if a not in seq), sequences=seq,
                  pass_kwargs=True)


for _name, (_namespace, _table_name) in _FROM_TABLE.items():
    _function = _from_table(_name, _namespace, _table_name)
    if _function is not None:
        globals()[_name] = _function
        __all__.append(_name)

reshape = define('reshape', "a, newshape, reverse=False, order='C'", 'reshape', namespace='_npx', arrays=('a',),
                 numbers=False)
nonzero = define('nonzero', 'a', 'nonzero', namespace='_npx', arrays=('a',), numbers=False)
constraint_check = define('constraint_check', 'x, msg', 'constraint_check', namespace='_npx', arrays=('x',),
                          numbers=False)
__all__ += ['reshape', 'nonzero', 'constraint_check']
del _name, _namespace, _table_name, _function
