"""Bad inputs where mxtorch did worse than MXNet 1.9.1 (issue 16).

Values and error types are pinned against the reference in golden/bad_inputs_cases.py (softmax of rows with
infinities, their gradients and losses; autograd.grad with variables MXNet refuses; reductions of empty
arrays; operators given what torch refuses). Here: the words of those errors, which no golden answer
compares, and what MXNet cannot be asked (it reads an index past the end of a record file silently)."""
import json
import os
import re

import numpy as np
import pytest
import torch

import mxtorch as mx
from golden_support import GOLDEN, areas, load_cases, namespace
from mxtorch import autograd, nd
from mxtorch.base import MXNetError
from mxtorch.ndarray import _errors

# torch's words where MXNet speaks of arrays, axes and its own parameter names
TORCH_WORDS = ('Tensor', 'dim=', 'input.numel()', 'mat1', 'mat2', 'expected input[', 'non-singleton dimension',
               'normalized_shape', 'running_mean should', 'Expected reduction dim', 'scalar type')


def _golden_answers(area):
    path = os.path.join(GOLDEN, area + '.json')
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)['cases']


ERROR_CASES = [(area, name, code, answer) for area in areas() for name, code, _ in load_cases(area)
               for answer in [_golden_answers(area).get(name)] if answer and answer['type'] == 'error']


def _raised(code, tmpdir):
    """The exception the case's code raises under mxtorch (None if it raises none), run as test_golden runs
    it."""
    mx.random.seed(0)
    np.random.seed(0)
    ns = namespace(mx, tmpdir)
    with mx.name.NameManager():
        try:
            try:
                compiled = compile(code, '<case>', 'eval')
            except SyntaxError:
                exec(compile(code, '<case>', 'exec'), ns)
            else:
                eval(compiled, ns)
        except Exception as e:  # the error is what this test reads
            return e
    return None


# torch named as such ('torch.float32', 'torch.Size([5, 6])', 'torch.nn'), not inside 'mxtorch'
TORCH_NAME = re.compile(r'(?<![\w.])torch\b')
# messages about the installed torch itself, where naming it is the point
ABOUT_TORCH = {('ndarray_core', 'gpu_without_gpu')}


def _torch_words(message):
    words = [w for w in TORCH_WORDS if w in message]
    return words + ['torch'] if TORCH_NAME.search(message) else words


def test_no_error_of_a_golden_case_speaks_torch(tmp_path):
    assert sum(area == 'bad_inputs' for area, _, _, _ in ERROR_CASES) >= 60
    leaks = []
    for i, (area, name, code, answer) in enumerate(ERROR_CASES):
        if (area, name) in ABOUT_TORCH:
            continue
        where = tmp_path / str(i)
        where.mkdir()
        error = _raised(code, where)
        if error is None:
            continue        # test_golden reports a case that no longer raises
        words = [w for w in _torch_words(str(error)) if w not in answer['message']]
        if words:
            leaks.append('{}:{}: {} in {!r}'.format(area, name, words, str(error)[:300]))
    assert not leaks, '\n'.join(leaks)


@pytest.mark.parametrize('name', sorted(n for n, _, _ in load_cases('bad_inputs') if n.startswith('grad_')))
def test_grad_refuses_a_variable_in_mxnets_words(name, tmp_path):
    answer = _golden_answers('bad_inputs')[name]
    if answer['type'] != 'error':
        pytest.skip('MXNet differentiates this one (the golden test compares the gradients)')
    code = dict((n, c) for n, c, _ in load_cases('bad_inputs'))[name]
    error = _raised(code, tmp_path)
    assert isinstance(error, MXNetError)
    assert str(error).startswith('Cannot differentiate with respect to the ')
    # MXNet's message ends with the same sentence, after its "Check failed: ..." prefix
    assert answer['message'].endswith(str(error))


def test_grad_error_leaves_the_graph_and_the_gradients_alone():
    x = nd.array([1.0, 2.0])
    z = nd.array([3.0, 4.0])
    x.attach_grad()
    z.attach_grad()
    x.grad[:] = 7
    with autograd.record():
        y = (x * x).sum()
    with pytest.raises(MXNetError, match='the 2-th variable because it is unreachable from the outputs'):
        autograd.grad(y, [x, z])
    assert x.grad.asnumpy().tolist() == [7.0, 7.0]
    y.backward()
    assert x.grad.asnumpy().tolist() == [2.0, 4.0]


