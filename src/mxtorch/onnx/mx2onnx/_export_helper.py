"""Reading a checkpoint (``prefix-symbol.json`` and ``prefix-EPOCH.params``) for the exporter."""
import os


def load_module(sym_filepath, params_filepath):
    """Load the symbol file and the parameter file of a checkpoint; returns ``(sym, params)`` with the
    argument and auxiliary parameters in one dict."""
    from ... import model
    if not (os.path.isfile(sym_filepath) and os.path.isfile(params_filepath)):
        raise ValueError("Symbol and params files provided are invalid")
    prefix = sym_filepath.rsplit('.', 1)[0].rsplit('-', 1)[0]
    stem = params_filepath.rsplit('.', 1)[0].rsplit('-', 1)
    epoch = int(stem[1]) if len(stem) > 1 else 0
    sym, arg_params, aux_params = model.load_checkpoint(prefix, epoch)
    params = dict(arg_params)
    params.update(aux_params)
    return sym, params
