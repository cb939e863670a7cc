"""Checkpoints of models built from symbolic RNN cells: parameters are saved unpacked (one array per
gate, readable and portable between fused and unfused cells) and packed again when loaded."""
import warnings

from .rnn_cell import BaseRNNCell

__all__ = ['rnn_unroll', 'save_rnn_checkpoint', 'load_rnn_checkpoint', 'do_rnn_checkpoint']


def _model():
    # mx.model holds the checkpoint format (prefix-symbol.json, prefix-NNNN.params)
    from .. import model
    return model


def _cell_list(cells):
    return [cells] if isinstance(cells, BaseRNNCell) else list(cells)


def rnn_unroll(cell, length, inputs=None, begin_state=None, input_prefix='', layout='NTC'):
    """Deprecated: ``cell.unroll(length, inputs, begin_state, layout)`` (`input_prefix` is ignored)."""
    warnings.warn('rnn_unroll is deprecated. Please call cell.unroll directly.')
    return cell.unroll(length=length, inputs=inputs, begin_state=begin_state, layout=layout)


def save_rnn_checkpoint(cells, prefix, epoch, symbol, arg_params, aux_params):
    """``mx.model.save_checkpoint`` with the weights of `cells` (a cell or a list of cells) unpacked
    first: writes ``prefix-symbol.json`` and ``prefix-<epoch:04d>.params``."""
    for cell in _cell_list(cells):
        arg_params = cell.unpack_weights(arg_params)
    _model().save_checkpoint(prefix, epoch, symbol, arg_params, aux_params)


def load_rnn_checkpoint(cells, prefix, epoch):
    """``mx.model.load_checkpoint`` with the weights of `cells` packed again: (symbol, arg_params,
    aux_params)."""
    sym, arg, aux = _model().load_checkpoint(prefix, epoch)
    for cell in _cell_list(cells):
        arg = cell.pack_weights(arg)
    return sym, arg, aux


def do_rnn_checkpoint(cells, prefix, period=1):
    """An epoch-end callback for ``Module.fit`` that saves an RNN checkpoint every `period` epochs (at
    least 1), numbered by the epochs done."""
    period = int(max(1, period))

    def _callback(iter_no, sym=None, arg=None, aux=None):
        if (iter_no + 1) % period == 0:
            save_rnn_checkpoint(cells, prefix, iter_no + 1, sym, arg, aux)
    return _callback


def __getattr__(name):
    # MXNet's mx.rnn.rnn imports mx.model's checkpoint functions; they come from there when asked for
    if name in ('save_checkpoint', 'load_checkpoint'):
        return getattr(_model(), name)
    raise AttributeError("module {!r} has no attribute {!r}".format(__name__, name))
