"""``mx.sym.contrib``: MXNet's contributed operators (``_contrib_*``) as graph nodes, and the few functions
MXNet writes in Python over them. The control-flow functions (``foreach``, ``while_loop``, ``cond``) build
nodes holding subgraphs (see control_flow.py)."""
import math

from .. import _nesting, base as _base
from .symbol import Symbol, full
from . import register as _register
from .random import uniform
from ..attribute import AttrScope  # noqa: F401  (MXNet's module names it)

globals().update(_register.module_functions('contrib'))


def _expected_count(classes, range_max, num_sampled):
    # P(class c) of the log-uniform (Zipfian) sampler is log((c + 2) / (c + 1)) / log(range_max + 1)
    ratio = (classes + 2.0) / (classes + 1.0)
    return ratio.log() / math.log(range_max + 1) * num_sampled


def rand_zipfian(true_classes, num_sampled, range_max):
    """`num_sampled` classes drawn from [0, range_max) by the approximately Zipfian (log-uniform)
    distribution, with the expected counts of `true_classes` and of the drawn classes: (samples (int64),
    expected counts of the true classes, expected counts of the samples) (float64)."""
    if not isinstance(true_classes, Symbol):
        raise AssertionError('unexpected type %s' % type(true_classes))
    draws = uniform(0, math.log(range_max + 1), shape=(num_sampled,), dtype='float64')
    samples = (draws.exp() - 1).astype('int64') % range_max
    return (samples, _expected_count(true_classes.astype('float64'), range_max, num_sampled),
            _expected_count(samples.astype('float64'), range_max, num_sampled))


def _rescale(value):
    return value if isinstance(value, Symbol) else full(shape=(1,), val=value)


def adamw_update(weight, grad, mean, var, rescale_grad, lr, eta, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0,
                 clip_gradient=-1, out=None, name=None, **kwargs):
    """An AdamW step node; `rescale_grad` may be a number (it becomes a one-element Symbol)."""
    return _register.function('_internal._adamw_update')(
        weight=weight, grad=grad, mean=mean, var=var, rescale_grad=_rescale(rescale_grad), lr=lr, eta=eta,
        beta1=beta1, beta2=beta2, epsilon=epsilon, wd=wd, clip_gradient=clip_gradient, out=out, name=name,
        **kwargs)


def mp_adamw_update(weight, grad, mean, var, weight32, rescale_grad, lr, eta, beta1=0.9, beta2=0.999,
                    epsilon=1e-8, wd=0, clip_gradient=-1, out=None, name=None, **kwargs):
    """A multi-precision AdamW step node (float32 master weights `weight32`)."""
    return _register.function('_internal._mp_adamw_update')(
        weight=weight, grad=grad, mean=mean, var=var, weight32=weight32, rescale_grad=_rescale(rescale_grad),
        lr=lr, eta=eta, beta1=beta1, beta2=beta2, epsilon=epsilon, wd=wd, clip_gradient=clip_gradient, out=out,
        name=name, **kwargs)


# ---- control flow: subgraph nodes (see control_flow.py) --------------------------------------------------
def _outputs_width(sym):
    n = len(sym.list_outputs())
    return n if n > 1 else 0


def _flat(value, what):
    """The Symbols of `value` (nested lists of them) and its layout (a Symbol of several outputs counts
    them); see mxtorch._nesting, shared with mx.nd.contrib."""
    return _nesting.flatten(value, Symbol, what, _outputs_width)


_regroup = _nesting.regroup


def _uniq(sym):
    return '{}-{}'.format(sym.name, sym.attr('_value_index'))


def _check(items, msg):
    if not all(isinstance(i, Symbol) for i in items):
        raise AssertionError(msg)


def _subgraph_group(outputs, name):
    """The subgraph's outputs, an identity where an output is an input or was made outside it."""
    from .symbol import Group
    from . import register as _reg
    identity = _reg.function('identity')
    inputs = set(Group(outputs).list_inputs()) if outputs else set()
    flat, seen = [], set()
    for o in outputs:
        if o.name in inputs or o.list_attr().get('__subgraph_name__', '') != name or o.name in seen:
            flat.append(identity(o))
        else:
            flat.append(o)
        seen.add(o.name)
    return flat


def _cut(outputs, name):
    from . import control_flow as _cf
    entries = [e for o in outputs for e in o._entries]
    cut = _cf.cut_subgraph(entries, name)
    return entries, {n.output_names()[k]: Symbol([(n, k)]) for n, k in cut}


