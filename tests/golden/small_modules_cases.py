"""Golden cases for MXNet 1.9.1's small top-level modules: mx.engine, mx.error, mx.log, mx.misc, mx.libinfo,
mx.library, mx.rtc, mx.tvmop, mx.space, mx.ndarray_doc/symbol_doc, mx.numpy_op_fallback, mx.notebook.
Run under MXNet 1.9.1 by tools/make_golden.py small_modules."""

# a module of the framework by its short name (misc and space are not loaded by the framework's import)
_MOD = '''
import importlib
def mod(name):
    return importlib.import_module(mx.__name__ + '.' + name)
'''

# runs f in a new thread and gives what it returned or the type name of what it raised
_THREAD = '''
import threading
def in_thread(f):
    box = []
    def run():
        try:
            box.append(f())
        except Exception as e:
            box.append('raised ' + type(e).__name__)
    t = threading.Thread(target=run)
    t.start()
    t.join()
    return box[0]
'''

# a logger's lines captured in a list, with the time and process id masked
_LOG = _MOD + '''
import io, logging, re
def capture(logger):
    stream = io.StringIO()
    for h in logger.handlers:
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler):
            h.stream = stream
    return stream
def masked(text):
    return re.sub(r'\\d{4} \\d\\d:\\d\\d:\\d\\d \\d+ ', 'MMDD hh:mm:ss PID ', text)
'''

# the root logger's INFO lines while `f` runs
_ROOT_LINES = '''
import logging
def root_lines(f):
    lines = []
    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())
    root = logging.getLogger()
    keep, level = Keep(), root.level
    root.addHandler(keep)
    root.setLevel(logging.INFO)
    try:
        value = f()
    finally:
        root.removeHandler(keep)
        root.setLevel(level)
    return value, lines
'''

_DOC_ARGS = "('Desc of the op.', ['data', 'axis', 'num_args', 'data'], ['NDArray-or-Symbol', 'int, optional', 'int', 'int'], ['The input.', '', 'How many.', 'Again.'])"

# MXNet's mx.nd.numpy._internal is mxtorch's mx.np._internal
_FALLBACK = "F = mx.nd.numpy._internal if hasattr(mx.nd, 'numpy') else mx.np._internal\n"

# a batch-end parameter object as fit gives callbacks, with an Accuracy metric that has seen a batch
_PARAM = '''
import collections
P = collections.namedtuple('P', ['epoch', 'nbatch', 'eval_metric', 'locals'])
def param(epoch, nbatch, right):
    m = mx.metric.Accuracy()
    m.update([nd.array([0, 1, 1, 0])], [nd.array([[1, 0], [0, 1], [0, 1], [0, 1]]) if right else nd.array([[0, 1], [1, 0], [0, 1], [0, 1]])])
    return P(epoch, nbatch, m, None)
'''

