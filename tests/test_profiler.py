"""mx.profiler beyond the golden cases (tests/golden/profiler_cases.py, MXNet's names and layouts): the
operator functions are exactly themselves again when the profiler stops, pause/resume, the Chrome trace
file, deprecated forms, scope, and errors."""
import json
import os
import subprocess
import sys
import threading
import warnings

import pytest

import mxtorch as mx
from mxtorch import nd, gluon
from mxtorch.base import MXNetError
from mxtorch.ndarray import registry

profiler = mx.profiler


@pytest.fixture
def session(tmp_path):
    """A configured profiler writing to tmp_path/profile.json; stopped and emptied afterwards."""
    fname = str(tmp_path / 'profile.json')
    profiler.set_config(profile_all=True, filename=fname, aggregate_stats=True)
    yield fname
    profiler.set_state('stop')
    profiler.dumps(reset=True)
    profiler._profiler.events.clear()
    profiler.set_config()


def _trace(fname):
    profiler.dump()
    with open(fname) as f:
        return json.load(f)


def _operator_names(trace):
    return [e['name'] for e in trace['traceEvents'] if e.get('cat') == 'operator' and e['ph'] == 'B']


def _closures():
    return {id(op): [c.cell_contents for c in (op.function.__closure__ or ())] for op in registry.OPS.values()}


def test_stopping_puts_every_operator_function_back(session):
    before = _closures()
    methods = {k: v for k, v in vars(nd.NDArray).items() if k in ('__neg__', '__abs__', 'T')}
    ones, uniform = nd.ones, nd.random.uniform
    profiler.set_state('run')
    assert _closures() != before            # the timing wrappers are in
    assert nd.ones is not ones
    profiler.set_state('stop')
    assert _closures() == before
    assert {k: vars(nd.NDArray)[k] for k in methods} == methods
    assert nd.ones is ones and nd.random.uniform is uniform
    # stopping twice, or without running, changes nothing
    profiler.set_state('stop')
    assert _closures() == before


def test_results_are_unchanged_while_profiling(session):
    x = nd.array([[1, -2], [3, 4]])
    expected = [(x + 1).asnumpy(), (-x).asnumpy(), nd.relu(x).asnumpy(), x.T.asnumpy(), (2 ** x).asnumpy()]
    profiler.set_state('run')
    got = [(x + 1).asnumpy(), (-x).asnumpy(), nd.relu(x).asnumpy(), x.T.asnumpy(), (2 ** x).asnumpy()]
    profiler.set_state('stop')
    for g, e in zip(got, expected):
        assert (g == e).all()


def test_trace_file_is_chrome_trace_json(session):
    net = gluon.nn.Dense(3)
    net.initialize()
    x = nd.ones((2, 4))
    net(x)
    profiler.set_state('run')
    y = net(x) * 2
    y.wait_to_read()
    profiler.set_state('stop')
    trace = _trace(session)
    assert set(trace) == {'traceEvents', 'displayTimeUnit'} and trace['displayTimeUnit'] == 'ms'
    for e in trace['traceEvents']:
        assert {'ph', 'pid', 'name'} <= set(e)
        if e['ph'] != 'M':
            assert isinstance(e['ts'], int) and 'tid' in e
    ops = [e for e in trace['traceEvents'] if e.get('cat') == 'operator']
    assert [e['name'] for e in ops] == ['FullyConnected', 'FullyConnected', '_mul_scalar', '_mul_scalar']
    assert [e['ph'] for e in ops] == ['B', 'E', 'B', 'E']
    assert ops[0]['ts'] <= ops[1]['ts'] <= ops[2]['ts'] <= ops[3]['ts']
    assert {e['args']['name'] for e in trace['traceEvents'] if e['ph'] == 'M'} >= {'cpu/0', 'cpu/1'}