def test_grad_of_an_integer_variable_says_so():
    i = nd.array([1, 2], dtype='int32')
    i.attach_grad()
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = x * 2
    with pytest.raises(MXNetError, match='the 1-th variable: mxtorch has no gradients of int32 arrays'):
        autograd.grad(y, [i, x])


@pytest.mark.parametrize('call, words', [
    (lambda: nd.max(nd.array(np.zeros((0,)))), ('max', 'empty', '(0,)')),
    (lambda: nd.min(nd.array(np.zeros((2, 0))), axis=1), ('min', 'empty', '(2, 0)', 'axis 1')),
    (lambda: nd.max(nd.array(np.zeros((2, 0))), axis=0, exclude=True), ('max', '(2, 0)', 'exclude=True')),
    (lambda: nd.array(np.zeros((0, 3))).max(axis=0), ('max', '(0, 3)', 'axis 0')),
    (lambda: nd.argmax(nd.array(np.zeros((0,)))), ('argmax', 'empty', '(0,)')),
    (lambda: nd.argmin(nd.array(np.zeros((2, 0))), axis=1), ('argmin', 'axis 1 of size 0', '(2, 0)')),
    (lambda: nd.argmax_channel(nd.array(np.zeros((3, 0)))), ('argmax_channel', 'size 0', '(3, 0)')),
])
def test_reductions_of_empty_arrays_name_the_operator_and_shape(call, words):
    with pytest.raises(MXNetError) as info:
        call()
    message = str(info.value)
    assert message.startswith(words[0] + ':')
    for w in words:
        assert w in message
    assert not _torch_words(message)


def test_empty_reductions_with_an_identity_still_give_it():
    assert nd.sum(nd.array(np.zeros((0,)))).asnumpy().tolist() == [0.0]
    assert nd.prod(nd.array(np.zeros((0, 2))), axis=0).asnumpy().tolist() == [1.0, 1.0]


def _record_files(tmp_path, extra_index_lines):
    idx, rec = str(tmp_path / 'data.idx'), str(tmp_path / 'data.rec')
    writer = mx.recordio.MXIndexedRecordIO(idx, rec, 'w')
    for i in range(3):
        writer.write_idx(i, b'record %d' % i)
    writer.close()
    with open(idx, 'a') as f:
        f.write(extra_index_lines)
    return idx, rec


def test_read_idx_of_an_offset_past_the_end_of_the_file_names_key_and_files(tmp_path):
    size = None
    idx, rec = _record_files(tmp_path, '9\t4096\n')
    size = os.path.getsize(rec)
    reader = mx.recordio.MXIndexedRecordIO(idx, rec, 'r')
    with pytest.raises(MXNetError) as info:
        reader.read_idx(9)
    message = str(info.value)
    for part in ('key 9', 'offset 4096', 'past the end', repr(idx), repr(rec), '({} bytes)'.format(size)):
        assert part in message
    # the reader still works
    assert reader.read_idx(1) == b'record 1'
    assert reader.read_idx(2) == b'record 2'
    reader.close()


def test_read_idx_of_an_offset_at_the_end_of_the_file(tmp_path):
    idx, rec = _record_files(tmp_path, '')
    with open(idx, 'a') as f:
        f.write('7\t{}\n'.format(os.path.getsize(rec)))
    reader = mx.recordio.MXIndexedRecordIO(idx, rec, 'r')
    with pytest.raises(MXNetError, match='key 7 the offset'):
        reader.read_idx(7)
    reader.close()


def test_read_idx_of_a_negative_offset(tmp_path):
    idx, rec = _record_files(tmp_path, '5\t-8\n')
    reader = mx.recordio.MXIndexedRecordIO(idx, rec, 'r')
    with pytest.raises(MXNetError, match='gives key 5 the negative offset -8'):
        reader.read_idx(5)
    assert reader.read_idx(0) == b'record 0'
    reader.close()


def test_softmax_of_finite_rows_is_torchs_own_result():
    # the saturating computation is only for rows with +inf or NaN: elsewhere the values are torch's, bit
    # for bit, and so are those of the finite rows beside a row with +inf (up to rounding)
    data = np.random.RandomState(0).uniform(-3, 3, (4, 5)).astype(np.float32)
    want = torch.softmax(torch.tensor(data), -1).numpy()
    assert np.array_equal(nd.softmax(nd.array(data)).asnumpy(), want)
    with_inf = data.copy()
    with_inf[2, 1] = np.inf
    got = nd.softmax(nd.array(with_inf)).asnumpy()
    np.testing.assert_allclose(got[[0, 1, 3]], want[[0, 1, 3]], rtol=1e-6)
    assert np.isnan(got[2, 1]) and (got[2, [0, 2, 3, 4]] == 0).all()
    log_got = nd.log_softmax(nd.array(with_inf)).asnumpy()
    np.testing.assert_allclose(log_got[[0, 1, 3]], np.log(want[[0, 1, 3]]), rtol=1e-5)
    assert np.isnan(log_got[2, 1]) and (log_got[2, [0, 2, 3, 4]] == -np.inf).all()


