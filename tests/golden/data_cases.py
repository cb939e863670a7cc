"""gluon.data (datasets, samplers, DataLoader, batchify), gluon.utils, mx.recordio and mx.io."""
# mx.io and mx.gluon.data may not be imported by the package itself yet: import them by name
IO = "__import__(mx.__name__ + '.io')\n"
DATA = "__import__(mx.__name__ + '.gluon.data')\n"
# small PNG images written with Pillow (which the reference environment has too)
PNGS = ("import io\nfrom PIL import Image\npngs = []\n"
        "for k, mode in enumerate(['RGB', 'L', 'RGB']):\n"
        "    a = (np.arange(5 * 4 * 3).reshape(5, 4, 3) * (k + 3) % 256).astype('uint8')\n"
        "    im = Image.fromarray(a if mode == 'RGB' else a[:, :, 0], mode)\n"
        "    buf = io.BytesIO()\n    im.save(buf, format='PNG')\n    pngs.append(buf.getvalue())\n")
IMG = "img = nd.array((np.arange(8 * 6 * 3).reshape(8, 6, 3) * 7) % 256, dtype='uint8')\n"
X64 = "X = np.arange(30, dtype='float64').reshape(10, 3) / 7\n"


def batches(loader):
    """Code that lists every batch of `loader` (a list of arrays per batch, or an array)."""
    return "result = [b for b in {}]".format(loader)


