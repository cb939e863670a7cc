"""mx.profiler: MXNet 1.9.1's profiler, recording mxtorch's operators under MXNet's operator names.

    mx.profiler.set_config(profile_all=True, filename='profile.json', aggregate_stats=True)
    mx.profiler.set_state('run')
    ...                                   # mx.nd operators, Gluon blocks, Task/Frame/Event/Counter/Marker
    mx.profiler.set_state('stop')
    print(mx.profiler.dumps())            # the aggregate table
    mx.profiler.dump()                    # a Chrome trace (chrome://tracing, Perfetto) in `filename`

How operators are seen. Every function of the operator table (``mx.nd.*``, the NDArray methods made from
it and the ``F`` of ``hybrid_forward``) calls its implementation through a closure cell. While the profiler
runs with imperative profiling on, that cell holds a timing wrapper which also opens a
``torch.profiler.record_function`` range under MXNet's name of the operator (so a ``torch.profiler`` session
run at the same time shows the same names); ``set_state('stop')`` puts the implementation back. When the
profiler is off, operator calls are exactly what they are without this module: nothing on the hot path
checks a flag. The arithmetic dunders (``x + 1`` is MXNet's ``_plus_scalar``, ``x * y`` its
``broadcast_mul``) and ``nd.zeros``/``ones``/``full``/``arange`` are seen the same way.

Not seen: MXNet's engine-internal entries (``WaitForVar``, ``DeleteVariable``, C API calls) and device
memory, which mxtorch does not have; graphs run by the symbolic executor (lowered to one torch program).
"""
import contextlib
import hashlib
import json
import os
import threading
import time
import warnings

import torch

from .base import MXNetError
from .base import KVStoreHandle, ProfileHandle, c_str, c_str_array, check_call, py_str  # noqa: F401  (as MXNet's)

__all__ = ['set_config', 'profiler_set_config', 'set_state', 'profiler_set_state', 'dump', 'dump_profile',
           'dumps', 'pause', 'resume', 'Domain', 'Task', 'Frame', 'Event', 'Counter', 'Marker', 'scope']

# The kvstore whose server processes MXNet's profiler commands go to (its dist kvstore sets it when made);
# kept here as MXNet keeps it: no handle until one is set.
profiler_kvstore_handle = KVStoreHandle()


def set_kvstore_handle(handle):
    """Keep `handle` as the kvstore that server-process profiling (``profile_process='server'``) addresses."""
    global profiler_kvstore_handle
    profiler_kvstore_handle = handle


# ---- configuration ------------------------------------------------------------------------------------
# key -> (kind, default) as MXNet's ProfileConfigParam has them
_PARAMS = {
    'profile_all': ('boolean', False),
    'profile_symbolic': ('boolean', True),
    'profile_imperative': ('boolean', True),
    'profile_memory': ('boolean', True),
    'profile_api': ('boolean', True),
    'filename': ('string', 'profile.json'),
    'continuous_dump': ('boolean', True),
    'dump_period': ('float', 1.0),
    'aggregate_stats': ('boolean', False),
    'profile_process': ('process', 'worker'),
}
_BOOLEANS = {'true': True, '1': True, 'false': False, '0': False}


def _default_text(kind, value):
    if kind == 'boolean':
        return str(int(value))
    if kind == 'float':
        return '%g' % value
    return "'%s'" % value


def _argument_list():
    lines = []
    for key, (kind, default) in _PARAMS.items():
        shown = "{'server', 'worker'}," if kind == 'process' else kind + ', '
        lines.append('{} : {}optional, default={}'.format(key, shown, _default_text(kind, default)))
    return '\n'.join(lines)


def _parse(key, value):
    kind = _PARAMS[key][0]
    text = str(value)
    if kind == 'boolean':
        if text.lower() not in _BOOLEANS:
            raise MXNetError("Invalid Parameter format for {} expect boolean but value='{}'".format(key, text))
        return _BOOLEANS[text.lower()]
    if kind == 'float':
        try:
            return float(text)
        except ValueError:
            raise MXNetError("Invalid Parameter format for {} expect float but value='{}'".format(
                key, text)) from None
    if kind == 'process' and text not in ('server', 'worker'):
        raise MXNetError("Invalid Input: '{}', valid values are: {{'server', 'worker'}}".format(text))
    return text