@pytest.mark.parametrize('position', [0, 2999, 4999])
def test_a_large_softmax_finds_its_row_with_inf(position):
    # large results are checked along their first position only (ops/nn.py): a +inf anywhere in a row must
    # still make that row NaN there and 0 elsewhere
    data = np.random.RandomState(3).uniform(-1, 1, (3, 5000)).astype(np.float32)
    data[1, position] = np.inf
    for op, rest in ((nd.softmax, 0.0), (nd.log_softmax, -np.inf)):
        got = op(nd.array(data)).asnumpy()
        assert np.isnan(got[1, position]) and (np.delete(got[1], position) == rest).all()
        assert np.isfinite(got[[0, 2]]).all()


def test_gradient_of_finite_rows_beside_a_row_with_inf_is_the_ordinary_one():
    data = np.random.RandomState(1).uniform(-2, 2, (3, 4)).astype(np.float32)
    head = np.random.RandomState(2).uniform(-1, 1, (3, 4)).astype(np.float32)

    def gradient(values, op):
        x = nd.array(values)
        x.attach_grad()
        with autograd.record():
            y = op(x)
        y.backward(nd.array(head))
        return x.grad.asnumpy()

    with_inf = data.copy()
    with_inf[1, 0] = np.inf
    for op in (nd.softmax, nd.log_softmax):
        np.testing.assert_allclose(gradient(with_inf, op)[[0, 2]], gradient(data, op)[[0, 2]], rtol=1e-5,
                                   atol=1e-7)
    # log_softmax: the finite positions of the row get the head gradient itself, the +inf one saturates
    g = gradient(with_inf, nd.log_softmax)[1]
    np.testing.assert_allclose(g[1:], head[1, 1:], rtol=1e-6)
    assert g[0] == (-np.inf if head[1].sum() > 0 else np.inf)


@pytest.mark.parametrize('make, words', [
    # torch's own messages, as torch (the version installed) words them today
    (lambda: torch.ones(2, 3) + torch.ones(4, 5), ('cannot be broadcast', 'size 3 against size 5', 'axis 1')),
    (lambda: torch.ones(2, 2).expand(2, 3), ('cannot broadcast an array of shape (2, 2) to (2, 3)',)),
    (lambda: torch.ones(2, 3) @ torch.ones(4, 5), ('(2, 3) matrix by a (4, 5) matrix', '3 columns against 4')),
    (lambda: torch.mm(torch.ones(2, 2), torch.ones(2, 2, dtype=torch.float64)), ('float32 and float64',)),
    (lambda: torch.nn.functional.linear(torch.ones(2, 3), torch.ones(4, 3), torch.ones(4, dtype=torch.float64)),
     ('same dtype', 'float64 and float32')),
    (lambda: torch.ones(2).index_put_((torch.tensor([0]),), torch.ones(1, dtype=torch.float64)),
     ('value has dtype float64', 'dtype float32')),
    (lambda: torch.add(torch.ones(2), torch.ones(2), out=torch.ones(2, dtype=torch.long)),
     ('dtype float32 cannot be written into an array of dtype int64',)),
    (lambda: torch.mm(torch.ones(2, 2, dtype=torch.bool), torch.ones(2, 2, dtype=torch.bool)), ('bool arrays',)),
    (lambda: torch.ones(2, 3).reshape(4, 2), ('cannot reshape an array of 6 elements into shape (4, 2)',)),
    (lambda: torch.ones(0).reshape(0, -1), ('cannot infer the -1 in shape (0, -1)',)),
    (lambda: torch.ones(2).repeat(-2), ('negative dimension (-4)',)),
    (lambda: torch.nn.functional.conv2d(torch.ones(1, 2, 5, 5), torch.ones(4, 3, 3, 3)),
     ('data of shape (1, 2, 5, 5) has 2 channels', 'weight of shape (4, 3, 3, 3) (num_group=1) needs 3')),
    (lambda: torch.nn.functional.conv2d(torch.ones(1, 3, 2, 2), torch.ones(4, 3, 3, 3)),
     ('kernel (3, 3) is larger than the (padded) data (2, 2)',)),
    (lambda: torch.nn.functional.conv2d(torch.ones(1, 3, 5, 5), torch.ones(4, 3, 3, 3), torch.ones(5)),
     ('bias of shape (5,) must have 4 elements',)),
    (lambda: torch.nn.functional.max_pool2d(torch.ones(1, 1, 2, 2), 3), ('kernel does not fit',)),
    (lambda: torch.batch_norm(torch.ones(2, 3), None, None, torch.ones(2), torch.ones(3), False, 0.1, 1e-5, True),
     ('moving_mean must have 3 elements', 'got 2')),
    (lambda: torch.ones(2, 3).sum(5), ('axis 5 is out of bounds for an array with 2 dimension(s)',)),
    (lambda: torch.nn.functional.embedding(torch.tensor([5]), torch.ones(3, 2)), ('index is out of range',)),
    (lambda: torch.ones(0)[0], ('index 0 is out of bounds for axis 0 of size 0',)),
    (lambda: torch.ones(2, device='meta') + torch.ones(2), ('an array on cpu(0) where meta(0) was expected',)),
    (lambda: torch.gru_cell(torch.ones(2, 3), torch.ones(2, 3), 1, 1), ('must be an NDArray is int',)),
])
def test_translate_says_torchs_messages_in_mxnets_terms(make, words):
    with pytest.raises((RuntimeError, IndexError, TypeError)) as info:
        make()
    said = _errors.translate(str(info.value))
    for w in words:
        assert w in said, (said, str(info.value))
    assert not _torch_words(said) and 'tensor' not in said, said


