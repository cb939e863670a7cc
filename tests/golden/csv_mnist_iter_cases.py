"""mx.io.CSVIter and mx.io.MNISTIter against MXNet 1.9.1's C++ iterators, on small files each case writes:
batches as numpy arrays, pads, indices, epochs after a reset (round_batch going on after the borrowed
rows), label files, dtypes, reshaped rows, and the errors of missing or bad arguments."""
CSV = ("import os\n"
       "def write(name, rows):\n"
       "    path = os.path.join(tmpdir, name)\n"
       "    with open(path, 'w') as f:\n"
       "        f.write(rows)\n"
       "    return path\n"
       "def table(name, a):\n"
       "    return write(name, '\\n'.join(','.join(repr(float(v)) for v in row) for row in np.asarray(a).reshape(len(a), -1)) + '\\n')\n"
       "d = table('d.csv', np.arange(30).reshape(10, 3) * 0.5)\n"
       "l = table('l.csv', np.arange(10))\n"
       "l2 = table('l2.csv', np.arange(20).reshape(10, 2))\n"
       "s = table('s.csv', np.arange(6).reshape(2, 3))\n"
       "def epochs(it, n=2):\n"
       "    out = []\n"
       "    for e in range(n):\n"
       "        out.append([[b.data[0].asnumpy(), b.label[0].asnumpy(), b.pad, b.index.astype('int64')] for b in it])\n"
       "        it.reset()\n"
       "    return [it.provide_data, it.provide_label, out]\n")

CASES = [
    ('csv_plain', CSV + "result = epochs(mx.io.CSVIter(data_csv=d, data_shape=(3,), label_csv=l, batch_size=4))"),
    ('csv_no_label', CSV + "result = epochs(mx.io.CSVIter(data_csv=d, data_shape=(3,), batch_size=4), 3)"),
    ('csv_no_round_batch', CSV + "result = epochs(mx.io.CSVIter(data_csv=d, data_shape=(3,), batch_size=4, round_batch=False))"),
    # (a first batch that is short keeps uninitialised memory in its missing places in MXNet: not compared)
    ('csv_short_file_no_round', CSV + "r = epochs(mx.io.CSVIter(data_csv=s, data_shape=(3,), batch_size=3, round_batch=False))\n"
                                      "result = [[[b[0][:2], b[1][:2], b[2]] for b in e] for e in r[2]]"),
    ('csv_short_file_round', CSV + "result = epochs(mx.io.CSVIter(data_csv=s, data_shape=(3,), batch_size=3), 3)"),
    ('csv_label_shape', CSV + "result = epochs(mx.io.CSVIter(data_csv=l, data_shape=(1,), label_csv=l2, label_shape=(2,), batch_size=4))"),
    ('csv_label_shape_2d', CSV + "result = epochs(mx.io.CSVIter(data_csv=d, data_shape=(3, 1), label_csv=l2, label_shape=(2, 1), batch_size=4), 1)"),
    ('csv_int32', CSV + "w = write('i.csv', '1,2,3\\n4.7,-5.2,6\\n\\n7, 8,9e0\\n')\n"
                        "result = epochs(mx.io.CSVIter(data_csv=w, data_shape=(3,), batch_size=2, dtype='int32'))"),
    ('csv_int64', CSV + "result = epochs(mx.io.CSVIter(data_csv=d, data_shape=(3,), batch_size=5, dtype='int64'), 1)"),
    ('csv_names', CSV + "it = mx.io.CSVIter(data_csv=d, data_shape=(3,), batch_size=5, data_name='x', label_name='y')\n"
                        "result = [it.provide_data, it.provide_label]"),
    ('csv_string_args', CSV + "result = epochs(mx.io.CSVIter(data_csv=d, data_shape='(3,)', batch_size='5', round_batch='False'), 1)"),
    ('csv_batch_larger_than_file', CSV + "mx.io.CSVIter(data_csv=s, data_shape=(3,), batch_size=5)"),
    ('csv_wrong_shape', CSV + "mx.io.CSVIter(data_csv=d, data_shape=(4,), batch_size=2)"),
    ('csv_wrong_label_shape', CSV + "mx.io.CSVIter(data_csv=d, data_shape=(3,), label_csv=s, batch_size=2)"),
    ('csv_float64', CSV + "mx.io.CSVIter(data_csv=d, data_shape=(3,), batch_size=2, dtype='float64')"),
    ('csv_missing_file', CSV + "mx.io.CSVIter(data_csv=os.path.join(tmpdir, 'none.csv'), data_shape=(3,), batch_size=2)"),
    ('csv_no_data_csv', "mx.io.CSVIter(data_shape=(3,), batch_size=2)"),
    ('csv_no_batch_size', CSV + "mx.io.CSVIter(data_csv=d, data_shape=(3,))"),
]