class _Profiler:
    """The one profiler of the process: its configuration, state and what it recorded."""

    def __init__(self):
        self.config = {key: default for key, (_, default) in _PARAMS.items()}
        self.running = False
        self.paused = False
        self.has_run = False
        self.events = []       # Chrome trace events, in the order they were recorded
        self.stats = {}        # category -> {name: [count, total, min, max]} (ms), with aggregate_stats
        self.lock = threading.Lock()

    @property
    def recording(self):
        return self.running and not self.paused

    def add_event(self, event):
        self.events.append(event)

    def add_stat(self, category, name, ms):
        if not self.config['aggregate_stats']:
            return
        with self.lock:
            table = self.stats.setdefault(category, {})
            entry = table.get(name)
            if entry is None:
                table[name] = [1, ms, ms, ms]
            else:
                entry[0] += 1
                entry[1] += ms
                entry[2] = min(entry[2], ms)
                entry[3] = max(entry[3], ms)

    def add_category(self, category):
        if self.config['aggregate_stats']:
            with self.lock:
                self.stats.setdefault(category, {})


_profiler = _Profiler()
# microseconds since the epoch (MXNet's `ts`) from the monotonic clock
_EPOCH_NS = time.time_ns() - time.perf_counter_ns()
_clock = time.perf_counter_ns


def _us(ns):
    return (ns + _EPOCH_NS) // 1000


def _tid():
    return threading.get_ident()


def _pid_of(name):
    """A stable process id for a category's lane in the trace (MXNet hashes the name too)."""
    return int.from_bytes(hashlib.sha1(name.encode('utf-8')).digest()[:6], 'big')


def set_config(**kwargs):
    """Configure the profiler (keywords only): profile_all, profile_symbolic, profile_imperative,
    profile_memory, profile_api, filename, continuous_dump, dump_period, aggregate_stats,
    profile_process. Keys not given take their defaults, as in MXNet."""
    config = {key: default for key, (_, default) in _PARAMS.items()}
    for key, value in kwargs.items():
        if key not in _PARAMS:
            raise MXNetError("Cannot find argument '{}', Possible Arguments:\n----------------\n{}".format(
                key, _argument_list()))
        config[key] = _parse(key, value)
    if config['continuous_dump'] and not config['dump_period'] > 0:
        raise MXNetError('Check failed: !continuous_dump || dump_period > 0: ')
    _profiler.config = config
    if _profiler.running:
        _install(_wants_operators())


def profiler_set_config(mode='symbolic', filename='profile.json'):
    """Deprecated form of set_config: turns on ``profile_<mode>`` ('symbolic' or 'all')."""
    warnings.warn('profiler.profiler_set_config() is deprecated. Please use profiler.set_config() instead')
    set_config(**{'profile_' + mode: True, 'filename': filename})


def _check_process(profile_process):
    if profile_process not in ('worker', 'server'):
        raise KeyError(profile_process)
    if profile_process == 'server':
        raise MXNetError("profile_process='server': mxtorch does not profile kvstore server processes; profile "
                         "each process with profile_process='worker'")


def set_state(state='stop', profile_process='worker'):
    """Start ('run') or stop ('stop') the profiler."""
    if state not in ('stop', 'run'):
        raise KeyError(state)
    _check_process(profile_process)
    if state == 'run':
        _profiler.running = True
        _profiler.has_run = True
        _profiler.paused = False
        _install(_wants_operators())
    else:
        _profiler.running = False
        _install(False)


def profiler_set_state(state='stop'):
    """Deprecated form of set_state."""
    warnings.warn('profiler.profiler_set_state() is deprecated. Please use profiler.set_state() instead')
    set_state(state)