def test_translate_knows_torchs_device_mismatch_messages():
    # worded so by torch on CUDA machines
    for message, context in [
            ('Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!',
             'gpu(0) and cpu(0)'),
            ('Expected all tensors to be on the same device, but got mat2 is on cpu, different from other tensors '
             'on cuda:0 (when checking argument in method wrapper_CUDA_mm)', 'gpu(0) and cpu(0)')]:
        said = _errors.translate(message)
        assert said == 'the arrays are on different contexts, ' + context


def test_unknown_torch_messages_keep_their_words_but_say_array():
    assert _errors.translate('some new Tensor message about 2 tensors') == 'some new array message about 2 arrays'


def test_only_torchs_index_errors_become_mxnet_errors():
    # mxtorch's and Python's own IndexErrors pass on as they are
    x = nd.array(np.arange(6.0).reshape(2, 3))
    with pytest.raises(MXNetError, match='sort: axis 5 is out of bounds'):
        nd.sort(x, axis=5)
    with pytest.raises(IndexError) as info:
        nd.gather_nd(x, nd.array([[5.0], [7.0]]))
    assert type(info.value) is IndexError
    assert not _errors.torch_index_error(IndexError('gather_nd: index out of bounds for axis 0 with size 3'))
    assert _errors.torch_index_error(IndexError('Dimension out of range (expected to be in range of [-1, 0], '
                                                'but got 3)'))


@pytest.mark.parametrize('name', sorted(n for n, _, _ in load_cases('bad_inputs') if n.startswith('autograd_')))
def test_autograd_refusals_in_mxnets_words(name, tmp_path):
    answer = _golden_answers('bad_inputs')[name]
    if answer['type'] != 'error':
        pytest.skip('MXNet answers this one (the golden test compares the values)')
    error = _raised(dict((n, c) for n, c, _ in load_cases('bad_inputs'))[name], tmp_path)
    assert type(error).__name__ == answer['error']
    if name == 'autograd_grad_variable_twice':
        # MXNet's is an internal check ("Check failed: nodeEntry.node"): mxtorch names the repetition
        assert str(error) == ('Cannot differentiate with respect to the 3-th variable: it is the 1-th variable '
                              'again; give each variable once')
    else:
        # the golden file keeps the first part of MXNet's message, after its "Check failed: ..." prefix
        assert str(error) and str(error)[:100] in answer['message']


