"""``mx.model``: checkpoints of symbolic models and the update steps the Module API shares.

A checkpoint is MXNet's pair of files: ``<prefix>-symbol.json`` (the graph) and ``<prefix>-<epoch>.params``
(nd.save's format, parameters keyed ``arg:<name>`` and auxiliary states ``aux:<name>``), so checkpoints
move both ways between MXNet 1.x and mxtorch."""
import logging
from collections import namedtuple

from . import ndarray as nd
from . import symbol as sym
from .context import cpu
from .kvstore import _create_kvstore  # noqa: F401  (mx.model._create_kvstore, as in MXNet)

__all__ = ['BatchEndParam', 'save_checkpoint', 'load_params', 'load_checkpoint']

BatchEndParam = namedtuple('BatchEndParams', ['epoch', 'nbatch', 'eval_metric', 'locals'])
BatchEndParam.__doc__ = """What batch-end callbacks receive: the epoch, the batch number, the metric
being evaluated and the caller's local variables."""


def _params_file(prefix, epoch):
    return '%s-%04d.params' % (prefix, epoch)


def save_checkpoint(prefix, epoch, symbol, arg_params, aux_params, remove_amp_cast=True):
    """Write ``prefix-symbol.json`` (unless `symbol` is None) and ``prefix-%04d.params`` % epoch with the
    parameters (moved to the CPU)."""
    if symbol is not None:
        symbol.save('%s-symbol.json' % prefix, remove_amp_cast=remove_amp_cast)
    saved = {'arg:' + k: v.as_in_context(cpu()) for k, v in arg_params.items()}
    saved.update(('aux:' + k, v.as_in_context(cpu())) for k, v in aux_params.items())
    fname = _params_file(prefix, epoch)
    nd.save(fname, saved)
    logging.info('Saved checkpoint to "%s"', fname)


def load_params(prefix, epoch):
    """(arg_params, aux_params) from ``prefix-%04d.params`` % epoch."""
    fname = _params_file(prefix, epoch)
    loaded = nd.load(fname)
    arg_params, aux_params = {}, {}
    if not loaded:
        logging.warning("Params file '%s' is empty", fname)
        return arg_params, aux_params
    for key, value in loaded.items():
        kind, _, name = key.partition(':')
        if kind == 'arg':
            arg_params[name] = value
        elif kind == 'aux':
            aux_params[name] = value
    return arg_params, aux_params


def load_checkpoint(prefix, epoch):
    """(symbol, arg_params, aux_params) of a checkpoint written by `save_checkpoint` (or by MXNet)."""
    symbol = sym.load('%s-symbol.json' % prefix)
    arg_params, aux_params = load_params(prefix, epoch)
    return symbol, arg_params, aux_params


# ---- the update steps of data-parallel training --------------------------------------------------------
def _initialize_kvstore(kvstore, param_arrays, arg_params, param_names, update_on_kvstore):
    """Register every parameter with the store; when the store updates them, also give every device
    the stored value."""
    for name, on_devices in zip(param_names, param_arrays):
        if update_on_kvstore and arg_params[name].stype == 'default':
            kvstore.broadcast(name, arg_params[name], out=on_devices)
        else:
            kvstore.init(name, arg_params[name])


def _update_params_on_kvstore(param_arrays, grad_arrays, kvstore, param_names):
    """The store sums each parameter's gradients over the devices, updates it and gives every device
    the result."""
    for index, (weights, grads) in enumerate(zip(param_arrays, grad_arrays)):
        if grads[0] is None:
            continue
        kvstore.pushpull(param_names[index], grads, out=weights, priority=-index)


def _update_params(param_arrays, grad_arrays, updater, num_device, kvstore=None, param_names=None):
    """Update the parameters with `updater` on every device (after summing the gradients over the
    devices through `kvstore`, when there is one). The updater sees parameter i on device k as index
    ``i * num_device + k``; each device's updates go to it in one call."""
    per_device = [([], [], []) for _ in range(num_device)]
    for i, (weights, grads) in enumerate(zip(param_arrays, grad_arrays)):
        if grads[0] is None:
            continue
        if kvstore:
            kvstore.pushpull(param_names[i], grads, priority=-i)
        for k, (w, g) in enumerate(zip(weights, grads)):
            indices, gs, ws = per_device[k]
            indices.append(i * num_device + k)
            gs.append(g)
            ws.append(w)
    for indices, gs, ws in per_device:
        if indices:
            updater(indices, gs, ws)


def _multiple_callbacks(callbacks, *args, **kwargs):
    """Call one callback or each of a list."""
    if isinstance(callbacks, list):
        for callback in callbacks:
            callback(*args, **kwargs)
    elif callbacks:
        callbacks(*args, **kwargs)