def test_operators_called_through_hybrid_forward_and_methods(session):
    class Net(gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return F.softmax(F.relu(x)).sum(axis=1)

    net = Net()
    x = nd.ones((2, 3))
    profiler.set_state('run')
    net(x).asnumpy()
    x.exp()
    profiler.set_state('stop')
    assert _operator_names(_trace(session)) == ['relu', 'softmax', 'sum', 'exp']


def test_pause_and_resume(session):
    x = nd.ones((2,))
    profiler.set_state('run')
    x + 1
    profiler.pause()
    x * 2
    profiler.Event('hidden').start()
    profiler.resume()
    x - 3
    profiler.set_state('stop')
    assert _operator_names(_trace(session)) == ['_plus_scalar', '_minus_scalar']


def test_imperative_profiling_off_records_no_operators(session):
    profiler.set_config(profile_imperative=False, profile_symbolic=False, filename=session)
    before = _closures()
    profiler.set_state('run')
    assert _closures() == before
    nd.ones((2,)) + 1
    t = profiler.Task(profiler.Domain('d'), 'work')
    t.start()
    t.stop()
    profiler.set_state('stop')
    trace = _trace(session)
    assert _operator_names(trace) == []
    assert [e['ph'] for e in trace['traceEvents'] if e['name'] == 'work'] == ['b', 'e']


def test_nothing_recorded_when_stopped(session):
    profiler.set_state('run')
    profiler.set_state('stop')
    nd.ones((2,)) + 1
    c = profiler.Counter(profiler.Domain('d'), 'c', 1)
    c += 1
    assert c._value == 2
    assert [e for e in _trace(session)['traceEvents'] if e['ph'] != 'M'] == []


def test_dumps_sorting_and_reset(session):
    x = nd.ones((2,))
    profiler.set_state('run')
    for _ in range(3):
        x + 1
    x * 2
    profiler.set_state('stop')
    rows = [line.split()[0] for line in profiler.dumps(sort_by='count').splitlines()
            if line.startswith('_')]
    assert rows == ['_plus_scalar', '_mul_scalar']
    rows = [line.split()[0] for line in profiler.dumps(sort_by='count', ascending=True).splitlines()
            if line.startswith('_')]
    assert rows == ['_mul_scalar', '_plus_scalar']
    stats = json.loads(profiler.dumps(format='json', reset=True))
    assert stats['Time']['operator']['_plus_scalar']['Count'] == 3
    assert profiler.dumps() == '\nProfile Statistics:\n\tNote the difference in units for different entries.\n'


def test_scope_names_operators_inside_it(session):
    profiler.set_state('run')
    with profiler.scope('outer:'):
        nd.ones((2,)) + 1
        with profiler.scope('inner', append_mode=True):
            nd.ones((2,)) * 2
    nd.ones((2,)) - 1
    profiler.set_state('stop')
    events = _trace(session)['traceEvents']
    scopes = {e['name']: e.get('args', {}).get('scope') for e in events
              if e.get('cat') == 'operator' and e['ph'] == 'B' and e['name'] != '_ones'}
    assert scopes == {'_plus_scalar': 'outer:', '_mul_scalar': 'outer:inner', '_minus_scalar': None}
    assert sorted(e['name'] for e in events if e.get('cat') == 'scope' and e['ph'] == 'B') == \
        ['outer:', 'outer:inner']


def test_threads_get_their_own_tid(session):
    profiler.set_state('run')
    x = nd.ones((2,))
    x + 1
    worker = threading.Thread(target=lambda: x * 2)
    worker.start()
    worker.join()
    profiler.set_state('stop')
    tids = {e['name']: e['tid'] for e in _trace(session)['traceEvents'] if e.get('cat') == 'operator'}
    assert tids['_plus_scalar'] != tids['_mul_scalar']


def test_deprecated_forms_warn_and_work(session):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        profiler.profiler_set_config(mode='all', filename=session)
        profiler.profiler_set_state('run')
        nd.ones((2,)) + 1
        profiler.profiler_set_state('stop')
        profiler.dump_profile()
    assert len([w for w in caught if 'deprecated' in str(w.message)]) == 4
    with open(session) as f:
        assert '_plus_scalar' in [e['name'] for e in json.load(f)['traceEvents']]
    assert profiler._profiler.config['profile_all'] is True


def test_set_config_starts_from_the_defaults_each_time(session):
    profiler.set_config(aggregate_stats=True, filename='a.json')
    profiler.set_config(profile_all='true')
    config = profiler._profiler.config
    assert config['aggregate_stats'] is False and config['filename'] == 'profile.json'
    assert config['profile_all'] is True


def test_bad_input_leaves_the_configuration(session):
    config = dict(profiler._profiler.config)
    with pytest.raises(MXNetError, match="Cannot find argument 'bogus'"):
        profiler.set_config(bogus=1, aggregate_stats=False)
    with pytest.raises(MXNetError, match='expect boolean'):
        profiler.set_config(profile_all=2)
    with pytest.raises(MXNetError, match='dump_period > 0'):
        profiler.set_config(dump_period=0)
    with pytest.raises(KeyError):
        profiler.set_state('start')
    assert profiler._profiler.config == config and not profiler._profiler.running
    with pytest.raises(MXNetError, match='server'):
        profiler.set_state('run', profile_process='server')
    assert not profiler._profiler.running
    with pytest.raises(AssertionError, match='Invalid value provided for reset'):
        profiler.dumps(reset='yes')
    with pytest.raises(MXNetError, match="valid values are"):
        profiler.Marker(profiler.Domain('d'), 'm').mark('everywhere')


def test_dump_before_any_run_is_an_error():
    code = ("import mxtorch as mx\n"
            "try:\n"
            "    mx.profiler.dump()\n"
            "except mx.MXNetError as e:\n"
            "    print('error:', e)\n")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, CUDA_VISIBLE_DEVICES=''))
    assert "error: Check failed: profiler->IsEnableOutput(): Profiler hasn't been run" in out.stdout, out.stderr


def test_dump_into_a_directory_is_an_error(session, tmp_path):
    profiler.set_config(filename=str(tmp_path))
    profiler.set_state('run')
    profiler.set_state('stop')
    with pytest.raises(MXNetError, match='is a directory'):
        profiler.dump()