@pytest.mark.parametrize('make, words', [
    # reductions without an identity of empty arrays
    (lambda: torch.zeros(0).max(), ('empty array has no maximum or minimum',)),
    (lambda: torch.zeros(0).amin(), ('empty array has no maximum or minimum',)),
    (lambda: torch.zeros(2, 0).argmax(1), ('axis 1 has size 0',)),
    (lambda: torch.zeros(2, 0).amax(1), ('axis 1 has size 0',)),
    (lambda: torch.aminmax(torch.zeros(0)), ('empty axis has no minimum or maximum',)),
    (lambda: torch.quantile(torch.zeros(0), 0.5), ('empty array has no quantiles',)),
    (lambda: torch.topk(torch.zeros(2, 3), 5), ('k is larger than the size of the axis',)),
    (lambda: torch.zeros(2, dtype=torch.bool).argmax(), ('not implemented for bool arrays',)),
    (lambda: torch.zeros(2, 2, dtype=torch.int32).mean(), ('needs a floating-point array, got int32',)),
    # an NDArray where a number, a shape or a flag is expected
    (lambda: torch.diagonal(torch.zeros(2, 2), torch.zeros(2)), ('must be an int is an NDArray',)),
    (lambda: torch.zeros((2, torch.zeros(2))), ('a shape must be a tuple of ints', 'an NDArray')),
    (lambda: torch.zeros(3).reshape((1, torch.zeros(2))), ('a shape must be a tuple of ints',)),
    (lambda: torch.zeros(2, 3).sort(dim=torch.zeros(2)), ('types the operator cannot take (an NDArray)',)),
    (lambda: float(torch.zeros(2)), ('an array was given where a number is expected',)),
    (lambda: torch.zeros(2).item(), ('an array of 2 elements was given where a number is expected',)),
    (lambda: torch.tensor([1, 2]).__index__(), ('where an integer (an axis, a count, an index) is expected',)),
    # joining, permuting, broadcasting
    (lambda: torch.cat([torch.zeros(2, 3), torch.zeros(2)]), ('same number of dimensions, got 2 and 1',)),
    (lambda: torch.cat([torch.zeros(2, 3), torch.zeros(4, 5)]), ('same shape except on axis 0', 'size 5')),
    (lambda: torch.stack([torch.zeros(2, 3), torch.zeros(4, 5)]), ('same shape, got (2, 3) (array 0) and (4, 5)',)),
    (lambda: torch.zeros(2, 3).permute(0), ('axes of length 1 do not permute an array of 2 dimensions',)),
    (lambda: torch.randn(2, 3).sum(dim=(0, 0)), ('axis 0 is given more than once',)),
    (lambda: torch.zeros(2, 3).expand(3), ('cannot broadcast an array of shape (2, 3) to (3,)',)),
    (lambda: torch.zeros(1).add_(torch.zeros(1, 1, 1, 1)), ('result of shape (1,)', '(1, 1, 1, 1)')),
    (lambda: torch.bmm(torch.zeros(2, 3, 4), torch.zeros(2, 5, 6)), ('begin with shape (2, 4), got (2, 5)',)),
    (lambda: torch.matmul(torch.zeros(3), torch.zeros(4)), ('shapes (3,) and (4,)', 'got 3 and 4')),
    (lambda: torch.zeros(2, 3).t().view(6), ('cannot be viewed in that shape',)),
    # index and mask dtypes
    (lambda: torch.zeros(2, 3).gather(1, torch.zeros(2, 3)), ('indices must be an integer array',)),
    (lambda: torch.zeros(2, 3).masked_fill(torch.zeros(2, 3), 1.0), ('mask must be a bool array, got float32',)),
    (lambda: torch.where(torch.zeros(2), torch.zeros(2), torch.zeros(2)), ('condition must be a bool array',)),
    (lambda: torch.nn.functional.one_hot(torch.zeros(2), 3), ('indices must be an int64 array',)),
    (lambda: torch.nn.functional.embedding(torch.zeros(2), torch.zeros(3, 2)),
     ('indices must have dtype int64 or int32, got float32',)),
    # layers
    (lambda: torch.nn.functional.conv1d(torch.zeros(1, 2), torch.zeros(1, 1, 1, 1)),
     ('data of shape (1, 1, 2) has 3 dimensions', 'weight of shape (1, 1, 1, 1) needs data of 4')),
    (lambda: torch.nn.functional.max_pool2d(torch.zeros(3), 1), ('non-empty array of 3 or 4 dimensions',)),
    (lambda: torch.nn.functional.max_pool1d(torch.zeros(1, 1, 0), 1), ('empty only along the batch axis',)),
    (lambda: torch.nn.functional.adaptive_max_pool1d(torch.zeros(1, 1, 0), 1), ('empty along axis 2',)),
    (lambda: torch.nn.functional.group_norm(torch.zeros(2, 3), 2), ('cannot be divided into num_groups=2',)),
    (lambda: torch.nn.functional.layer_norm(torch.zeros(2, 3), (4,)), ('data of shape (2, 3)', 'gamma and beta')),
    (lambda: torch.histogram(torch.zeros(3), torch.zeros(2, 2)), ('bins given as an array must have 1 dimension',)),
])
def test_translate_more_of_torchs_messages(make, words):
    with pytest.raises((RuntimeError, IndexError, TypeError, ValueError)) as info:
        make()
    said = _errors.translate(str(info.value))
    for w in words:
        assert w in said, (said, str(info.value))
    assert not _torch_words(said) and 'tensor' not in said.lower().replace('mxtorch', ''), said
    # torch's function name in front of its message gives way to the operator's
    assert not re.match(r'[\w.]+\(\w*\): ', said), said


