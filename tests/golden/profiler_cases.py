"""mx.profiler: the operators a trace names, its event fields, the aggregate table's layout, user objects
and bad input. MXNet 1.9.1's profiler can be configured again only before its first run in a process, so
one case profiles everything and reads its answers from that one trace; the cases that configure without
running come first. MXNet's engine-internal entries (WaitForVar, DeleteVariable, ...) are left out of the
comparison: mxtorch has no engine."""
_ENGINE = "('ResourceParallelRandomSetSeed', 'WaitForVar', 'DeleteVariable', 'CopyCPU2CPU', 'Reorder')"

_SESSION = (
    "import json, os\n"
    "profiler = mx.profiler\n"
    "fname = os.path.join(tmpdir, 'p.json')\n"
    "a = nd.ones((2, 3)); b = nd.ones((2, 3))\n"
    "x = nd.ones((1, 1, 6, 6)); w = nd.ones((2, 1, 3, 3)) / 9; bias = nd.zeros((2,))\n"
    "conv = gluon.nn.Conv2D(2, 3, activation='relu'); conv.initialize()\n"
    "dense = gluon.nn.Dense(4); dense.initialize()\n"
    "pool = gluon.nn.MaxPool2D(); conv(x); dense(x); nd.waitall()\n"
    "profiler.set_config(profile_imperative=True, profile_memory=False, profile_api=False, filename=fname,\n"
    "                    aggregate_stats=True)\n"
    "profiler.set_state('run')\n"
    # MXNet's names for the arithmetic dunders, mx.nd functions and their scalar forms
    "outs = [a + b, a + 1, 2 - a, a - 2, a * b, a * 3, a / 3, 3 / a, a ** 2, 2 ** a, a % 2, a == b, a == 1,\n"
    "        a > 1, -a, abs(a), a.sum(), a.exp(), nd.relu(a), nd.dot(a, b.T), nd.concat(a, b),\n"
    "        nd.multiply(a, 2), nd.elemwise_add(a, b), nd.softmax(a),\n"
    "        nd.Activation(a, act_type='tanh'), nd.random.uniform(shape=(2,))]\n"
    "a += 1\n"
    "a += b\n"
    # layers and their operators
    "y = nd.Convolution(x, w, bias, kernel=(3, 3), num_filter=2)\n"
    "z = nd.FullyConnected(y, nd.ones((3, 32)), nd.zeros(3), num_hidden=3)\n"
    "conv(x); dense(x); pool(x); nd.Pooling(x, kernel=(2, 2), pool_type='avg')\n"
    # user objects
    "d = profiler.Domain('dom')\n"
    "t = profiler.Task(d, 'mytask'); t.start(); t.stop()\n"
    "t = profiler.Task(d, 'a_task_name_longer_than_thirty_characters'); t.start(); t.stop()\n"
    "f = d.new_frame('myframe'); f.start(); f.stop()\n"
    "e = profiler.Event('myevent'); e.start(); e.stop()\n"
    "c = profiler.Counter(d, 'mycounter', 3); c += 2; c.decrement(1); c -= 4; c.set_value(10); c.increment()\n"
    "m = profiler.Marker(d, 'mymarker'); m.mark(); m.mark('thread'); m.mark('global')\n"
    "nd.waitall()\n"
    "profiler.set_state('stop')\n"
    "table = profiler.dumps(sort_by='count')\n"
    "table_json = json.loads(profiler.dumps(format='json', reset=True))\n"
    "after_reset = profiler.dumps()\n"
    "profiler.dump()\n"
    "trace = json.load(open(fname))\n"
    "def _row(line):\n"
    "    parts = line.split()\n"
    "    if len(parts) < 6 or not parts[-1].replace('.', '').isdigit():\n"
    "        return line\n"
    "    # a row: its name and count, how many columns and how wide (the times vary)\n"
    "    return (' '.join(parts[:-5]), parts[-5], len(parts), len(line))\n"
    "events = trace['traceEvents']\n"
    "result = {\n"
    "    'operators': sorted(e['name'] for e in events if e.get('cat') == 'operator' and e['ph'] == 'B'\n"
    "                        and e['name'] not in " + _ENGINE + "),\n"
    "    'file_keys': sorted(trace), 'time_unit': trace['displayTimeUnit'],\n"
    "    'cpu_lanes': [(e['name'], e['ph'], e['args'], e['pid']) for e in events if e['ph'] == 'M' and\n"
    "                  e['pid'] in (0, 1)],\n"
    "    'operator_event_keys': sorted({tuple(sorted(e)) for e in events\n"
    "                                   if e.get('cat') == 'operator' and e['ph'] in ('B', 'E')}),\n"
    "    'begin_end': [(e['name'], e['ph'], e['pid']) for e in events\n"
    "                  if e['name'] == '_div_scalar' and e['ph'] in ('B', 'E')],\n"
    "    'user_events': [(e['name'], e['cat'], e['ph'], e.get('args'), e.get('s'), 'id' in e) for e in events\n"
    "                    if e['name'] in ('mytask', 'myframe', 'myevent', 'mycounter', 'mymarker')],\n"
    "    'user_lanes': sorted(e['args']['name'] for e in events if e['ph'] == 'M' and\n"
    "                         e['args']['name'] in ('dom', 'dom,frame', 'event', 'dom,instant_marker')),\n"
    "    'table': [_row(line) for line in table.split('\\n') if not line.startswith(" + _ENGINE + ")],\n"
    "    'table_json': (sorted(table_json), sorted(table_json['Time']), sorted(table_json['Time']['dom']),\n"
    "                   sorted(table_json['Time']['dom']['mytask']), table_json['Unit'],\n"
    "                   table_json['Time']['dom']['mycounter']['Count'],\n"
    "                   table_json['Time']['operator']['_plus_scalar']['Count']),\n"
    "    'after_reset': after_reset,\n"
    "}\n")

CASES = [
    ('set_config_boolean_spellings', "[mx.profiler.set_config(profile_all=v, aggregate_stats=v) "
                                     "for v in ('true', 'TRUE', '1', '0', False, True)]"),
    ('dumps_without_aggregate_stats', "profiler = mx.profiler\n"
                                      "profiler.set_config(aggregate_stats=False)\n"
                                      "result = profiler.dumps()"),
    ('session', _SESSION),
    ('user_object_strings', "profiler = mx.profiler\n"
                            "d = profiler.Domain('dom')\n"
                            "result = [str(d), str(profiler.Task(d, 't')), str(profiler.Frame(d, 'f')),\n"
                            "          str(profiler.Event('e')), str(profiler.Counter(d, 'c')), d.name]"),
    # bad input
    ('set_config_unknown_key', "mx.profiler.set_config(bogus=1)"),
    ('set_config_bad_boolean', "mx.profiler.set_config(profile_all='yes')"),
    ('set_config_bad_float', "mx.profiler.set_config(dump_period='x')"),
    ('set_config_bad_process', "mx.profiler.set_config(profile_process='x')"),
    ('set_state_bad', "mx.profiler.set_state('foo')"),
    ('set_state_bad_process', "mx.profiler.set_state('run', profile_process='x')"),
    ('dumps_bad_format', "mx.profiler.dumps(format='xml')"),
    ('dumps_bad_sort', "mx.profiler.dumps(sort_by='foo')"),
    ('dumps_bad_ascending', "mx.profiler.dumps(ascending='x')"),
    ('marker_bad_scope', "mx.profiler.Marker(mx.profiler.Domain('d'), 'm').mark('bad')"),
    ('counter_bad_delta', "mx.profiler.Counter(mx.profiler.Domain('d'), 'c').increment('a')"),
]