CASES = [
    # ---- default batchify: dtypes and shapes of batches -------------------------------------------------
    ('loader_numpy_float64', DATA + X64 + batches("gluon.data.DataLoader(gluon.data.ArrayDataset(X, np.arange(10)), 4)")),
    ('loader_numpy_single', DATA + X64 + batches("gluon.data.DataLoader(gluon.data.ArrayDataset(X), 3)")),
    ('loader_numpy_direct', DATA + X64 + batches("gluon.data.DataLoader(X, 4)")),
    ('loader_nd_arrays', DATA + batches(
        "gluon.data.DataLoader(gluon.data.ArrayDataset(nd.arange(12).reshape((6, 2)), nd.arange(6)), 4)")),
    ('loader_nd_int_labels', DATA + batches(
        "gluon.data.DataLoader(gluon.data.ArrayDataset(nd.ones((4, 2)), nd.array([1, 2, 3, 4], dtype='int32')), 3)")),
    ('loader_python_numbers', DATA + batches("gluon.data.DataLoader(gluon.data.SimpleDataset([(1, 2.5), (3, 4.5), (5, 6.5)]), 2)")),
    ('loader_lists', DATA + batches("gluon.data.DataLoader([([1, 2], 0), ([3, 4], 1), ([5, 6], 0)], 2)")),
    ('loader_range', DATA + batches("gluon.data.DataLoader(range(7), 3)")),
    ('loader_nd_dataset', DATA + batches("gluon.data.DataLoader(nd.arange(10).reshape((5, 2)), 2)")),
    ('loader_nd_1d_dataset', DATA + batches("gluon.data.DataLoader(nd.arange(5), 2)")),
    ('loader_uint8', DATA + batches("gluon.data.DataLoader(np.arange(12, dtype='uint8').reshape(4, 3), 2)")),
    ('loader_float16_nd', DATA + batches("gluon.data.DataLoader(nd.ones((3, 2), dtype='float16'), 2)")),
    ('loader_bool_numpy', DATA + batches("gluon.data.DataLoader(np.array([True, False, True]), 2)")),
    ('loader_workers_float64', DATA + X64 + batches(
        "gluon.data.DataLoader(gluon.data.ArrayDataset(X, np.arange(10)), 4, num_workers=2)")),
    ('loader_workers_nd', DATA + batches("gluon.data.DataLoader(nd.arange(12).reshape((6, 2)), 4, num_workers=2)")),
    ('loader_threads', DATA + X64 + batches(
        "gluon.data.DataLoader(gluon.data.ArrayDataset(X, np.arange(10)), 4, num_workers=2, thread_pool=True)")),
    ('loader_pin_memory', DATA + batches("gluon.data.DataLoader(nd.arange(6).reshape((3, 2)), 2, pin_memory=True)")),
    ('loader_len', DATA + "result = [len(gluon.data.DataLoader(range(10), 3, last_batch=lb)) for lb in ('keep', 'discard', 'rollover')]"),
    ('loader_discard', DATA + batches("gluon.data.DataLoader(range(10), 3, last_batch='discard')")),
    ('loader_rollover_epochs', DATA + "dl = gluon.data.DataLoader(range(10), 3, last_batch='rollover')\n"
                                      "result = [[b for b in dl] for _ in range(3)]"),
    ('loader_batchify_fn', DATA + "result = [b for b in gluon.data.DataLoader(range(5), 2, batchify_fn=lambda x: x)]"),
    ('loader_batch_sampler', DATA + "bs = gluon.data.BatchSampler(gluon.data.SequentialSampler(5), 2, 'discard')\n"
                                    "result = [b for b in gluon.data.DataLoader(nd.arange(5), batch_sampler=bs)]"),
    ('loader_no_batch_size', DATA + "result = gluon.data.DataLoader(range(5))"),
    ('loader_sampler_and_shuffle', DATA + "result = gluon.data.DataLoader(range(5), 2, shuffle=True, sampler=gluon.data.SequentialSampler(5))"),
    ('loader_batch_sampler_and_size', DATA + "result = gluon.data.DataLoader(range(5), 2, batch_sampler=gluon.data.BatchSampler(gluon.data.SequentialSampler(5), 2))"),
    ('loader_bad_last_batch', DATA + "result = list(gluon.data.DataLoader(range(5), 2, last_batch='pad'))"),
    ('loader_stack_mismatch', DATA + "result = list(gluon.data.DataLoader([nd.ones(2), nd.ones(3)], 2))"),
    ('default_batchify_tuple', DATA + "result = gluon.data.dataloader.default_batchify_fn([(nd.ones(2), 1), (nd.zeros(2), 2)])"),
    ('mp_batchify_context', DATA + "b = gluon.data.dataloader.default_mp_batchify_fn([np.ones(2), np.zeros(2)])\n"
                                   "result = [b, str(b.context)]"),
    # ---- samplers ----------------------------------------------------------------------------------------
    ('sampler_sequential', DATA + "result = list(gluon.data.SequentialSampler(5, 3))"),
    ('sampler_random_len', DATA + "s = gluon.data.RandomSampler(7)\nresult = [len(s), sorted(int(i) for i in s)]"),
    ('sampler_batch_keep', DATA + "result = list(gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 3, 'keep'))"),
    ('sampler_batch_discard', DATA + "s = gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 3, 'discard')\nresult = [list(s), len(s)]"),
    ('sampler_batch_rollover', DATA + "s = gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 4, 'rollover')\n"
                                      "result = [len(s), list(s), len(s), list(s), len(s), list(s)]"),
    ('sampler_batch_bad', DATA + "list(gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 3, 'pad'))"),
    ('sampler_batch_len_after_rollover', DATA + "s = gluon.data.BatchSampler(gluon.data.SequentialSampler(7), 3, 'rollover')\n"
                                                "result = [[len(s), list(s)] for _ in range(4)]"),
    ('sampler_random_seeded', DATA + "np.random.seed(5)\ns = gluon.data.RandomSampler(9)\nresult = [[int(i) for i in s] for _ in range(2)]"),
    ('sampler_filter', DATA + "result = list(gluon.data.FilterSampler(lambda x: x % 3 == 0, list(range(10))))"),
    # ---- datasets ----------------------------------------------------------------------------------------
    ('dataset_filter', DATA + "d = gluon.data.SimpleDataset(list(range(20))).filter(lambda x: x % 4 == 0)\n"
                              "result = [len(d), [d[i] for i in range(len(d))]]"),
    ('dataset_shard', DATA + "d = gluon.data.SimpleDataset(list(range(10)))\n"
                             "result = [[list(d.shard(4, i)[j] for j in range(len(d.shard(4, i))))] for i in range(4)]"),
    ('dataset_take', DATA + "d = gluon.data.SimpleDataset(list(range(10)))\n"
                            "result = [len(d.take(3)), len(d.take(None)), len(d.take(50)), d.take(3)[2]]"),
    ('dataset_transform', DATA + "d = gluon.data.ArrayDataset(np.arange(4), np.arange(4) * 10).transform(lambda x, y: (x + y, y - x))\n"
                                 "result = [d[i] for i in range(4)]"),
    ('dataset_transform_first', DATA + "d = gluon.data.ArrayDataset(np.arange(4), np.arange(4) * 10).transform_first(lambda x: x * 100)\n"
                                       "result = [d[i] for i in range(4)]"),
    ('dataset_transform_eager', DATA + "d = gluon.data.SimpleDataset([1, 2, 3]).transform(lambda x: x * 2, lazy=False)\n"
                                       "result = [type(d).__name__, d[0], d[2]]"),
    ('dataset_sample', DATA + "d = gluon.data.SimpleDataset(list('abcdef')).sample(gluon.data.SequentialSampler(3, 2))\n"
                              "result = [d[i] for i in range(len(d))]"),
    ('dataset_sample_bad', DATA + "result = gluon.data.SimpleDataset([1, 2]).sample([0, 1])"),
    ('array_dataset_item', DATA + "d = gluon.data.ArrayDataset(nd.arange(6).reshape((3, 2)), nd.arange(3), [7, 8, 9])\n"
                                  "result = [d[1], len(d)]"),
    ('array_dataset_1d_nd_is_numpy', DATA + "d = gluon.data.ArrayDataset(nd.arange(3))\nresult = [d[1], type(d[1]).__name__]"),
    ('dataset_shard_bad_index', DATA + "result = gluon.data.SimpleDataset([1, 2, 3]).shard(2, 2)"),
    ('dataset_shard_uneven', DATA + "d = gluon.data.SimpleDataset(list(range(7)))\n"
                                    "result = [[s[i] for i in range(len(s))] for s in (d.shard(3, k) for k in range(3))]"),
    ('dataset_take_of_filter', DATA + "d = gluon.data.SimpleDataset(list(range(12))).filter(lambda x: x % 2).take(4)\n"
                                      "result = [len(d), [d[i] for i in range(len(d))]]"),
    ('array_dataset_length_mismatch', DATA + "result = gluon.data.ArrayDataset(np.ones(3), np.ones(4))"),
    # ---- record files ------------------------------------------------------------------------------------
    ('recordio_write', "w = mx.recordio.MXRecordIO(tmpdir + '/a.rec', 'w')\n"
                       "for i in range(5):\n    w.write(b'record_%d' % i + b'x' * i)\n"
                       "w.close()\nr = mx.recordio.MXRecordIO(tmpdir + '/a.rec', 'r')\n"
                       "result = [r.read() for _ in range(6)]", {'files': ('a.rec',)}),
    ('recordio_magic_inside', "import struct\nm = struct.pack('<I', 0xced7230a)\n"
                              "recs = [m, m + b'ab', b'abcd' + m + m + b'xy', b'a' + m + b'bcd' + m, m * 3, b'']\n"
                              "w = mx.recordio.MXRecordIO(tmpdir + '/m.rec', 'w')\n"
                              "for s in recs:\n    w.write(s)\nw.close()\n"
                              "r = mx.recordio.MXRecordIO(tmpdir + '/m.rec', 'r')\n"
                              "result = [r.read() == s for s in recs] + [r.read()]", {'files': ('m.rec',)}),
    ('recordio_indexed', "w = mx.recordio.MXIndexedRecordIO(tmpdir + '/i.idx', tmpdir + '/i.rec', 'w')\n"
                         "pos = []\nfor i in range(6):\n    pos.append(w.tell())\n    w.write_idx(i * 10, b'rec%d' % i * (i + 1))\n"
                         "pos.append(w.tell())\nw.close()\n"
                         "r = mx.recordio.MXIndexedRecordIO(tmpdir + '/i.idx', tmpdir + '/i.rec', 'r')\n"
                         "result = [pos, r.keys, r.read_idx(30), r.read_idx(0), r.read(), r.read_idx(50), r.read()]",
     {'files': ('i.rec', 'i.idx')}),
    ('recordio_indexed_str_keys', "w = mx.recordio.MXIndexedRecordIO(tmpdir + '/s.idx', tmpdir + '/s.rec', 'w', key_type=str)\n"
                                  "w.write_idx('b', b'1')\nw.write_idx('a', b'22')\nw.close()\n"
                                  "r = mx.recordio.MXIndexedRecordIO(tmpdir + '/s.idx', tmpdir + '/s.rec', 'r', key_type=str)\n"
                                  "result = [r.keys, r.read_idx('a')]", {'files': ('s.idx',)}),
    ('recordio_reset_seek', "w = mx.recordio.MXIndexedRecordIO(tmpdir + '/r.idx', tmpdir + '/r.rec', 'w')\n"
                            "for i in range(3):\n    w.write_idx(i, b'%d' % i)\nw.close()\n"
                            "r = mx.recordio.MXIndexedRecordIO(tmpdir + '/r.idx', tmpdir + '/r.rec', 'r')\n"
                            "a = [r.read(), r.read()]\nr.reset()\nb = r.read()\nr.seek(2)\n"
                            "result = a + [b, r.read(), r.read()]"),
    ('recordio_bad_flag', "mx.recordio.MXRecordIO(tmpdir + '/x.rec', 'a')"),
    ('recordio_dataset', DATA + "w = mx.recordio.MXIndexedRecordIO(tmpdir + '/d.idx', tmpdir + '/d.rec', 'w')\n"
                         "for i in range(4):\n    w.write_idx(i, b'item%d' % i)\nw.close()\n"
                         "d = gluon.data.RecordFileDataset(tmpdir + '/d.rec')\nresult = [len(d), d[2], d[-1]]"),
    ('pack_scalar_label', "s = mx.recordio.pack(mx.recordio.IRHeader(7, 3.5, 12, 0), b'payload')\n"
                          "h, p = mx.recordio.unpack(s)\nresult = [s, list(h), p]"),
    ('pack_array_label', "s = mx.recordio.pack(mx.recordio.IRHeader(0, [1.5, 2, 3], 5, 1), b'xyz')\n"
                         "h, p = mx.recordio.unpack(s)\nresult = [s, h.flag, h.label, h.id, h.id2, p]"),
    ('pack_numpy_label', "s = mx.recordio.pack(mx.recordio.IRHeader(0, np.array([4.0, 5.0]), 2, 0), b'')\n"
                         "result = [s, mx.recordio.unpack(s)[0].label]"),
    ('irheader_repr', "repr(mx.recordio.IRHeader(0, 1.0, 2, 3))"),
    # ---- gluon.utils -------------------------------------------------------------------------------------
    ('split_data_even', "gluon.utils.split_data(nd.arange(24).reshape((6, 4)), 3)"),
    ('split_data_uneven', "gluon.utils.split_data(nd.arange(24).reshape((4, 6)), 4, batch_axis=1, even_split=False)"),
    ('split_data_more_slices', "gluon.utils.split_data(nd.arange(6).reshape((3, 2)), 5, even_split=False)"),
    ('split_data_not_even', "gluon.utils.split_data(nd.arange(10), 3)"),
    ('split_and_load_one', "gluon.utils.split_and_load(nd.arange(4), [mx.cpu(0)])"),
    ('split_and_load_numpy', "gluon.utils.split_and_load(np.arange(6).reshape(3, 2), [mx.cpu(0), mx.cpu(0), mx.cpu(0)])"),
    ('split_and_load_list', "gluon.utils.split_and_load([[1, 2], [3, 4]], [mx.cpu(0), mx.cpu(0)])"),
    ('clip_global_norm', "a = [nd.array([[3., 4.]]), nd.array([12.])]\nn = gluon.utils.clip_global_norm(a, 6.5)\n"
                         "result = [n, type(n).__name__, a]"),
    ('clip_global_norm_no_clip', "a = [nd.array([0.3, 0.4])]\nn = gluon.utils.clip_global_norm(a, 1.0)\nresult = [n, a]"),
    ('clip_global_norm_array', "a = [nd.array([[3., 4.]]), nd.array([12.])]\n"
                               "result = [gluon.utils.clip_global_norm(a, 1.0, check_isfinite=False), a]"),
    ('clip_global_norm_nan', "import warnings\na = [nd.array([np.nan, 1.0])]\n"
                             "with warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n"
                             "    n = gluon.utils.clip_global_norm(a, 1.0)\n"
                             "result = [bool(np.isnan(n)), type(n).__name__, [str(x.message) for x in w]]"),
    ('check_sha1', "open(tmpdir + '/f', 'wb').write(b'hello')\n"
                   "result = [gluon.utils.check_sha1(tmpdir + '/f', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'), "
                   "gluon.utils.check_sha1(tmpdir + '/f', '0' * 40)]"),
    ('brief_print_list', "[gluon.utils._brief_print_list(range(n)) for n in (0, 3, 7, 8, 20)]"),
    ('brief_print_list_limit', "gluon.utils._brief_print_list(['a', 'b', 'c', 'd', 'e'], limit=3)"),
    ('shape_is_known', "[gluon.utils.shape_is_known(s) for s in (None, (), (2, 3), (2, 0), (0,))]"),
    ('indent', "gluon.utils._indent('a\\nb\\nc', 2)"),
    ('repo_file_url', "gluon.utils._get_repo_file_url('gluon/dataset/mnist', 'x.gz')"),
    # ---- mx.io -------------------------------------------------------------------------------------------
    ('ndarrayiter_pad', IO + "it = mx.io.NDArrayIter(np.arange(20).reshape(10, 2), np.arange(10), batch_size=4)\n"
                             "result = [[b.data[0], b.label[0], b.pad] for b in it]"),
    ('ndarrayiter_discard', IO + "it = mx.io.NDArrayIter(np.arange(20).reshape(10, 2), np.arange(10), batch_size=4, last_batch_handle='discard')\n"
                                 "result = [[[b.data[0], b.pad] for b in it] for _ in range(2) if it.reset() is None]"),
    ('ndarrayiter_roll_over', IO + "it = mx.io.NDArrayIter(np.arange(20).reshape(10, 2), np.arange(10), batch_size=4, last_batch_handle='roll_over')\n"
                                   "result = []\nfor _ in range(3):\n    result.append([[b.data[0], b.label[0], b.pad] for b in it])\n    it.reset()"),
    ('ndarrayiter_pad_big', IO + "it = mx.io.NDArrayIter(nd.arange(3), batch_size=8)\nresult = [[b.data[0], b.pad] for b in it]"),
    ('ndarrayiter_shuffle', IO + "it = mx.io.NDArrayIter(np.arange(10, dtype='int32'), np.arange(10) * 2, batch_size=5, shuffle=True)\n"
                                 "result = []\nfor _ in range(2):\n    result.append([[b.data[0], b.label[0]] for b in it])\n    it.reset()"),
    ('ndarrayiter_nd_dtype', IO + "it = mx.io.NDArrayIter(nd.arange(6, dtype='int32').reshape((3, 2)), batch_size=2)\n"
                                  "result = [b.data[0] for b in it]"),
    ('ndarrayiter_dict', IO + "it = mx.io.NDArrayIter({'b': np.ones((4, 2)), 'a': np.zeros((4, 3))}, {'lab': np.arange(4)}, batch_size=2)\n"
                              "b = next(it)\nresult = [repr(it.provide_data), repr(it.provide_label), b.data, b.label]"),
    ('ndarrayiter_list', IO + "it = mx.io.NDArrayIter([np.ones((4, 2)), np.zeros((4, 3))], batch_size=3)\n"
                              "result = [repr(it.provide_data), repr(it.provide_label), [b.data for b in it]]"),
    ('ndarrayiter_layout', IO + "it = mx.io.NDArrayIter(np.arange(12).reshape(2, 6), batch_size=4, layout='TN', last_batch_handle='discard')\n"
                                "result = [repr(it.provide_data), [b.data[0] for b in it]]"),
    ('ndarrayiter_iter_next', IO + "it = mx.io.NDArrayIter(np.arange(5), batch_size=2)\nout = []\n"
                                   "while it.iter_next():\n    out.append([it.getdata()[0], it.getpad(), it.getindex()])\nresult = out"),
    ('ndarrayiter_needs_reset', IO + "it = mx.io.NDArrayIter(np.arange(4), batch_size=2)\nlist(it)\nresult = it.getdata()"),
    ('ndarrayiter_no_data', IO + "result = mx.io.NDArrayIter(None)"),
    ('ndarrayiter_roll_over_shuffle', IO + "np.random.seed(2)\n"
                                           "it = mx.io.NDArrayIter(np.arange(7), np.arange(7) * 3, batch_size=3, shuffle=True, last_batch_handle='roll_over')\n"
                                           "result = []\nfor _ in range(3):\n    result.append([[b.data[0], b.label[0], b.pad] for b in it])\n    it.reset()"),
    ('ndarrayiter_pad_wraps_twice', IO + "it = mx.io.NDArrayIter(np.arange(6).reshape(3, 2), np.arange(3), batch_size=8)\n"
                                         "result = [[b.data[0], b.label[0], b.pad] for b in it]"),
    ('prefetchingiter_mismatch', IO + "it = mx.io.PrefetchingIter([mx.io.NDArrayIter(np.arange(4), batch_size=2), "
                                      "mx.io.NDArrayIter(np.arange(6), batch_size=2)])\nresult = [b.data for b in it]"),
    ('databatch_str', IO + "result = str(mx.io.DataBatch([nd.ones((2, 3)), nd.ones((7, 8))], [nd.ones((4, 5))]))"),
    ('databatch_no_label', IO + "result = str(mx.io.DataBatch([nd.ones((2, 3))]))"),
    ('datadesc', IO + "d = mx.io.DataDesc('x', (2, 3), layout='NTC')\n"
                      "result = [repr(d), d.name, d.shape, d.layout, mx.io.DataDesc.get_batch_axis('TNC'), "
                      "mx.io.DataDesc.get_batch_axis(None), repr(mx.io.DataDesc.get_list([('a', (1,))], [('a', np.int32)]))]"),
    ('resizeiter', IO + "it = mx.io.ResizeIter(mx.io.NDArrayIter(np.arange(6), batch_size=2), 5)\n"
                        "result = [[b.data[0] for b in it], it.provide_data[0].shape]"),
    ('prefetchingiter', IO + "it = mx.io.PrefetchingIter([mx.io.NDArrayIter(np.arange(6), batch_size=4), "
                             "mx.io.NDArrayIter(np.arange(6) * 2, batch_size=4)], rename_data=[{'data': 'x'}, {'data': 'y'}])\n"
                             "result = [repr(it.provide_data), [[b.data, b.pad] for b in it]]"),
    # ---- vision datasets over image files (PNG: lossless, so decoders agree exactly) ----------------------
    ('image_record_dataset', DATA + PNGS + "w = mx.recordio.MXIndexedRecordIO(tmpdir + '/im.idx', tmpdir + '/im.rec', 'w')\n"
                             "for i, b in enumerate(pngs):\n    w.write_idx(i, mx.recordio.pack(mx.recordio.IRHeader(0, float(i), i, 0), b))\n"
                             "w.close()\nd = gluon.data.vision.ImageRecordDataset(tmpdir + '/im.rec')\n"
                             "g = gluon.data.vision.ImageRecordDataset(tmpdir + '/im.rec', flag=0)\n"
                             "result = [len(d), d[0], d[1], g[1][0]]"),
    ('image_record_dataset_loader', DATA + PNGS + "w = mx.recordio.MXIndexedRecordIO(tmpdir + '/im.idx', tmpdir + '/im.rec', 'w')\n"
                                    "for i, b in enumerate(pngs[:2]):\n    w.write_idx(i, mx.recordio.pack(mx.recordio.IRHeader(0, [i, 2.0 * i], i, 0), b))\n"
                                    "w.close()\nd = gluon.data.vision.ImageRecordDataset(tmpdir + '/im.rec')\n"
                                    "result = [b for b in gluon.data.DataLoader(d, 1)]"),
    ('image_folder_dataset', DATA + PNGS + "import os\nfor cls in ('dog', 'cat'):\n    os.makedirs(tmpdir + '/f/' + cls)\n"
                             "for i, b in enumerate(pngs):\n    open(tmpdir + '/f/%s/%d.png' % ('dog' if i % 2 else 'cat', i), 'wb').write(b)\n"
                             "open(tmpdir + '/f/cat/notes.txt', 'w').write('x')\n"
                             "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n"
                             "    d = gluon.data.vision.ImageFolderDataset(tmpdir + '/f')\n"
                             "result = [d.synsets, [(os.path.basename(f), l) for f, l in d.items], d[0], d[1][1]]"),
    # ---- vision transforms ----------------------------------------------------------------------------------
    ('transforms_pipeline', DATA + IMG + "T = gluon.data.vision.transforms\n"
                            "t = T.Compose([T.Resize((5, 4)), T.ToTensor(), T.Normalize((0.5, 0.4, 0.3), (0.2, 0.25, 0.3))])\n"
                            "result = [t(img), T.Resize(3, keep_ratio=True)(img), T.Cast('float16')(img)]", {'atol': 1e-4}),
    ('transforms_center_crop', DATA + IMG + "T = gluon.data.vision.transforms\n"
                               "result = [T.CenterCrop(4)(img), T.CenterCrop((3, 5))(img), T.CropResize(1, 2, 4, 3)(img), "
                               "T.CropResize(0, 0, 4, 4, size=2, interpolation=1)(img)]"),
    ('transforms_totensor_batch', DATA + IMG + "T = gluon.data.vision.transforms\n"
                                  "result = T.ToTensor()(nd.stack(img, img))"),
    ('transforms_in_loader', DATA + IMG + "T = gluon.data.vision.transforms\n"
                             "ds = gluon.data.ArrayDataset(nd.stack(img, img, img), [1, 2, 3]).transform_first(T.Compose([T.Resize(4), T.ToTensor()]))\n"
                             "result = [b for b in gluon.data.DataLoader(ds, 2)]", {'atol': 1e-4}),
]