CASES = [
    # ---- mx.engine ----
    ('engine_set_returns_previous', '''
e = mx.engine
prev = e.set_bulk_size(5)
result = [e.set_bulk_size(7), e.set_bulk_size(0), e.set_bulk_size(True), e.set_bulk_size(prev)]
'''),
    ('engine_size_wraps_as_c_int', '''
e = mx.engine
prev = e.set_bulk_size(2 ** 32 + 3)
result = [e.set_bulk_size(np.int64(4)), e.set_bulk_size(prev)]
'''),
    ('engine_new_thread_starts_at_zero', _THREAD + '''
e = mx.engine
prev = e.set_bulk_size(9)
result = [in_thread(lambda: e.set_bulk_size(3)), in_thread(lambda: [e.set_bulk_size(4), e.set_bulk_size(0)]),
          e.set_bulk_size(prev)]
'''),
    ('engine_bulk_scope', '''
e = mx.engine
prev = e.set_bulk_size(6)
seen = []
with e.bulk(3) as scope:
    seen.append(type(scope).__name__)
    seen.append(e.set_bulk_size(3))
    with e.bulk(11):
        x = nd.zeros((2,))
        for _ in range(5):
            x += 1
        seen.append(e.set_bulk_size(11))
    seen.append(e.set_bulk_size(3))
seen.append(e.set_bulk_size(prev))
seen.append(x)
result = seen
'''),
    ('engine_bulk_restores_after_error', '''
e = mx.engine
prev = e.set_bulk_size(2)
try:
    with e.bulk(8):
        raise KeyError('inside')
except KeyError:
    pass
result = [e.set_bulk_size(prev)]
'''),
    ('engine_bulk_is_lazy', "type(mx.engine.bulk('not checked yet')).__name__"),
    ('engine_string_size', "mx.engine.set_bulk_size('4')"),
    ('engine_float_size', "mx.engine.set_bulk_size(2.5)"),
    ('engine_none_size', "mx.engine.set_bulk_size(None)"),
    ('engine_negative_size', _THREAD + '''
def steps():
    seen = []
    for v in (-1, -5, 3, -2, 4, 6):
        try:
            seen.append(mx.engine.set_bulk_size(v))
        except mx.MXNetError:
            seen.append('raised')
    return seen
result = in_thread(steps)
'''),
    ('engine_negative_size_raises', _THREAD + '''
def steps():
    mx.engine.set_bulk_size(-1)
    mx.engine.set_bulk_size(0)
result = in_thread(steps)
'''),
    ('engine_names', "sorted(n for n in ('set_bulk_size', 'bulk', '_BulkScope') if hasattr(mx.engine, n))"),

    # ---- mx.error ----
    ('error_all', "mx.error.__all__"),
    ('error_same_class', "[mx.error.MXNetError is mx.base.MXNetError, mx.error.MXNetError is mx.MXNetError, "
                         "issubclass(mx.error.InternalError, mx.MXNetError), issubclass(mx.MXNetError, RuntimeError), "
                         "mx.error.register is mx.error.register_error]"),
    ('error_internal_hint', "str(mx.error.InternalError('the detail'))"),
    ('error_internal_hint_once', "str(mx.error.InternalError('x\\nMXNet hint: mine'))"),
    ('error_internal_raises', "mx.error.InternalError('boom')"),
    ('error_registered_names', '''
reg = mx.base.error_types if hasattr(mx.base, 'error_types') else mx.error.error_types
result = [[k, reg[k].__name__] for k in sorted(reg)]
'''),
    ('error_register_forms', '''
reg = mx.base.error_types if hasattr(mx.base, 'error_types') else mx.error.error_types
class GoldenErrA(mx.MXNetError):
    pass
class GoldenErrB(ValueError):
    pass
class GoldenErrC(RuntimeError):
    pass
a = mx.error.register(GoldenErrA)
b = mx.error.register('GoldenNameB')(GoldenErrB)
c = mx.error.register_error('GoldenNameC', GoldenErrC)
result = [a is GoldenErrA, b is GoldenErrB, c is GoldenErrC, reg['GoldenErrA'] is GoldenErrA,
          reg['GoldenNameB'] is GoldenErrB, reg['GoldenNameC'] is GoldenErrC, 'GoldenErrB' in reg]
for k in ('GoldenErrA', 'GoldenNameB', 'GoldenNameC'):
    del reg[k]
'''),
    ('error_c2pyerror', '''
B = mx.base if hasattr(mx.base, 'c2pyerror') else mx.error
result = [B.c2pyerror('ValueError: bad value\\nStack trace:\\n  File "a.cc", line 1\\n  File "b.cc", line 2\\nmore text\\n'),
          B.c2pyerror('no colon here'), B.c2pyerror('Not valid name: x'), B.c2pyerror('mxnet.error.InternalError: y'),
          B.c2pyerror('a:b:c')]
'''),

    # ---- mx.log ----
    ('log_levels', "[mx.log.CRITICAL, mx.log.ERROR, mx.log.WARNING, mx.log.INFO, mx.log.DEBUG, mx.log.NOTSET]"),
    ('log_line_format', _LOG + '''
logger = mx.log.get_logger('golden_small_fmt', level=mx.log.DEBUG)
stream = capture(logger)
logger.warning('careful %d', 3)
logger.info('note')
logger.debug('detail')
logger.error('bad')
logger.critical('worse')
logger.log(25, 'custom level')
result = masked(stream.getvalue()).split('\\n')
'''),
    ('log_default_level_warning', _LOG + '''
logger = mx.log.get_logger('golden_small_lvl')
stream = capture(logger)
logger.info('hidden')
logger.warning('shown')
result = [logger.level, masked(stream.getvalue())]
'''),
    ('log_set_up_once', _LOG + '''
first = mx.log.get_logger('golden_small_once', level=mx.log.INFO)
again = mx.log.get_logger('golden_small_once', level=mx.log.ERROR)
result = [first is again, len(again.handlers), again.level, type(again.handlers[0].formatter).__name__]
'''),
    ('log_root_untouched', _LOG + '''
import logging
root = logging.getLogger()
before = list(root.handlers), root.level
got = mx.log.get_logger()
result = [got is root, list(root.handlers) == before[0], root.level == before[1]]
'''),
    ('log_to_file', _LOG + '''
import os
path = os.path.join(tmpdir, 'golden.log')
with open(path, 'w') as f:
    f.write('old line\\n')
logger = mx.log.get_logger('golden_small_file', filename=path, level=mx.log.INFO)
logger.info('to the file')
logger.debug('not written')
for h in logger.handlers:
    h.flush()
lines = open(path).read()
logger2 = mx.log.get_logger('golden_small_file_w', filename=path, filemode='w')
logger2.warning('fresh')
for h in logger2.handlers:
    h.flush()
result = [lines, open(path).read(), type(logger.handlers[0]).__name__, logger.handlers[0].formatter is None]
for lg in (logger, logger2):
    for h in list(lg.handlers):
        h.close()
        lg.removeHandler(h)
'''),
    ('log_getLogger_deprecated', _LOG + '''
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    lg = mx.log.getLogger('golden_small_dep', level=mx.log.INFO)
result = [[w.category.__name__, str(w.message)] for w in caught] + [lg.level, lg.name]
'''),
    ('log_formatter_labels', _LOG + '''
import logging
fmt = mx.log._Formatter()
result = [[fmt._get_label(l), fmt._get_color(l)] for l in (50, 40, 30, 25, 20, 15, 10, 5, 0)] + [fmt.datefmt]
'''),

    # ---- mx.misc ----
    ('misc_factor_values', _MOD + _ROOT_LINES + '''
s = mod('misc').FactorScheduler(step=3, factor=0.5)
result = list(root_lines(lambda: [s(i) for i in range(0, 12)])) + [s.old_lr, s.base_lr, s.init]
'''),
    ('misc_factor_base_lr_changed', _MOD + _ROOT_LINES + '''
s = mod('misc').FactorScheduler(2)
s.base_lr = 1.0
result = list(root_lines(lambda: [s(i) for i in (0, 1, 2, 5, 4, 9, 0)]))
'''),
    ('misc_factor_fraction_iteration', _MOD + '''
s = mod('misc').FactorScheduler(step=4, factor=0.9)
result = [s(3.9), s(4.0), s(7.99), s(8), s(100)]
'''),
    ('misc_factor_defaults', _MOD + "s = mod('misc').FactorScheduler(5)\nresult = [s.step, s.factor, s.base_lr, s.old_lr, s.init]"),
    ('misc_factor_bad_step', _MOD + "result = mod('misc').FactorScheduler(0)"),
    ('misc_factor_bad_factor', _MOD + "result = mod('misc').FactorScheduler(2, factor=1.0)"),
    ('misc_factor_bad_step_message', _MOD + '''
try:
    mod('misc').FactorScheduler(0.5)
except ValueError as e:
    result = str(e)
'''),
    ('misc_factor_bad_factor_message', _MOD + '''
try:
    mod('misc').FactorScheduler(1, 2.0)
except ValueError as e:
    result = str(e)
'''),
    ('misc_base_class', _MOD + '''
base = mod('misc').LearningRateScheduler()
try:
    base(3)
except NotImplementedError as e:
    result = [base.base_lr, str(e)]
'''),

    # ---- mx.libinfo ----
    ('libinfo_version', "mx.libinfo.__version__"),
    ('libinfo_no_conf', "mx.libinfo.find_conf_path()"),
    ('libinfo_no_conf_message', '''
try:
    mx.libinfo.find_conf_path('golden_none')
except RuntimeError as e:
    lines = str(e).split('\\n')
    result = [lines[:2], [l.rsplit('/', 1)[-1] for l in lines[2:]]]
'''),
    ('libinfo_no_such_lib', "mx.libinfo.find_lib_path('libgolden_not_there')"),
    ('libinfo_no_such_lib_message', '''
import os
saved = os.environ.pop('LD_LIBRARY_PATH', None)
try:
    mx.libinfo.find_lib_path('libgolden_not_there')
except RuntimeError as e:
    lines = str(e).split('\\n')
    result = [lines[:2], [l.rsplit('/', 1)[-1] for l in lines[2:]]]
finally:
    if saved is not None:
        os.environ['LD_LIBRARY_PATH'] = saved
'''),
    ('libinfo_env_paths', '''
import os
lib = os.path.join(tmpdir, 'libmine.so')
conf = os.path.join(tmpdir, 'my.conf')
for p in (lib, conf):
    open(p, 'w').close()
os.environ.update(MXNET_LIBRARY_PATH=lib, MXNET_INCLUDE_PATH=tmpdir, MXNET_CONF_PATH=conf)
try:
    result = [mx.libinfo.find_lib_path() == [lib], mx.libinfo.find_lib_path('other') == [lib],
              mx.libinfo.find_include_path() == tmpdir, mx.libinfo.find_conf_path() == conf]
finally:
    for k in ('MXNET_LIBRARY_PATH', 'MXNET_INCLUDE_PATH', 'MXNET_CONF_PATH'):
        del os.environ[k]
'''),
    ('libinfo_env_missing_conf_warns', _ROOT_LINES + '''
import os
os.environ['MXNET_CONF_PATH'] = os.path.join(tmpdir, 'absent.conf')
def probe():
    try:
        return mx.libinfo.find_conf_path()
    except RuntimeError as e:
        return 'RuntimeError'
try:
    value, lines = root_lines(probe)
finally:
    del os.environ['MXNET_CONF_PATH']
result = [value, [l.replace(tmpdir, 'TMP') for l in lines]]
'''),
    ('libinfo_env_relative_conf_warns', _ROOT_LINES + '''
import os
cwd = os.getcwd()
os.chdir(tmpdir)
open('rel.conf', 'w').close()
os.environ['MXNET_CONF_PATH'] = 'rel.conf'
def probe():
    try:
        return mx.libinfo.find_conf_path()
    except RuntimeError as e:
        return 'RuntimeError'
try:
    value, lines = root_lines(probe)
finally:
    del os.environ['MXNET_CONF_PATH']
    os.chdir(cwd)
result = [value, lines]
'''),

    # ---- mx.library ----
    ('library_missing_file', "mx.library.load('/golden/no/such/lib.so')"),
    ('library_missing_file_message', '''
try:
    mx.library.load('/golden/no/such/lib.so', verbose=False)
except mx.MXNetError as e:
    result = str(e)
'''),
    ('library_relative_path_message', '''
import os
cwd = os.getcwd()
os.chdir(tmpdir)
open('librel.so', 'w').close()
try:
    mx.library.load('librel.so')
except mx.MXNetError as e:
    result = str(e)
finally:
    os.chdir(cwd)
'''),
    ('library_not_a_library_message', '''
import os
p = os.path.join(tmpdir, 'notes.txt')
open(p, 'w').close()
try:
    mx.library.load(p)
except mx.MXNetError as e:
    result = str(e).replace(tmpdir, 'TMP')
'''),
    ('library_so_file_refused', '''
import os
p = os.path.join(tmpdir, 'libempty.so')
open(p, 'w').close()
try:
    mx.library.load(p)
except mx.MXNetError as e:
    result = ["Error loading library: '" + p + "'" in str(e), type(e).__name__]
'''),

    # ---- mx.rtc ----
    ('rtc_module_refused', "mx.rtc.CudaModule('extern \"C\" __global__ void k(float *x) {}')"),
    ('rtc_module_refused_options', "mx.rtc.CudaModule('src', options='-O3', exports=['k'])"),
    ('rtc_names', "sorted(n for n in ('CudaModule', 'CudaKernel') if hasattr(mx.rtc, n))"),

    # ---- mx.tvmop ----
    ('tvmop_features', "[mx.tvmop.Features is mx.runtime.Features, mx.tvmop.Features().is_enabled('TVM_OP')]"),

    # ---- mx.space ----
    ('space_round_trip', _MOD + '''
sp = mod('space')
cfg = sp.ConfigSpace.from_json_dict({'e': [['tile', 'ot', 4], [7, 'ot', 'x']],
                                     's': [['tile', 'ot', [1, 2, 4, 8]], ['unroll', 'ot', [True, False]], [3, 'ot', ['a', 'b', 'c']]]})
spaces = sp.ConfigSpaces()
spaces['dot'] = cfg
spaces['add'] = sp.ConfigSpace.from_json_dict({'e': [], 's': []})
back = sp.ConfigSpaces.from_json_dict(spaces.to_json_dict())
result = [len(cfg), repr(cfg), cfg.to_json_dict(), len(spaces), repr(spaces), back.to_json_dict(), list(cfg.space_map),
          list(cfg._entity_map), repr(cfg._entity_map['tile']), repr(cfg.space_map['tile']), len(cfg.space_map['unroll'])]
'''),
    ('space_other_option', _MOD + '''
sp = mod('space')
s = sp.OtherOptionSpace([3, 'y', None])
class T:
    pass
t = T()
t.entities = [sp.OtherOptionEntity(5), sp.OtherOptionEntity(6)]
e = T()
e.val = 'v'
result = [repr(s), len(s), repr(sp.OtherOptionSpace.from_tvm(t)), repr(sp.OtherOptionEntity.from_tvm(e)),
          type(s.entities[0]).__name__]
'''),
    ('space_bad_knob', _MOD + "mod('space').ConfigSpace.from_json_dict({'e': [['a', 'sp', 1]], 's': []})"),
    ('space_bad_knob_message', _MOD + '''
try:
    mod('space').ConfigSpace.from_json_dict({'e': [], 's': [['a', 'xx', [1]]]})
except RuntimeError as e:
    result = str(e)
'''),
    ('space_empty', _MOD + "sp = mod('space')\nresult = [repr(sp.ConfigSpaces()), len(sp.ConfigSpace({}, {})), repr(sp.ConfigSpace({}, {}))]"),

    # ---- mx.ndarray_doc / mx.symbol_doc ----
    ('ndarray_doc_build', "mx.ndarray_doc._build_doc('golden_op', *" + _DOC_ARGS + ")"),
    ('ndarray_doc_build_vararg', "mx.ndarray_doc._build_doc('golden_op', *" + _DOC_ARGS + ", key_var_num_args='num_args', ret_type='NDArray')"),
    ('symbol_doc_build', "mx.symbol_doc._build_doc('golden_op', *" + _DOC_ARGS + ")"),
    ('symbol_doc_build_vararg', "mx.symbol_doc._build_doc('golden_op', *" + _DOC_ARGS + ", key_var_num_args='num_args')"),
    ('doc_classes', "[sorted(c.__name__ for c in mx.ndarray_doc.NDArrayDoc.__subclasses__()), "
                    "sorted(c.__name__ for c in mx.symbol_doc.SymbolDoc.__subclasses__())]"),
    ('doc_examples_appended', '''
result = []
for m, op in ((mx.ndarray_doc, 'Reshape'), (mx.ndarray_doc, 'Stack'), (mx.symbol_doc, 'FullyConnected'), (mx.symbol_doc, 'Concat')):
    full = m._build_doc(op, 'D.', ['x'], ['int'], [''])
    plain = m._build_doc('NoDocClass', 'D.', ['x'], ['int'], [''])
    result.append([full.startswith(plain), len(full) > len(plain) + 20, 'Example' in full[len(plain):]])
'''),
    ('symbol_doc_output_shape', "mx.symbol_doc.SymbolDoc.get_output_shape(mx.sym.FullyConnected(mx.sym.var('x'), num_hidden=4, name='fc'), x=(2, 3))"),
    ('symbol_doc_output_shape_two', "mx.symbol_doc.SymbolDoc.get_output_shape(mx.sym.SliceChannel(mx.sym.var('x'), num_outputs=2, name='sl'), x=(4, 6))"),

    # ---- mx.numpy_op_fallback ----
    ('fallback_resize', _FALLBACK + "result = [F.resize_fallback(mx.np.array([[1, 2], [3, 4]]), new_shape='(3, 3)'), "
                                    "F.resize_fallback(mx.np.array([1, 2, 3]), new_shape='5'), "
                                    "F.resize_fallback(mx.np.array([1, 2, 3], dtype='int32'), new_shape='(2, 2)')]"),
    ('fallback_unravel', _FALLBACK + "result = [F.unravel_index_fallback(mx.np.array([1, 5, 4], dtype='int64'), shape='(2, 3)'), "
                                     "F.unravel_index_fallback(mx.np.array([7, 2], dtype='int32'), shape='(2, 2, 2)'), "
                                     "F.unravel_index_fallback(mx.np.array([3], dtype='int64'), shape='4')]"),
    ('fallback_empty_like', _FALLBACK + '''
a = mx.np.array([[1, 2, 3], [4, 5, 6]])
outs = [F.empty_like_fallback(a, dtype='None', order='C', subok='False', shape='None'),
        F.empty_like_fallback(a, dtype='int32', order='C', subok='False', shape='None'),
        F.empty_like_fallback(a, dtype='float64', order='F', subok='True', shape='None')]
result = [[type(o).__name__, o.shape, str(o.dtype)] for o in outs]
'''),
    ('fallback_mvn_shapes', _FALLBACK + '''
mean, cov = mx.np.array([1., 2.]), mx.np.array([[1., 0.5], [0.5, 2.]])
outs = [F.mvn_fallback(mean, cov), F.mvn_fallback(mean, cov, size='(3,)'), F.mvn_fallback(mean, cov, size='4'),
        F.mvn_fallback(mx.np.zeros((5, 2)), cov, size='(2, 1)'), F.mvn_fallback(mean, mx.np.stack([cov, cov, cov]))]
result = [[type(o).__name__, o.shape, str(o.dtype)] for o in outs]
'''),
    ('fallback_mvn_float16_cov', _FALLBACK + '''
o = F.mvn_fallback(mx.np.array([1., 2.], dtype='float16'), mx.np.array([[1., 0.], [0., 1.]], dtype='float16'))
result = [o.shape, str(o.dtype)]
'''),
    ('fallback_mvn_zero_cov_is_mean', _FALLBACK + '''
o = F.mvn_fallback(mx.np.array([1., -2.]), mx.np.array([[1e-30, 0.], [0., 1e-30]]), size='(3,)')
result = o
''', {'atol': 1e-6}),
    ('fallback_mvn_not_square', _FALLBACK + "F.mvn_fallback(mx.np.array([1., 2.]), mx.np.array([[1., 0.5, 0], [0.5, 2., 0]])).asnumpy()"),
    ('fallback_mvn_length_mismatch', _FALLBACK + "F.mvn_fallback(mx.np.array([1., 2., 3.]), mx.np.eye(2)).asnumpy()"),
    ('fallback_mvn_scalar_mean', _FALLBACK + "F.mvn_fallback(mx.np.array(1.), mx.np.eye(2)).asnumpy()"),
    ('fallback_mvn_vector_cov', _FALLBACK + "F.mvn_fallback(mx.np.array([1.]), mx.np.array([1.])).asnumpy()"),
    ('fallback_duplicate', '''
try:
    @mx.numpy_op_fallback.register('resize_fallback')
    class Again(mx.operator.CustomOpProp):
        pass
except ValueError as e:
    result = str(e).split(' found in ')[0]
mx.numpy_op_fallback.register('resize_fallback', imperative=False, symbolic=False)(mx.numpy_op_fallback.ResizeProp)
'''),
    ('fallback_no_gradient', _FALLBACK + '''
a = mx.np.array([1., 2., 3.])
a.attach_grad()
with autograd.record():
    b = F.resize_fallback(a, new_shape='(4,)')
b.backward()
result = a.grad
'''),
    ('fallback_prop_names', '''
m = mx.numpy_op_fallback
result = [m.ResizeProp('(2,)').list_arguments(), m.Unravel_indexProp('(2, 3)').list_arguments(),
          m.EmptyLikeProp('None', 'C', 'False', 'None').list_arguments(), m.MultivariateNormalProp().list_arguments(),
          m.Unravel_indexProp('(2, 3)').infer_shape([[4]]), m.Unravel_indexProp('5').infer_shape([[2, 3]]),
          m.ResizeProp('7').infer_shape([[2, 2]]), m.EmptyLikeProp('int64', 'C', 'False', '(1,)').infer_type([np.float32]),
          m.MultivariateNormalProp('3').infer_shape([[2], [4, 2, 2]])]
'''),

    # ---- mx.notebook ----
    ('notebook_no_bokeh', "[mx.notebook.bokeh.__name__, hasattr(mx.notebook, 'Bokeh_Failed_To_Import')]"),
    ('notebook_pandas_logger', _PARAM + '''
import importlib
cb = importlib.import_module(mx.__name__ + '.notebook.callback')
log = cb.PandasLogger(batch_size=16, frequent=2)
for nb, right in ((0, True), (1, False), (2, False), (4, True)):
    log.train_cb(param(0, nb, right))
log.eval_cb(param(0, 9, True))
log.epoch_cb()
log.epoch_cb()
df = log.train_df
result = [sorted(df.columns), len(df), [float(v) for v in df['accuracy']], [int(v) for v in df['minibatch_count']],
          [int(v) for v in df['epoch']], type(df['elapsed'][0]).__name__ in ('timedelta', 'Timedelta'),
          len(log.eval_df), sorted(log.eval_df.columns), len(log.epoch_df), sorted(log.epoch_df.columns),
          sorted(log.all_dataframes), sorted(log.callback_args()), log.batch_size, log.frequent,
          all(float(v) > 0 for v in df['records_per_sec'])]
'''),
    ('notebook_pandas_logger_no_metric', _PARAM + '''
import importlib
cb = importlib.import_module(mx.__name__ + '.notebook.callback')
log = cb.PandasLogger(batch_size=4)
log.train_cb(P(2, 50, None, None))
log.train_cb(P(2, 51, None, None))
result = [sorted(log.train_df.columns), len(log.train_df), int(log.train_df['epoch'][0])]
'''),
    ('notebook_args_wrapper', '''
import importlib
cb = importlib.import_module(mx.__name__ + '.notebook.callback')
a, b = cb.PandasLogger(8), cb.PandasLogger(8)
w = cb.args_wrapper(a, b)
result = [sorted(w), [len(w[k]) for k in sorted(w)], type(w).__name__, cb.args_wrapper()]
'''),
    ('notebook_helpers', '''
import importlib
cb = importlib.import_module(mx.__name__ + '.notebook.callback')
x = [1, 2]
cb._extend(x, [9, 9, 3, 4])
result = x
'''),
]