def test_np_searches_of_empty_arrays_name_operator_and_shape():
    mx.npx.set_np()
    try:
        with pytest.raises(MXNetError, match=r'^argmax: attempt to search an empty sequence \(a of shape \(0, 2\)\)'):
            mx.np.argmax(mx.np.zeros((0, 2)))
        with pytest.raises(MXNetError, match=r'^argmin: cannot search axis 1 of size 0 \(a of shape \(2, 0\)\)'):
            mx.np.argmin(mx.np.zeros((2, 0)), axis=1)
        # an empty axis that is not searched is no error
        assert mx.np.argmax(mx.np.zeros((2, 0)), axis=0).shape == (0,)
        with pytest.raises(MXNetError, match='percentile: an empty array has no quantiles'):
            mx.np.percentile(mx.np.zeros((0,)), 50)
    finally:
        mx.npx.reset_np()


def test_softmax_cross_entropy_floors_the_label_probability_at_1e_8():
    # mathematics: -log(max(p, 1e-8)) per row, gradient softmax - one_hot whatever the floor
    data = np.array([[0.0, 30.0, 1.0], [2.0, 1.0, 0.0]], np.float32)
    x = nd.array(data)
    x.attach_grad()
    with autograd.record():
        y = nd.softmax_cross_entropy(x, nd.array([0, 1]))
    y.backward()
    p = np.exp(data - data.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    want = -np.log(max(p[0, 0], 1e-8)) - np.log(p[1, 1])
    np.testing.assert_allclose(y.asnumpy(), [want], rtol=1e-5)
    onehot = np.eye(3, dtype=np.float32)[[0, 1]]
    np.testing.assert_allclose(x.grad.asnumpy(), p - onehot, rtol=1e-5, atol=1e-7)


def test_read_idx_of_a_truncated_record_names_key_offset_and_files(tmp_path):
    idx, rec = str(tmp_path / 'data.idx'), str(tmp_path / 'data.rec')
    writer = mx.recordio.MXIndexedRecordIO(idx, rec, 'w')
    for i in range(3):
        writer.write_idx(i, b'record number %d ' % i * 5)
    offsets = {}
    writer.close()
    with open(idx) as f:
        for line in f:
            key, offset = line.split('\t')
            offsets[int(key)] = int(offset)
    size = os.path.getsize(rec)
    with open(rec, 'r+b') as f:
        f.truncate(size - 20)
    reader = mx.recordio.MXIndexedRecordIO(idx, rec, 'r')
    with pytest.raises(MXNetError) as info:
        reader.read_idx(2)
    message = str(info.value)
    length = len(b'record number 2 ' * 5)
    for part in ('read_idx: key 2', 'offset {}'.format(offsets[2]), repr(idx), repr(rec), 'truncated record',
                 'has {} bytes, {} of them in the file'.format(length, size - 20 - offsets[2] - 8)):
        assert part in message, message
    # the good records read as they were written
    assert reader.read_idx(0) == b'record number 0 ' * 5
    assert reader.read_idx(1) == b'record number 1 ' * 5
    reader.close()


def test_read_idx_of_an_offset_inside_a_record(tmp_path):
    idx, rec = _record_files(tmp_path, '8\t4\n')
    reader = mx.recordio.MXIndexedRecordIO(idx, rec, 'r')
    with pytest.raises(MXNetError) as info:
        reader.read_idx(8)
    for part in ('read_idx: key 8', repr(idx), repr(rec), 'no record starts at offset 4'):
        assert part in str(info.value)
    assert reader.read_idx(2) == b'record 2'
    reader.close()
