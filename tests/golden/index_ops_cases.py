"""Indexing operators of mx.nd (take, pick, one_hot, gather_nd, scatter_nd, batch_take, where, contrib
boolean_mask/index_copy/index_array/arange_like, choose/fill_element_0index) and the sequence operators."""
A = "nd.array([[1., 2, 3], [4, 5, 6]])"
X = "nd.array(np.arange(24).reshape(4, 2, 3))"


def _grad(setup, expr, *names):
    """Code computing `expr` under record, backward with a fixed head; result: [out, grads...]."""
    lines = [setup] + [n + '.attach_grad()' for n in names]
    lines.append('with autograd.record():\n    out = ' + expr)
    lines.append('out.backward(nd.array(np.random.RandomState(1).uniform(0.5, 1.5, out.shape), dtype=out.dtype))')
    lines.append('result = [out] + [v.grad for v in (' + ', '.join(names) + ',)]')
    return '\n'.join(lines)


CASES = [
    # take
    ('take_clip_truncate', "nd.take(" + A + ", nd.array([0, 1.7, 5, -1, -0.5]))"),
    ('take_axis1_2d_index', "nd.take(" + A + ", nd.array([[0, 2], [-1, 4]]), axis=1)"),
    ('take_axis_negative', "nd.take(" + A + ", nd.array([0, 1]), axis=-1)"),
    ('take_wrap', "nd.take(" + A + ", nd.array([0, 3, -1, -1.5, 2.5, -4]), mode='wrap')"),
    ('take_raise_ok', "nd.take(" + A + ", nd.array([1, 0]), mode='raise')"),
    ('take_raise_high', "nd.take(" + A + ", nd.array([0, 3]), mode='raise')"),
    ('take_raise_negative', "nd.take(" + A + ", nd.array([0, -1]), mode='raise')"),
    ('take_int_index', "nd.take(" + A + ", nd.array([0, 1], dtype='int32'))"),
    ('take_int_data', "nd.take(" + A + ".astype('int32'), nd.array([1, 0]))"),
    ('take_3d', "nd.take(" + X + ", nd.array([[2, 0], [1, 1]]), axis=1)"),
    ('take_bad_axis', "nd.take(" + A + ", nd.array([0, 1]), axis=2)"),
    ('take_bad_mode', "nd.take(" + A + ", nd.array([0, 1]), mode='foo')"),
    ('take_method', A + ".take(nd.array([1]))"),
    ('take_grad_repeats', _grad("a = " + A, "nd.take(a, nd.array([1, 1, 0, 7]))", 'a')),
    ('take_grad_axis1', _grad("a = " + A, "nd.take(a, nd.array([[2, 2], [0, 1]]), axis=1)", 'a')),
    # pick
    ('pick', "nd.pick(" + A + ", nd.array([0, 2.7]))"),
    ('pick_clip', "nd.pick(" + A + ", nd.array([5, -1]))"),
    ('pick_wrap', "nd.pick(" + A + ", nd.array([5, -1]), mode='wrap')"),
    ('pick_axis0', "nd.pick(" + A + ", nd.array([1, 0, 1]), axis=0)"),
    ('pick_keepdims', "nd.pick(" + A + ", nd.array([1, 0, 1]), axis=0, keepdims=True)"),
    ('pick_index_kept_axis', "nd.pick(" + A + ", nd.array([[1], [0]]), axis=1)"),
    ('pick_3d', "nd.pick(" + X + ", nd.array([[0, 1, 2], [1, 1, 0], [2, 0, 0], [1, 1, 1]]), axis=1)"),
    ('pick_axis_none', "nd.pick(" + A + ", nd.array([1, 0]), axis=None)"),
    ('pick_shape_error', "nd.pick(" + A + ", nd.array([1, 0, 1]))"),
    ('pick_raise_mode_error', "nd.pick(" + A + ", nd.array([1, 0]), mode='raise')"),
    ('pick_method', A + ".pick(nd.array([1, 0]))"),
    ('pick_int_data', "nd.pick(" + A + ".astype('int32'), nd.array([1, 0]))"),
    ('pick_grad', _grad("a = " + A, "nd.pick(a, nd.array([2, 0]))", 'a')),
    ('choose_element_0index', "nd.choose_element_0index(" + A + ", nd.array([1, 0]))"),
    ('fill_element_0index', "nd.fill_element_0index(" + A + ", nd.array([7, 8]), nd.array([1, 0]))"),
    ('fill_element_0index_out_of_range', "nd.fill_element_0index(" + A + ", nd.array([7, 8]), nd.array([5, -1]))"),
    # one_hot
    ('one_hot', "nd.one_hot(nd.array([0, 2, 5, -1, 1.7]), 3)"),
    ('one_hot_values_int', "nd.one_hot(nd.array([[0, 2]]), 3, on_value=5, off_value=-1, dtype='int32')"),
    ('one_hot_float16', "nd.one_hot(nd.array([0, 2]), depth=3, dtype='float16')"),
    ('one_hot_method', "nd.array([0, 2]).one_hot(3)"),
    ('one_hot_depth0', "nd.one_hot(nd.array([0, 2]), 0)"),
    ('one_hot_truncated_on', "nd.one_hot(nd.array([0, 2]), 3, on_value=2.7, dtype='int32')"),
    # gather_nd / scatter_nd
    ('gather_nd', "nd.gather_nd(" + A + ", nd.array([[1, 0], [2, -1]]))"),
    ('gather_nd_rows', "nd.gather_nd(" + A + ", nd.array([[1, 0]]))"),
    ('gather_nd_3d', "nd.gather_nd(" + X + ", nd.array([[[3, 0], [1, 1]], [[1, 0], [0, 1]]]))"),
    ('gather_nd_too_many', "nd.gather_nd(" + A + ", nd.array([[1, 0], [2, 1], [0, 0]]))"),
    ('gather_nd_1d_index', "nd.gather_nd(" + A + ", nd.array([1, 0]))"),
    ('gather_nd_out_of_bounds', "nd.gather_nd(" + A + ", nd.array([[3, 0], [5, 1]]))"),
    ('gather_nd_grad', _grad("a = " + A, "nd.gather_nd(a, nd.array([[1, 1, 0], [2, 2, 0]]))", 'a')),
    ('scatter_nd', "nd.scatter_nd(nd.array([7., 8]), nd.array([[1, 0], [2, 1]]), shape=(2, 3))"),
    ('scatter_nd_rows', "nd.scatter_nd(nd.array([[7., 8, 9]]), nd.array([[1]]), shape=(2, 3))"),
    ('scatter_nd_grad', _grad("d = nd.array([7., 8, 9])", "nd.scatter_nd(d, nd.array([[1, 0, 1], [2, 1, 0]]), "
                              "shape=(2, 3))", 'd')),
    # batch_take, where, contrib
    ('batch_take', "nd.batch_take(" + A + ", nd.array([2, 0], dtype='int32'))"),
    ('batch_take_clip', "nd.batch_take(" + A + ", nd.array([5, -1], dtype='int32'))"),
    ('batch_take_float_index', "nd.batch_take(" + A + ", nd.array([2, 0]))"),
    ('batch_take_size_error', "nd.batch_take(" + A + ", nd.array([1, 0, 1], dtype='int32'))"),
    ('where', "nd.where(nd.array([[1, 0, 2], [0, 0, 1]]), " + A + ", -" + A + ")"),
    ('where_rows', "nd.where(nd.array([1, 0]), " + A + ", -" + A + ")"),
    ('where_int_condition', "nd.where(nd.array([1, 0], dtype='int32'), " + A + ", -" + A + ")"),
    ('where_rows_error', "nd.where(nd.array([1, 0, 1]), " + A + ", -" + A + ")"),
    ('where_scalar_error', "nd.where(nd.array([1., 0]), nd.array([1, 2]), 5)", {'errors': ('TypeError',)}),
    ('where_grad', _grad("x = " + A + "\ny = " + A + " * 10", "nd.where(nd.array([[1, 0, 2], [0, 0, 1]]), x, y)",
                         'x', 'y')),
    ('boolean_mask', "nd.contrib.boolean_mask(" + A + ", nd.array([0, 1]))"),
    ('boolean_mask_empty', "nd.contrib.boolean_mask(" + A + ", nd.array([0, 0]))"),
    ('boolean_mask_axis_error', "nd.contrib.boolean_mask(" + A + ", nd.array([1, 0, 1]), axis=1)"),
    ('boolean_mask_size_error', "nd.contrib.boolean_mask(" + A + ", nd.array([1, 0, 1]))"),
    ('boolean_mask_grad', _grad("a = " + X, "nd.contrib.boolean_mask(a, nd.array([1, 0, 0, 1]))", 'a')),
    ('index_copy', "nd.contrib.index_copy(" + A + ", nd.array([1]), nd.array([[7, 8, 9]]))"),
    ('index_copy_int64', "nd.contrib.index_copy(" + A + ", nd.array([1, 0], dtype='int64'), "
                         "nd.array([[7, 8, 9], [0, 0, 0]]))"),
    ('index_copy_grad', _grad("a = " + A + "\nb = nd.array([[7., 8, 9]])",
                              "nd.contrib.index_copy(a, nd.array([1]), b)", 'a', 'b')),
    ('index_array', "nd.contrib.index_array(" + A + ")"),
    ('index_array_axes', "nd.contrib.index_array(" + A + ", axes=(1,))"),
    ('index_array_axes_negative', "nd.contrib.index_array(" + A + ", axes=(-1, 0))"),
    ('arange_like', "nd.contrib.arange_like(" + A + ")"),
    ('arange_like_axis', "nd.contrib.arange_like(" + A + ", start=1, step=2, axis=1)"),
    ('arange_like_repeat_axis', "nd.contrib.arange_like(" + A + ", repeat=2, axis=-1)"),
    ('arange_like_repeat', "nd.contrib.arange_like(" + A + ", repeat=4)"),
    ('arange_like_int', "nd.contrib.arange_like(" + A + ".astype('int32'), start=0.5)"),
    # sequence operators
    ('sequence_mask', "nd.SequenceMask(" + X + ", nd.array([2, 3]), use_sequence_length=True, value=-1)"),
    ('sequence_mask_off', "nd.SequenceMask(" + X + ")"),
    ('sequence_mask_length_without_flag', "nd.SequenceMask(" + X + ", nd.array([2, 3]))"),
    ('sequence_mask_axis1', "nd.SequenceMask(" + X + ", nd.array([1, 2, 0, 4]), use_sequence_length=True, axis=1)"),
    ('sequence_mask_truncate', "nd.SequenceMask(" + X + ", nd.array([1.7, 9]), use_sequence_length=True)"),
    ('sequence_mask_length_shape', "nd.SequenceMask(" + X + ", nd.array([1, 2, 3]), use_sequence_length=True)"),
    ('sequence_mask_axis2', "nd.SequenceMask(" + X + ", nd.array([1, 2]), use_sequence_length=True, axis=2)"),
    ('sequence_mask_2d', "nd.SequenceMask(nd.array(np.arange(6).reshape(3, 2)), nd.array([1, 2]), "
                         "use_sequence_length=True)"),
    ('sequence_mask_int', "nd.SequenceMask(" + X + ".astype('int32'), nd.array([1, 2], dtype='int32'), "
                          "use_sequence_length='True', value=-2.5)"),
    ('sequence_mask_1d_error', "nd.SequenceMask(nd.array([1., 2]), nd.array([1]), use_sequence_length=True)"),
    ('sequence_mask_grad', _grad("x = " + X, "nd.SequenceMask(x, nd.array([2, 3]), use_sequence_length=True)", 'x')),
    ('sequence_last', "nd.SequenceLast(" + X + ", nd.array([2, 3]), use_sequence_length=True)"),
    ('sequence_last_off', "nd.SequenceLast(" + X + ")"),
    ('sequence_last_axis1', "nd.SequenceLast(" + X + ", nd.array([1, 2, 1, 2]), use_sequence_length=True, axis=1)"),
    ('sequence_last_2d', "nd.SequenceLast(nd.array(np.arange(6).reshape(3, 2)), nd.array([1, 2]), "
                         "use_sequence_length=True)"),
    ('sequence_last_axis_error', "nd.SequenceLast(" + X + ", nd.array([1, 2]), use_sequence_length=True, axis=-1)"),
    ('sequence_last_grad', _grad("x = " + X, "nd.SequenceLast(x, nd.array([2, 3]), use_sequence_length=True)", 'x')),
    ('sequence_reverse', "nd.SequenceReverse(" + X + ", nd.array([2, 3]), use_sequence_length=True)"),
    ('sequence_reverse_off', "nd.SequenceReverse(" + X + ")"),
    ('sequence_reverse_zero_length', "nd.SequenceReverse(" + X + ", nd.array([0, 4]), use_sequence_length=True)"),
    ('sequence_reverse_axis1_error', "nd.SequenceReverse(" + X + ", nd.array([1, 2, 0, 4]), use_sequence_length=True, "
                                     "axis=1)"),
    ('sequence_reverse_grad', _grad("x = " + X, "nd.SequenceReverse(x, nd.array([2, 3]), use_sequence_length=True)",
                                    'x')),
]