def foreach(body, data, init_states, name="foreach"):
    """A loop over axis 0 of `data` running `body(slice, states) -> (outputs, new states)`, traced once into
    a subgraph: (the outputs of every step stacked, the final states), in the layouts `body` returns."""
    from ..attribute import AttrScope
    from . import control_flow as _cf
    from .symbol import var
    flat_data, data_fmt = _flat(data, 'foreach input')
    _check(flat_data, 'data should be a symbol or a nested list of symbols')
    flat_states, state_fmt = _flat(init_states, 'foreach states')
    _check(flat_states, 'init_states should be a symbol or a nested list of symbols')
    name = _cf.unique_subgraph_name(name)
    with AttrScope(__subgraph_name__=name):
        ins, _ = _regroup([var(_uniq(s)) for s in flat_data], data_fmt)
        sts, _ = _regroup([var(_uniq(s)) for s in flat_states], state_fmt)
        out, new_states = body(ins, sts)
        out, out_fmt = _flat(out, 'foreach output')
        new_states, new_fmt = _flat(new_states, 'foreach loop_vars')
        if new_fmt != state_fmt:
            raise AssertionError('The input and output loop_vars have different format')
        _check(out, 'the output should be an NDArray or a nested list of NDArrays')
        _check(new_states, 'the output states should be an NDArray or a nested list of NDArrays')
        num_out, num_states = len(out), len(new_states)
        flat = _subgraph_group(out + new_states, name)
    entries, cut = _cut(flat, name)
    names = [v.name for v in _cf.graph_inputs(entries)]
    if len(set(names)) != len(names):
        raise AssertionError("The inputs of the subgraph don't have unique names: " + str(names))
    data_names, state_names = [_uniq(s) for s in flat_data], [_uniq(s) for s in flat_states]
    ordered = list(flat_data) + list(flat_states)
    data_locs, state_locs, remain_locs = [], [], []
    for n in data_names:
        if n not in names:
            raise AssertionError('the data arrays have to be used in the loop body')
        data_locs.append(names.index(n))
    for n in state_names:
        if n not in names:
            raise AssertionError('the state arrays have to be used in the loop body')
        state_locs.append(names.index(n))
    free = {v.name: v for v in _cf.graph_inputs(entries)}
    for i, n in enumerate(names):
        if n in cut:
            ordered.append(cut[n])
            remain_locs.append(i)
        elif n not in data_names and n not in state_names:
            ordered.append(Symbol([(free[n], 0)]))
            remain_locs.append(i)
    result = _cf.make_control_node('_foreach', [entries], [s._entries[0] for s in ordered], {
        'num_outputs': num_out + num_states, 'num_out_data': num_out, 'in_state_locs': state_locs,
        'in_data_locs': data_locs, 'remain_locs': remain_locs})
    outs, _ = _regroup([result[i] for i in range(num_out)], out_fmt)
    states, _ = _regroup([result[num_out + i] for i in range(num_states)], state_fmt)
    return outs, states


def _union_inputs(graphs, loop_vars=None):
    """The node's inputs for several subgraphs, each once, and each subgraph's input locations."""
    from . import control_flow as _cf
    inputs, locs, where = [], [], {}
    for entries, cut in graphs:
        by_name = {v.name: v for v in _cf.graph_inputs(entries)}
        names = [v.name for v in _cf.graph_inputs(entries)]
        if len(set(names)) != len(names):
            raise AssertionError("The inputs of the subgraph don't have unique names: " + str(names))
        mine, var_locs = [], [-1] * len(loop_vars or [])
        loop_names = {_uniq(s): (i, s) for i, s in enumerate(loop_vars or [])}
        known = {s.name: s for s in inputs} if loop_vars is None else {}
        for n in names:
            if n in loop_names:
                sym = loop_names[n][1]
            elif n in known:
                sym = known[n]
            elif n in cut:
                sym = cut[n]
            else:
                sym = Symbol([(by_name[n], 0)])
            key = id(sym)       # by the Symbol object, as MXNet: a loop var and the same output used free differ
            if key not in where:
                where[key] = len(inputs)
                inputs.append(sym)
            mine.append(where[key])
            if n in loop_names:
                var_locs[loop_names[n][0]] = len(mine) - 1
        locs.append((mine, var_locs))
    return inputs, locs