def pause(profile_process='worker'):
    """Stop recording for a while (resume() goes on)."""
    _check_process(profile_process)
    _profiler.paused = True


def resume(profile_process='worker'):
    """Go on recording after pause()."""
    _check_process(profile_process)
    _profiler.paused = False


def _wants_operators():
    c = _profiler.config
    return c['profile_all'] or c['profile_imperative'] or c['profile_symbolic']


# ---- the trace file -------------------------------------------------------------------------------------
def _device_lanes():
    """MXNet's device lanes: cpu/0, cpu/1, gpu/0..., cpu pinned/, cpu shared/ (pids 0, 1, ...)."""
    names = ['cpu/0', 'cpu/1'] + ['gpu/%d' % i for i in range(torch.cuda.device_count())]
    return names + ['cpu pinned/', 'cpu shared/']


def _trace():
    lanes = _device_lanes()
    events = [{'ph': 'M', 'args': {'name': n}, 'pid': i, 'name': 'process_name'} for i, n in enumerate(lanes)]
    named = set()
    for e in list(_profiler.events):
        category = e['cat']
        if e['pid'] >= len(lanes) and category not in named:
            named.add(category)
            events.append({'ph': 'M', 'args': {'name': category}, 'pid': e['pid'], 'name': 'process_name'})
        events.append(e)
    return {'traceEvents': events, 'displayTimeUnit': 'ms'}


def dump(finished=True, profile_process='worker'):
    """Write what the profiler recorded to its file (``filename`` of set_config) as a Chrome trace.
    The file is complete JSON each time; `finished` is accepted for MXNet's signature (mxtorch's dumps
    always close the file, and later ones rewrite it with everything recorded so far)."""
    _check_process(profile_process)
    if not _profiler.has_run:
        raise MXNetError("Check failed: profiler->IsEnableOutput(): Profiler hasn't been run. Config and start "
                         "profiler first")
    from ._fileio import write_atomically
    text = json.dumps(_trace(), indent=4) + '\n'
    write_atomically(os.fspath(_profiler.config['filename']), [text.encode('utf-8')], 'profiler.dump')


def dump_profile():
    """Deprecated form of dump()."""
    warnings.warn('profiler.dump_profile() is deprecated. Please use profiler.dump() instead')
    dump(True)


# ---- the aggregate statistics -----------------------------------------------------------------------------
_SORT_KEYS = {'total': lambda e: e[1], 'avg': lambda e: e[1] / e[0], 'min': lambda e: e[2],
              'max': lambda e: e[3], 'count': lambda e: e[0]}
_HEADER = '\nProfile Statistics:\n\tNote the difference in units for different entries.\n'
_TABLE_HEAD = ('=================\n'
               'Name                          Total Count        Time (ms)    Min Time (ms)    Max Time (ms)    '
               'Avg Time (ms)\n'
               '----                          -----------        ---------    -------------    -------------    '
               '-------------\n')


def _number(v):
    """A statistic as MXNet's JSON writes it: microsecond precision, integers without a point."""
    v = round(v, 3)
    return int(v) if v == int(v) else v


