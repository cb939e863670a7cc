"""mx.io.ImageRecordIter and its uint8/int8/_v1 variants against MXNet 1.9.1's C++ iterators: a .rec of PNG
images (lossless, so both sides decode the same pixels) made in each case, batches compared as numpy arrays
(MXNet's live in cpu_pinned memory). Settings without randomness only: centre crops, mean/std/scale,
mirror, shorter-side resize (OpenCV's bilinear), pad, images smaller than the output, grey output, labels
from the header, from multi-label records and from an image list, round_batch epochs, parts, dtypes and
the errors of missing or bad arguments."""
REC = ("import io, os\nfrom PIL import Image\n"
       "def make(name, n=7, h=10, w=12, labw=1, seed=0):\n"
       "    rs = np.random.RandomState(seed)\n"
       "    rec, idx = os.path.join(tmpdir, name + '.rec'), os.path.join(tmpdir, name + '.idx')\n"
       "    wr = mx.recordio.MXIndexedRecordIO(idx, rec, 'w')\n"
       "    for i in range(n):\n"
       "        b = io.BytesIO(); Image.fromarray(rs.randint(0, 256, (h, w, 3)).astype('uint8')).save(b, 'PNG')\n"
       "        lab = float(i) if labw == 1 else np.arange(labw, dtype='float32') + 10 * i\n"
       "        wr.write_idx(i, mx.recordio.pack(mx.recordio.IRHeader(0, lab, i, 0), b.getvalue()))\n"
       "    wr.close()\n"
       "    return rec, idx\n"
       "rec, idx = make('a')\n"
       "def epoch(it, n=10):\n"
       "    out = []\n"
       "    for b in it:\n"
       "        out.append([b.data[0].asnumpy(), b.label[0].asnumpy(), b.pad, b.index])\n"
       "        if len(out) == n: break\n"
       "    return out\n")

CASES = [
    ('plain', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3)\n"
                    "result = [it.provide_data, it.provide_label, epoch(it)]"),
    ('normalize', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, mean_r=10, mean_g=5, mean_b=1, "
                        "std_r=2, std_g=3, std_b=0.5, scale=0.5)\nresult = epoch(it, 1)"),
    ('round_batch_epochs', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3)\n"
                                 "r = [epoch(it)]\nfor e in range(5):\n    it.reset()\n    r.append([[b[1]] + ([b[2]] if e < 1 else []) for b in epoch(it)])\nresult = r"),
    # (from the third epoch on, MXNet's pad of full batches is a stale value of a reused batch buffer: the
    # labels are compared there, not the pads)
    ('batch_larger_than_file', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=9)\n"
                                     "r = [[b[1], b[2]] for b in epoch(it)]\nit.reset()\nresult = r + [[b[1], b[2]] for b in epoch(it)]"),
    ('no_round_batch', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, round_batch=False)\n"
                             "bs = epoch(it)\nresult = [len(bs), bs[-1][2], bs[-1][0][:1], bs[-1][1][:1]]"),
    ('mirror', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, mirror=True)\nresult = epoch(it, 1)"),
    ('resize', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, resize=9)\nresult = epoch(it, 1)"),
    ('resize_up', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 12, 14), batch_size=3, resize=13)\nresult = epoch(it, 1)"),
    ('pad_fill', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 12, 16), batch_size=3, pad=2, fill_value=7)\nresult = epoch(it, 1)"),
    ('smaller_than_output', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 12, 12), batch_size=3)\nresult = epoch(it, 1)"),
    ('gray', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(1, 8, 8), batch_size=2, mean_r=100)\n"
                   "result = [it.provide_data, epoch(it, 1)]"),
    ('same_size', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 10, 12), batch_size=4)\nresult = epoch(it, 2)"),
    ('multi_label', REC + "r2, _ = make('m', labw=3)\nit = mx.io.ImageRecordIter(path_imgrec=r2, data_shape=(3, 8, 8), batch_size=3, label_width=3)\n"
                          "result = [it.provide_label, [b[1] for b in epoch(it)]]"),
    ('multi_label_first', REC + "r2, _ = make('m', labw=3)\nit = mx.io.ImageRecordIter(path_imgrec=r2, data_shape=(3, 8, 8), batch_size=3)\n"
                                "result = [b[1] for b in epoch(it)]"),
    ('imglist_labels', REC + "lst = os.path.join(tmpdir, 'a.lst')\nopen(lst, 'w').write(''.join('%d\\t%d\\t%d\\tx%d.png\\n' % (i, 50 + i, 60 + i, i) for i in range(7)))\n"
                             "it = mx.io.ImageRecordIter(path_imgrec=rec, path_imglist=lst, data_shape=(3, 8, 8), batch_size=3, label_width=2)\n"
                             "result = [b[1] for b in epoch(it)]"),
    ('parts_bytes', REC + "r = []\nfor k in range(3):\n    it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=2, num_parts=3, part_index=k)\n"
                          "    r.append([[b[1], b[2]] for b in epoch(it)])\nresult = r"),
    ('parts', REC + "r = []\nfor k in range(3):\n    it = mx.io.ImageRecordIter(path_imgrec=rec, path_imgidx=idx, data_shape=(3, 8, 8), batch_size=2, num_parts=3, part_index=k)\n"
                    "    r.append([[b[1], b[2]] for b in epoch(it)])\nresult = r"),
    ('uint8', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, dtype='uint8', mean_r=10, scale=2)\n"
                    "result = [it.provide_data, epoch(it, 1)]"),
    ('uint8_iter', REC + "it = mx.io.ImageRecordUInt8Iter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, mean_r=10)\n"
                         "result = [it.provide_data, epoch(it, 1)]"),
    ('int8_iter', REC + "it = mx.io.ImageRecordInt8Iter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3)\n"
                        "result = [it.provide_data, epoch(it, 1)]"),
    ('v1_names', REC + "a = mx.io.ImageRecordIter_v1(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3)\n"
                       "b = mx.io.ImageRecordUInt8Iter_v1(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3)\n"
                       "result = [epoch(a, 1), epoch(b, 1), isinstance(a, mx.io.MXDataIter), isinstance(a, mx.io.DataIter)]"),
    ('iter_protocol', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3)\n"
                            "r = [it.iter_next(), it.getlabel().asnumpy(), it.getpad(), it.batch_size]\n"
                            "b = it.next()\nr += [b.label[0].asnumpy(), it.iter_next(), it.getlabel().asnumpy(), it.getpad()]\nresult = r"),
    ('unknown_keyword_ignored', REC + "it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, not_a_param=1)\nresult = epoch(it, 1)"),
    ('missing_data_shape', REC + "result = mx.io.ImageRecordIter(path_imgrec=rec, batch_size=3)"),
    ('missing_batch_size', REC + "result = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8))"),
    ('missing_rec', REC + "result = mx.io.ImageRecordIter(data_shape=(3, 8, 8), batch_size=3)"),
    ('no_such_file', REC + "result = mx.io.ImageRecordIter(path_imgrec=os.path.join(tmpdir, 'nope.rec'), data_shape=(3, 8, 8), batch_size=3)"),
    ('shape_two_dims', REC + "result = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(8, 8), batch_size=3)"),
    ('shape_two_channels', REC + "result = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(2, 8, 8), batch_size=3)"),
    ('label_width_without_labels', REC + "result = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, label_width=2)"),
    ('positional', REC + "result = mx.io.ImageRecordIter(rec, data_shape=(3, 8, 8), batch_size=3)"),
]
