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

MNIST = ("import os, struct\n"
         "def idx(n=10, h=3, w=4, seed=0, name='m'):\n"
         "    rs = np.random.RandomState(seed)\n"
         "    img, lab = os.path.join(tmpdir, name + '-img'), os.path.join(tmpdir, name + '-lab')\n"
         "    with open(img, 'wb') as f:\n"
         "        f.write(struct.pack('>IIII', 2051, n, h, w) + rs.randint(0, 256, (n, h, w)).astype('uint8').tobytes())\n"
         "    with open(lab, 'wb') as f:\n"
         "        f.write(struct.pack('>II', 2049, n) + (np.arange(n) % 256).astype('uint8').tobytes())\n"
         "    return img, lab\n"
         "img, lab = idx()\n"
         "def epochs(it, n=2, values=True):\n"
         "    out = []\n"
         "    for e in range(n):\n"
         "        out.append([[b.data[0].asnumpy() if values else b.data[0].shape, b.label[0].asnumpy(), b.pad, b.index.astype('int64')] for b in it])\n"
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
    ('mnist_plain', MNIST + "result = epochs(mx.io.MNISTIter(image=img, label=lab, batch_size=3, shuffle=False, silent=True))"),
    ('mnist_flat', MNIST + "result = epochs(mx.io.MNISTIter(image=img, label=lab, batch_size=4, shuffle=False, flat=True, silent=True), 1)"),
    ('mnist_shuffle_seed0', MNIST + "result = epochs(mx.io.MNISTIter(image=img, label=lab, batch_size=3, silent=True))"),
    ('mnist_shuffle_seed5', MNIST + "result = epochs(mx.io.MNISTIter(image=img, label=lab, batch_size=3, seed=5, flat=True, silent=True), 1)"),
    ('mnist_shuffle_large', MNIST + "img, lab = idx(n=700, h=2, w=2, name='big')\n"
                                    "it = mx.io.MNISTIter(image=img, label=lab, batch_size=100, seed=123, silent=True)\n"
                                    "result = [np.concatenate([b.label[0].asnumpy() for b in it])]"),
    ('mnist_parts', MNIST + "result = [epochs(mx.io.MNISTIter(image=img, label=lab, batch_size=2, shuffle=False, num_parts=3, part_index=p, silent=True), 1) for p in range(3)]"),
    ('mnist_parts_shuffled', MNIST + "result = epochs(mx.io.MNISTIter(image=img, label=lab, batch_size=2, num_parts=2, part_index=1, silent=True), 1)"),
    ('mnist_names', MNIST + "it = mx.io.MNISTIter(image=img, label=lab, batch_size=5, data_name='x', label_name='y', silent=True)\n"
                            "result = [it.provide_data, it.provide_label]"),
    ('mnist_string_args', MNIST + "result = epochs(mx.io.MNISTIter(image=img, label=lab, batch_size='5', shuffle='False', silent='True'), 1)"),
    ('mnist_bad_part', MNIST + "mx.io.MNISTIter(image=img, label=lab, batch_size=2, num_parts=3, part_index=3)"),
    ('mnist_missing_file', MNIST + "mx.io.MNISTIter(image=os.path.join(tmpdir, 'none'), label=lab, batch_size=2)"),
    ('mnist_truncated', MNIST + "mx.io.MNISTIter(image=lab, label=lab, batch_size=2)"),
    ('mnist_batch_size_0', MNIST + "mx.io.MNISTIter(image=img, label=lab, batch_size=0)"),
]