def dumps(reset=False, format='table', sort_by='total', ascending=False):
    """The aggregate statistics (set_config(aggregate_stats=True)) as a table or JSON text, each category's
    entries sorted by `sort_by` ('total', 'avg', 'min', 'max', 'count'); `reset` clears them afterwards.
    Without aggregate_stats the text is empty."""
    # MXNet checks these with assert: the AssertionError stays, also under ``python -O``
    for ok, message in (
            (format in ('table', 'json'), "Invalid value provided for format: {0}. Support: 'table', 'json'".format(
                format)),
            (sort_by in _SORT_KEYS, "Invalid value provided for sort_by: {0}. Support: 'total', 'avg', 'min', "
                                    "'max', 'count'".format(sort_by)),
            (ascending in (False, True), 'Invalid value provided for ascending: {0}. Support: False, True'.format(
                ascending)),
            (reset in (False, True), 'Invalid value provided for reset: {0}. Support: False, True'.format(reset))):
        if not ok:
            raise AssertionError(message)
    if not _profiler.config['aggregate_stats'] and not _profiler.stats:
        return ''
    with _profiler.lock:
        # ties in reverse order of name, as MXNet lists them
        tables = {c: sorted(sorted(t.items(), reverse=True), key=lambda kv: _SORT_KEYS[sort_by](kv[1]),
                            reverse=not ascending)
                  for c, t in sorted(_profiler.stats.items())}
        if reset:
            _profiler.stats = {}
    if format == 'json':
        time_part = {c: {n: {'Count': e[0], 'Total': _number(e[1]), 'Min': _number(e[2]), 'Max': _number(e[3]),
                             'Avg': _number(e[1] / e[0])} for n, e in rows} for c, rows in tables.items()}
        return json.dumps({'Time': time_part, 'Memory': {}, 'Unit': {'Time': 'ms', 'Memory': 'kB'}},
                          indent=4) + '\n'
    parts = [_HEADER]
    for category, rows in tables.items():
        parts.append(category + '\n' + _TABLE_HEAD)
        for name, (count, total, low, high) in rows:
            parts.append('{:<25}{:>16}{:>17.4f}{:>17.4f}{:>17.4f}{:>17.4f}\n'.format(
                name, count, total, low, high, total / count))
        parts.append('\n')
    return ''.join(parts)


# ---- operators --------------------------------------------------------------------------------------------
# binary arithmetic by MXNet's names: (array op array, array op scalar, scalar op array)
_ARITH = {
    'add': ('broadcast_add', '_plus_scalar', '_plus_scalar'),
    'subtract': ('broadcast_sub', '_minus_scalar', '_rminus_scalar'),
    'multiply': ('broadcast_mul', '_mul_scalar', '_mul_scalar'),
    'divide': ('broadcast_div', '_div_scalar', '_rdiv_scalar'),
    'modulo': ('broadcast_mod', '_mod_scalar', '_rmod_scalar'),
    'power': ('broadcast_power', '_power_scalar', '_rpower_scalar'),
    'maximum': ('broadcast_maximum', '_maximum_scalar', '_maximum_scalar'),
    'minimum': ('broadcast_minimum', '_minimum_scalar', '_minimum_scalar'),
    'hypot': ('broadcast_hypot', '_hypot_scalar', '_hypot_scalar'),
    'equal': ('broadcast_equal', '_equal_scalar', '_equal_scalar'),
    'not_equal': ('broadcast_not_equal', '_not_equal_scalar', '_not_equal_scalar'),
    'greater': ('broadcast_greater', '_greater_scalar', '_lesser_scalar'),
    'greater_equal': ('broadcast_greater_equal', '_greater_equal_scalar', '_lesser_equal_scalar'),
    'lesser': ('broadcast_lesser', '_lesser_scalar', '_greater_scalar'),
    'lesser_equal': ('broadcast_lesser_equal', '_lesser_equal_scalar', '_greater_equal_scalar'),
    'logical_and': ('broadcast_logical_and', '_logical_and_scalar', '_logical_and_scalar'),
    'logical_or': ('broadcast_logical_or', '_logical_or_scalar', '_logical_or_scalar'),
    'logical_xor': ('broadcast_logical_xor', '_logical_xor_scalar', '_logical_xor_scalar'),
}
# creation functions of mx.nd that MXNet runs as operators
_CREATION = {'zeros': '_zeros', 'ones': '_ones', 'full': '_full', 'arange': '_arange'}
_scope = threading.local()


_CUSTOM = 'Custom Operator'     # MXNet's category of a custom operator's Python body and what it runs
_custom = threading.local()      # .prefix: the op_type (or _backward_<op_type>) whose body runs here


def _custom_lane(name, start, end, tid):
    """The asynchronous begin/end pair MXNet's trace gives each entry of the Custom Operator domain."""
    pid = _pid_of(_CUSTOM)
    for ph, ns in (('b', start), ('e', end)):
        _profiler.add_event({'name': name, 'cat': _CUSTOM, 'ph': ph, 'ts': _us(ns), 'id': tid, 'pid': pid,
                             'tid': tid})


