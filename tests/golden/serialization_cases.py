"""nd.save / nd.load: the files MXNet writes (kept, and compared byte for byte), what loading them gives,
and the errors of bad arguments and bad data."""
F = "tmpdir + '/x.nd'"
SAVE_LOAD = "nd.save({f}, {data})\nresult = nd.load({f})"


def save_load(data):
    return SAVE_LOAD.format(f=F, data=data)


DTYPES = ("[nd.array([[1.5, -2], [np.nan, np.inf]]), nd.array([1e300, -0.0], dtype='float64'), "
          "nd.array([65504, -1e-4, 3], dtype='float16'), nd.array([0, 255], dtype='uint8'), "
          "nd.array([-128, 127], dtype='int8'), nd.array([[-2147483648], [2147483647]], dtype='int32'), "
          "nd.array([-1, 2], dtype='int64'), nd.array([True, False], dtype='bool')]")
FILES = {'files': ('x.nd',)}
CASES = [
    ('save_list_all_dtypes', save_load(DTYPES), FILES),
    ('save_dict', save_load("{'b': nd.array([1, 2]), 'a': nd.ones((2, 3), dtype='int32')}"), FILES),
    ('save_dict_key_order', save_load("{'zeta': nd.ones(1), 'alpha': nd.zeros(2), 'mid': nd.ones(3)}")
     + "\nresult = list(result)", FILES),
    ('save_dict_unicode_and_empty_keys', save_load("{'gewicht_ä€': nd.ones(1), '': nd.zeros(2)}")
     + "\nresult = sorted(result)", FILES),
    ('save_single_array', save_load("nd.arange(6).reshape((2, 3))"), FILES),
    ('save_empty_list', save_load("[]"), FILES),
    ('save_empty_dict_loads_as_list', save_load("{}"), FILES),
    ('save_zero_size_arrays', save_load("[nd.array(np.zeros((2, 0, 1))), nd.array(np.zeros((0,)))]"), FILES),
    ('save_0d_array_outside_np_shape', save_load("[nd.array(np.array(3.0))]"), FILES),
    ('save_records_cpu_contexts', save_load("[nd.ones((2,), ctx=mx.cpu(1)), nd.ones((1,), ctx=mx.cpu_pinned(0))]")
     + "\nresult = [(str(a.context), a) for a in result]", FILES),
    ('save_transposed_and_sliced', save_load("[nd.arange(6).reshape((2, 3)).T, nd.arange(12).reshape((4, 3))[1:3]]"),
     FILES),
    ('save_array_with_grad', "x = nd.ones((2,))\nx.attach_grad()\n" + save_load("[x]"), FILES),
    ('save_overwrites', "nd.save({f}, [nd.ones((5,))])\n".format(f=F) + save_load("[nd.zeros((2,))]"), FILES),
    ('save_same_array_twice', "x = nd.ones((2,))\n" + save_load("[x, x]"), FILES),
    ('save_bigger_array', save_load("{'w': nd.arange(3000).reshape((30, 100)) / 7}"), FILES),
    ('load_frombuffer_list', "nd.save({f}, [nd.ones((2,)), nd.array([3], dtype='int8')])\n"
                             "result = nd.load_frombuffer(open({f}, 'rb').read())".format(f=F)),
    ('load_frombuffer_dict', "nd.save({f}, {{'p': nd.ones((2,))}})\n"
                             "result = nd.load_frombuffer(open({f}, 'rb').read())".format(f=F)),
    ('load_frombuffer_trailing_bytes_ignored', "nd.save({f}, [nd.ones((2,))])\n"
                                               "result = nd.load_frombuffer(open({f}, 'rb').read() + b'xyz')".format(f=F)),
    ('load_frombuffer_truncated', "nd.save({f}, [nd.ones((2,))])\n"
                                  "result = nd.load_frombuffer(open({f}, 'rb').read()[:-10])".format(f=F)),
    ('load_frombuffer_empty', "nd.load_frombuffer(b'')"),
    ('load_frombuffer_garbage', "nd.load_frombuffer(b'not an ndarray file' * 3)"),
    ('load_frombuffer_bytearray', "nd.load_frombuffer(bytearray(32))"),
    ('load_frombuffer_str', "nd.load_frombuffer('abc')"),
    ('load_frombuffer_int', "nd.load_frombuffer(3)"),
    ('load_truncated_file', "nd.save({f}, {{'a': nd.ones((4,))}})\ndata = open({f}, 'rb').read()\n"
                            "open({f}, 'wb').write(data[:40])\nresult = nd.load({f})".format(f=F)),
    ('load_empty_file', "open({f}, 'wb').close()\nresult = nd.load({f})".format(f=F)),
    ('load_missing_file', "nd.load(tmpdir + '/missing.nd')"),
    ('load_directory', "nd.load(tmpdir)"),
    ('load_int_fname', "nd.load(3)"),
    ('load_bytes_fname', "nd.load(b'x.nd')"),
    ('save_tuple', "nd.save({f}, (nd.ones(1),))".format(f=F)),
    ('save_none', "nd.save({f}, None)".format(f=F)),
    ('save_numpy_array', "nd.save({f}, np.ones(2))".format(f=F)),
    ('save_list_with_numpy', "nd.save({f}, [nd.ones(1), np.ones(2)])".format(f=F)),
    ('save_nested_list', "nd.save({f}, [[nd.ones(1)]])".format(f=F)),
    ('save_dict_int_key', "nd.save({f}, {{1: nd.ones(1)}})".format(f=F)),
    ('save_dict_float_value', "nd.save({f}, {{'a': 1.0}})".format(f=F)),
    ('save_int_fname', "nd.save(3, [nd.ones(1)])", {'errors': ('TypeError',)}),
    ('save_missing_directory', "nd.save(tmpdir + '/no/such/dir/x.nd', [nd.ones(1)])"),
    ('save_to_directory', "nd.save(tmpdir, [nd.ones(1)])"),
]