def while_loop(cond, func, loop_vars, max_iterations=None, name="while_loop"):
    """A loop running `func(*loop_vars) -> (step outputs, new loop_vars)` while `cond(*loop_vars)` holds,
    at most `max_iterations` times, traced once into two subgraphs: (step outputs stacked along axis 0 to
    max_iterations rows, final loop_vars)."""
    from ..attribute import AttrScope
    from . import control_flow as _cf
    from .symbol import var

    flat_vars, var_fmt = _flat(loop_vars, 'while loop_vars')
    _check(flat_vars, 'loop_vars should be a symbol or a nested list of symbols')

    def subgraph(fn, sub_name):
        sub_name = _cf.unique_subgraph_name(sub_name)
        with AttrScope(__subgraph_name__=sub_name):
            new_vars, _ = _regroup([var(_uniq(s)) for s in flat_vars], var_fmt)
            outputs, states, out_fmt = fn(new_vars)
            flat = _subgraph_group(outputs + states, sub_name)
        entries, cut = _cut(flat, sub_name)
        return entries, cut, len(outputs), len(outputs) + len(states), out_fmt

    def cond_fn(new_vars):
        result = cond(*new_vars)
        if not isinstance(result, Symbol):
            raise ValueError('Return of cond must be a Symbol')
        return [], [result], None

    def func_fn(new_vars):
        step_output, new_loop_vars = func(*new_vars)
        step_output = [] if step_output is None else step_output
        new_loop_vars = [] if new_loop_vars is None else new_loop_vars
        step_output = list(step_output) if isinstance(step_output, tuple) else step_output
        new_loop_vars = list(new_loop_vars) if isinstance(new_loop_vars, tuple) else new_loop_vars
        step_output, out_fmt = _flat(step_output, 'while output')
        new_loop_vars, _ = _flat(new_loop_vars, 'while loop_vars')
        if len(new_vars) != len(new_loop_vars):
            raise ValueError('The number of loop_vars should be consistent during the loop')
        return step_output, new_loop_vars, out_fmt

    if max_iterations is None:
        raise ValueError('max_iterations should be specified')
    try:
        max_iterations = int(max_iterations.asscalar() if hasattr(max_iterations, 'asscalar') else max_iterations)
    except Exception:
        raise ValueError('Cannot convert max_iteration to python int') from None
    if len(loop_vars) == 0:
        raise ValueError('loop_vars should contain at least one element')
    cond_g, cond_cut, _, _, _ = subgraph(cond_fn, name + '_cond')
    func_g, func_cut, num_out, num_outputs, out_fmt = subgraph(func_fn, name + '_func')
    inputs, ((cond_locs, _), (func_locs, func_var_locs)) = _union_inputs(
        [(cond_g, cond_cut), (func_g, func_cut)], flat_vars)
    for i, loc in enumerate(func_var_locs, 1):
        if loc == -1:
            raise ValueError("The %d-th loop_var doesn't involve into the computation" % i)
    result = _cf.make_control_node('_while_loop', [cond_g, func_g], [s._entries[0] for s in inputs], {
        'max_iterations': max_iterations, 'cond_input_locs': cond_locs, 'func_input_locs': func_locs,
        'func_var_locs': func_var_locs, 'num_out_data': num_out, 'num_outputs': num_outputs})
    outputs, _ = _regroup([result[i] for i in range(num_out)], out_fmt)
    final, _ = _regroup([result[i] for i in range(num_out, num_outputs)], var_fmt)
    return outputs, final


def cond(pred, then_func, else_func, name="cond"):
    """`then_func()` where `pred` (a one-element Symbol) is true, else `else_func()`, each traced into a
    subgraph; the branch's outputs in its layout."""
    from ..attribute import AttrScope
    from . import control_flow as _cf

    def subgraph(fn, sub_name):
        sub_name = _cf.unique_subgraph_name(sub_name)
        with AttrScope(__subgraph_name__=sub_name):
            outputs, fmt = _flat(fn(), 'cond outputs')
            flat = _subgraph_group(outputs, sub_name)
        entries, cut = _cut(flat, sub_name)
        return entries, cut, len(outputs), fmt

    cond_g, cond_cut, n_pred, _ = subgraph(lambda: pred, name + '_pred')
    if n_pred != 1:
        raise ValueError('pred should always be a single output')
    then_g, then_cut, n_then, then_fmt = subgraph(then_func, name + '_then')
    else_g, else_cut, n_else, _ = subgraph(else_func, name + '_else')
    if n_then != n_else:
        raise ValueError('Number of outputs differs between then-branch and else-branch')
    inputs, ((cond_locs, _), (then_locs, _), (else_locs, _)) = _union_inputs(
        [(cond_g, cond_cut), (then_g, then_cut), (else_g, else_cut)])
    result = _cf.make_control_node('_cond', [cond_g, then_g, else_g], [s._entries[0] for s in inputs], {
        'cond_input_locs': cond_locs, 'then_input_locs': then_locs, 'else_input_locs': else_locs,
        'num_outputs': n_then})
    outputs, _ = _regroup([result[i] for i in range(n_then)], then_fmt)
    return outputs