def _finish(name, start, result):
    if torch.cuda.is_initialized():
        torch.cuda.synchronize()
    end = _clock()
    pid = 0
    t = result if isinstance(result, torch.Tensor) else getattr(result, '_t', None)
    if isinstance(t, torch.Tensor) and t.device.type == 'cuda':
        pid = 2 + (t.device.index or 0)
    tid = _tid()
    category = 'operator'
    prefix = getattr(_custom, 'prefix', None)
    if prefix is not None:
        # an operator run by a custom operator's body: MXNet files it under that operator, not 'operator'
        category, name = _CUSTOM, prefix + '::' + name
    begin = {'name': name, 'cat': category, 'ph': 'B', 'ts': _us(start), 'pid': pid, 'tid': tid}
    current = getattr(_scope, 'name', None)
    if current is not None:
        begin['args'] = {'scope': current}
    _profiler.add_event(begin)
    _profiler.add_event({'name': name, 'cat': category, 'ph': 'E', 'ts': _us(end), 'pid': pid, 'tid': tid})
    if prefix is not None:
        _custom_lane(name, start, end, tid)
    _profiler.add_stat(category, name, (end - start) / 1e6)


@contextlib.contextmanager
def _custom_operator_body(prefix):
    """Around a custom operator's forward (`prefix` its op_type) or backward (_backward_<op_type>): the
    body shows as <prefix>::pure_python and the operators it runs as <prefix>::<operator>, in the
    'Custom Operator' category, as in MXNet's profile."""
    if not _profiler.recording:
        yield
        return
    outer = getattr(_custom, 'prefix', None)
    _custom.prefix = prefix
    start = _clock()
    try:
        yield
    finally:
        _custom.prefix = outer
        end = _clock()
        name = prefix + '::pure_python'
        _custom_lane(name, start, end, _tid())
        _profiler.add_stat(_CUSTOM, name, (end - start) / 1e6)


def _timed(impl, name):
    def profiled(*args, **kwargs):
        if not _profiler.recording:
            return impl(*args, **kwargs)
        start = _clock()
        with torch.profiler.record_function(name):
            result = impl(*args, **kwargs)
        _finish(name, start, result)
        return result
    profiled.__wrapped__ = impl
    return profiled


def _timed_binary(impl, names):
    both, scalar_second, scalar_first = names
    tensor = torch.Tensor

    def profiled(lhs, rhs, *args, **kwargs):
        if not _profiler.recording:
            return impl(lhs, rhs, *args, **kwargs)
        if isinstance(lhs, tensor):
            name = both if isinstance(rhs, tensor) else scalar_second
        else:
            name = scalar_first
        start = _clock()
        with torch.profiler.record_function(name):
            result = impl(lhs, rhs, *args, **kwargs)
        _finish(name, start, result)
        return result
    profiled.__wrapped__ = impl
    return profiled


def _mxnet_name(op, canonical_name, prefixes):
    for name in (op.name,) + op.aliases:
        for prefix in prefixes.get(op.namespace, ('_%s_' % op.namespace,)):
            real = canonical_name(prefix + name)
            if real is not None:
                return real
    return op.name if not op.namespace else '_%s_%s' % (op.namespace.lstrip('_'), op.name)


_installed = []     # (cell, original contents) or (owner, attribute, original) while the hooks are in


def _swap_cell(function, var, wrapper_of):
    code = getattr(function, '__code__', None)
    if code is None or function.__closure__ is None or var not in code.co_freevars:
        return
    cell = function.__closure__[code.co_freevars.index(var)]
    original = cell.cell_contents
    cell.cell_contents = wrapper_of(original)
    _installed.append((cell, original))


def _install(on):
    """Put the timing wrappers into the operator functions (on) or take them out."""
    if bool(on) == bool(_installed):
        return
    if not on:
        while _installed:
            entry = _installed.pop()
            if len(entry) == 2:
                entry[0].cell_contents = entry[1]
            else:
                setattr(*entry)
        return
    from .ndarray import registry, _methods, ndarray as nd_module
    from .ndarray.ops import arith
    from .symbol._opdefs import canonical_name, _PREFIXES
    import mxtorch.ndarray as nd
    import importlib
    seen = set()
    for op in registry.OPS.values():
        if id(op) in seen:
            continue
        seen.add(id(op))
        if op.name == 'Custom' and not op.namespace:
            continue    # its body is recorded by _custom_operator_body, as MXNet records it
        if op.function is op.impl:
            # an operator over NDArrays used as it is (random samplers, optimizer updates): wrapped where
            # users reach it, in mx.nd and its namespace module
            wrapped = _timed(op.function, _mxnet_name(op, canonical_name, _PREFIXES))
            homes = [nd] + ([importlib.import_module('mxtorch.ndarray.' + op.namespace)]
                            if op.namespace and not op.namespace.startswith('_') else [])
            for home in homes:
                for n in (op.name,) + op.aliases:
                    if getattr(home, n, None) is op.function:
                        setattr(home, n, wrapped)
                        _installed.append((home, n, op.function))
            continue
        if not op.namespace and op.name in _ARITH:
            names = _ARITH[op.name]
            _swap_cell(op.function, '_impl', lambda impl, names=names: _timed_binary(impl, names))
            continue
        name = _mxnet_name(op, canonical_name, _PREFIXES)
        for var in ('_impl', 'impl'):
            _swap_cell(op.function, var, lambda impl, name=name: _timed(impl, name))
    by_impl = {getattr(arith, n): names for n, names in _ARITH.items()}
    torch_inplace = {torch.Tensor.add_: _ARITH['add'], torch.Tensor.sub_: _ARITH['subtract'],
                     torch.Tensor.mul_: _ARITH['multiply'], torch.Tensor.div_: _ARITH['divide']}
    for dunder in _methods.METHODS.values():
        cells = dict(zip(dunder.__code__.co_freevars, dunder.__closure__ or ()))
        impl = cells.get('impl')
        if impl is not None and impl.cell_contents in by_impl:
            _swap_cell(dunder, 'impl', lambda f: _timed_binary(f, by_impl[f]))
        fast = cells.get('torch_inplace')
        if fast is not None and fast.cell_contents in torch_inplace:
            _swap_cell(dunder, 'torch_inplace', lambda f: _timed_binary(f, torch_inplace[f]))
    cls = nd_module.NDArray
    for attr, name in (('__neg__', '_mul_scalar'), ('__abs__', 'abs'), ('T', 'transpose')):
        original = vars(cls).get(attr)
        if isinstance(original, property):
            setattr(cls, attr, property(_timed(original.fget, name), doc=original.__doc__))
        elif original is not None:
            setattr(cls, attr, _timed(original, name))
        else:
            continue
        _installed.append((cls, attr, original))
    for attr, name in _CREATION.items():
        original = getattr(nd, attr, None)
        if original is not None:
            setattr(nd, attr, _timed(original, name))
            _installed.append((nd, attr, original))


# ---- user objects -------------------------------------------------------------------------------------------
class Domain(object):
    """A group of tasks, frames, counters and markers (a category of the profile)."""

    def __init__(self, name):
        self.name = str(name)

    def __str__(self):
        return self.name

    def new_task(self, name):
        """A Task of this domain."""
        return Task(self, name)

    def new_frame(self, name):
        """A Frame of this domain."""
        return Frame(self, name)

    def new_counter(self, name, value=None):
        """A Counter of this domain."""
        return Counter(self, name, value)

    def new_marker(self, name):
        """A Marker of this domain."""
        return Marker(self, name)


class _Range(object):
    """A named span of time between start() and stop(), recorded while the profiler runs."""
    _phases = ('B', 'E')

    def __init__(self, category, name):
        self.name = str(name)
        self._category = category
        self._start = None

    def start(self):
        """Begin the span."""
        self._start = _clock()

    def stop(self):
        """End the span and record it (while the profiler runs)."""
        start, self._start = self._start, None
        if start is None or not _profiler.recording:
            return
        end = _clock()
        tid = _tid()
        pid = _pid_of(self._category)
        for phase, ns in zip(self._phases, (start, end)):
            event = {'name': self.name, 'cat': self._category, 'ph': phase, 'ts': _us(ns), 'pid': pid, 'tid': tid}
            if phase in ('b', 'e'):
                event['id'] = tid
            _profiler.add_event(event)
        _profiler.add_stat(self._category, self.name, (end - start) / 1e6)

    def __str__(self):
        return self.name


class Task(_Range):
    """A task of a domain: a span of work, started and stopped."""
    _phases = ('b', 'e')

    def __init__(self, domain, name):
        super().__init__(str(domain), name)
        self.domain = domain


class Frame(_Range):
    """A frame of a domain: a span such as one iteration, started and stopped."""
    _phases = ('(', ')')

    def __init__(self, domain, name):
        super().__init__(str(domain) + ',frame', name)
        self.domain = domain


class Event(_Range):
    """A span of time outside any domain, started and stopped."""

    def __init__(self, name):
        super().__init__('event', name)


class Counter(object):
    """An integer counter of a domain; each change is recorded while the profiler runs."""

    def __init__(self, domain, name, value=None):
        self.name = str(name)
        self.domain = domain
        self._value = 0
        if value is not None:
            self.set_value(value)

    def _record(self):
        if not _profiler.recording:
            return
        category = str(self.domain)
        _profiler.add_event({'name': self.name, 'cat': category, 'ph': 'C', 'ts': _us(_clock()),
                             'args': {self.name: self._value}, 'pid': _pid_of(category), 'tid': _tid()})
        _profiler.add_stat(category, self.name, 0.0)

    def set_value(self, value):
        """Set the counter to `value`."""
        self._value = int(value)
        self._record()

    def increment(self, delta=1):
        """Add `delta` to the counter."""
        self._value += int(delta)
        self._record()

    def decrement(self, delta=1):
        """Subtract `delta` from the counter."""
        self._value -= int(delta)
        self._record()

    def __iadd__(self, delta):
        return self._changed_by(int(delta))

    def __isub__(self, delta):
        return self._changed_by(-int(delta))

    def _changed_by(self, delta):
        self._value += delta
        self._record()
        return self

    __str__ = _Range.__str__


_MARKER_SCOPES = {'global': 'g', 'marker': 'p', 'process': 'p', 'task': 'p', 'thread': 't'}


class Marker(object):
    """An instant of a domain, marked with mark()."""

    def __init__(self, domain, name):
        self.domain, self.name = domain, name

    def mark(self, scope='process'):
        """Record the instant, for `scope` 'global', 'process', 'thread', 'task' or 'marker'."""
        if scope not in _MARKER_SCOPES:
            raise MXNetError("Invalid Input: '{}', valid values are: {{'global', 'marker', 'process', 'task', "
                             "'thread'}}".format(scope))
        if not _profiler.recording:
            return
        category = str(self.domain) + ',instant_marker'
        _profiler.add_event({'name': str(self.name), 'cat': category, 'ph': 'n', 'ts': _us(_clock()),
                             's': _MARKER_SCOPES[scope], 'pid': _pid_of(category), 'tid': _tid()})
        _profiler.add_category(category)


@contextlib.contextmanager
def scope(name='<unk>:', append_mode=False):
    """Name a part of the program (MXNet 2's ``profiler.scope``, kept here for code written for it): the
    operators it runs carry ``args: {'scope': name}`` in the trace, and the part is a span of category
    'scope'. With `append_mode` the name is appended to the enclosing scope's."""
    previous = getattr(_scope, 'name', None)
    name = str(name)
    if append_mode and previous is not None:
        name = previous + name
    _scope.name = name
    span = _Range('scope', name)
    span.start()
    try:
        with torch.profiler.record_function(name):
            yield
    finally:
        span.stop()
        _scope.name = previous
