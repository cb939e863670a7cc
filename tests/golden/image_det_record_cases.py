"""mx.io.ImageDetRecordIter against MXNet 1.9.1's C++ detection iterator, and ImageRecordIter's mean image
made over the data: .rec files of PNG images (lossless, so both sides decode the same pixels) with
detection labels [header_width, object_width, (extras), objects...] made in each case. Deterministic
settings only (no random augmentation, or probability 1 where the outcome is fixed: rand_mirror_prob=1);
shuffle orders (MXNet's std::shuffle with mt19937(233 + seed), reshuffled every pass), parts, padded labels,
round_batch epochs, short batches, normalizing, resize modes and MXNet's errors. Epochs are read to their
end before a reset: MXNet's prefetcher makes batches ahead, so a reset early in an epoch that round_batch
completes from the next pass restarts or goes on after the borrowed examples depending on its timing."""
REC = ("import io, os\nfrom PIL import Image\n"
       "def make(name, n=7, h=10, w=12, seed=0, header=2, objw=5, mode='RGB', bad=True):\n"
       "    rs = np.random.RandomState(seed)\n"
       "    rec = os.path.join(tmpdir, name + '.rec')\n"
       "    wr = mx.recordio.MXRecordIO(rec, 'w')\n"
       "    for i in range(n):\n"
       "        c = 4 if mode == 'RGBA' else 3\n"
       "        b = io.BytesIO(); Image.fromarray(rs.randint(0, 256, (h, w, c)).astype('uint8'), mode).save(b, 'PNG')\n"
       "        lab = [header, objw] + [7.0 + i] * (header - 2)\n"
       "        for j in range(i % 3 + 1):\n"
       "            lab += [j + i, 0.1 * j, 0.2, 0.55 + 0.1 * j, 0.9] + [3.0 + j] * (objw - 5)\n"
       "        if bad and i % 4 == 3:\n"
       "            lab += [9, 0.6, 0.5, 0.4, 0.7] + [1.0] * (objw - 5)\n"
       "        wr.write(mx.recordio.pack(mx.recordio.IRHeader(len(lab), np.array(lab, 'float32'), 100 + i, 0), b.getvalue()))\n"
       "    wr.close()\n"
       "    return rec\n"
       "rec = make('a')\n"
       "def det(**kw):\n"
       "    args = dict(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3, verbose=False)\n"
       "    args.update(kw)\n"
       "    return mx.io.ImageDetRecordIter(**args)\n"
       "def epoch(it, n=10):\n"
       "    out = []\n"
       "    for b in it:\n"
       "        out.append([b.data[0].asnumpy(), b.label[0].asnumpy(), b.pad, b.index])\n"
       "        if len(out) == n: break\n"
       "    return out\n"
       "def labels(it, epochs=1):\n"
       "    out = []\n"
       "    for e in range(epochs):\n"
       "        if e: it.reset()\n"
       "        out.append([[b.label[0].asnumpy(), b.pad, b.index] for b in it])\n"
       "    return out\n")

IMGREC = ("def make_cls(name, n=6, h=10, w=12):\n"
          "    rs = np.random.RandomState(3)\n"
          "    path = os.path.join(tmpdir, name + '.rec')\n"
          "    wr = mx.recordio.MXRecordIO(path, 'w')\n"
          "    for i in range(n):\n"
          "        b = io.BytesIO(); Image.fromarray(rs.randint(0, 256, (h, w, 3)).astype('uint8')).save(b, 'PNG')\n"
          "        wr.write(mx.recordio.pack(mx.recordio.IRHeader(0, float(i), i, 0), b.getvalue()))\n"
          "    wr.close()\n"
          "    return path\n"
          "crec = make_cls('c')\n"
          "mean = os.path.join(tmpdir, 'mean.nd')\n"
          "def imgrec(**kw):\n"
          "    args = dict(path_imgrec=crec, data_shape=(3, 8, 8), batch_size=4, mean_img=mean, verbose=False)\n"
          "    args.update(kw)\n"
          "    return mx.io.ImageRecordIter(**args)\n")

STATS = ("def stats(**kw):\n"
         "    img = np.zeros((80, 100, 3), 'uint8'); img[:, :, 0] = np.arange(100)[None]; img[:, :, 1] = np.arange(80)[:, None]\n"
         "    boxes = [0, 0.1, 0.1, 0.4, 0.5, 1, 0.5, 0.2, 0.9, 0.6, 2, 0.3, 0.6, 0.6, 0.95, 3, 0.05, 0.7, 0.2, 0.9]\n"
         "    p = os.path.join(tmpdir, 'stats.rec'); wr = mx.recordio.MXRecordIO(p, 'w')\n"
         "    b = io.BytesIO(); Image.fromarray(img).save(b, 'PNG'); lab = np.array([2, 5] + boxes, 'float32')\n"
         "    for i in range(400):\n"
         "        wr.write(mx.recordio.pack(mx.recordio.IRHeader(lab.size, lab, i, 0), b.getvalue()))\n"
         "    wr.close()\n"
         "    it = det(path_imgrec=p, batch_size=100, data_shape=(3, 250, 250), resize_mode='shrink', **kw)\n"
         "    L = np.concatenate([b.label[0].asnumpy() for b in it])\n"
         "    return [L[:, 1].mean(), L[:, 2].mean(), ((L[:, 3] - 2) / 5).mean(), ((L[:, 1] == 80) & (L[:, 2] == 100)).mean()]\n")

CASES = [
    ('plain', REC + "it = det()\nresult = [it.provide_data, it.provide_label, epoch(it)]"),
    ('label_pad', REC + "it = det(label_pad_width=24, label_pad_value=-2.5)\nresult = [it.provide_label, epoch(it, 1)]"),
    ('header_extras', REC + "r = make('h', header=4, objw=7)\nit = det(path_imgrec=r)\nresult = [it.provide_label, [b[1] for b in epoch(it)]]"),
    ('round_batch_epochs', REC + "result = labels(det(), 4)"),
    ('batch_larger_than_file', REC + "result = labels(det(batch_size=9), 2)"),
    ('no_round_batch', REC + "it = det(round_batch=False)\nr = epoch(it)\nit.reset()\nresult = [r, [b[1:] for b in epoch(it)]]"),
    # (the two rows after the seven examples hold what MXNet's batch buffer held before: garbage here)
    ('no_round_batch_one_batch', REC + "it = det(batch_size=9, round_batch=False)\n"
                                       "result = [[b[0][:7], b[1][:7], b[2], b[3][:7]] for e in [epoch(it)] + [epoch(it) for _ in range(2) if it.reset() is None] for b in e]"),
    ('shuffle', REC + "r = make('s', n=23)\nit = det(path_imgrec=r, batch_size=4, shuffle=True)\nresult = [[b[2] for b in e] for e in labels(it, 4)]"),
    ('shuffle_seed', REC + "r = make('s', n=23)\nit = det(path_imgrec=r, batch_size=5, shuffle=True, seed=11, round_batch=False)\n"
                           "result = [[[b[1], b[2]] for b in e] for e in labels(it, 3)]"),
    # a file of two 8 MiB chunks, shuffled chunk by chunk
    ('shuffle_two_chunks', REC + "r = make('big', n=250, h=100, w=130)\nit = det(path_imgrec=r, batch_size=50, shuffle=True, round_batch=False, data_shape=(3, 4, 4))\n"
                                 "result = [os.path.getsize(r) > 9 << 20] + [np.concatenate([b[2] for b in e]) for e in labels(it, 2)]"),
    # shuffle_chunk_size: dmlc's InputSplitShuffle cuts a 2.6 MB file into ceil(1.1 size / 1 MiB) sub-parts whose
    # order it draws again every pass; records are read in chunks of shuffle_chunk_size << 17 bytes
    ('shuffle_chunk_size_order', REC + "r = make('mid', n=70, h=100, w=130)\nit = det(path_imgrec=r, batch_size=10, shuffle_chunk_size=1, round_batch=False, data_shape=(3, 4, 4))\n"
                                       "result = [os.path.getsize(r) // (1 << 20)] + [np.concatenate([b[2] for b in e]) for e in labels(it, 3)]"),
    ('shuffle_chunk_size_shuffle', REC + "r = make('mid', n=70, h=100, w=130)\nit = det(path_imgrec=r, batch_size=10, shuffle=True, shuffle_chunk_size=1, shuffle_chunk_seed=5, round_batch=False, data_shape=(3, 4, 4))\n"
                                         "result = [np.concatenate([b[2] for b in e]) for e in labels(it, 3)]"),
    ('shuffle_chunk_size_parts', REC + "r = make('mid', n=70, h=100, w=130)\n"
                                       "result = [[np.concatenate([b[2] for b in e]) for e in labels(det(path_imgrec=r, batch_size=5, shuffle_chunk_size=1, num_parts=2, part_index=k, round_batch=False, data_shape=(3, 4, 4)), 2)] for k in range(2)]"),
    ('shuffle_data', REC + "it = det(shuffle=True, seed=3)\nresult = epoch(it, 2)"),
    ('parts', REC + "r = make('p', n=11)\nresult = [labels(det(path_imgrec=r, batch_size=2, num_parts=3, part_index=k), 1) for k in range(3)]"),
    ('parts_shuffle', REC + "r = make('p', n=11)\nresult = [labels(det(path_imgrec=r, batch_size=2, num_parts=2, part_index=k, shuffle=True), 2) for k in range(2)]"),
    ('normalize', REC + "it = det(mean_r=10, mean_g=5, mean_b=0, std_r=2, std_g=3, std_b=0.5, scale=0.5)\nresult = epoch(it, 1)"),
    ('normalize_std_only', REC + "it = det(std_g=4, scale=2)\nresult = epoch(it, 1)"),
    ('normalize_zero_mean_ignored', REC + "it = det(mean_r=0, mean_g=-5, std_r=0)\nresult = epoch(it, 1)"),
    ('resize_shorter', REC + "it = det(resize=9, data_shape=(3, 7, 8))\nresult = epoch(it, 1)"),
    ('resize_same', REC + "it = det(data_shape=(3, 10, 12))\nresult = epoch(it, 1)"),
    ('resize_fit', REC + "it = det(data_shape=(3, 8, 16), resize_mode='fit')\nresult = epoch(it, 1)"),
    ('resize_fit_up', REC + "it = det(data_shape=(3, 20, 30), resize_mode='fit', mean_r=1)\nresult = epoch(it, 1)"),
    ('resize_shrink', REC + "it = det(data_shape=(3, 8, 16), resize_mode='shrink')\nresult = epoch(it, 1)"),
    ('resize_shrink_keeps_small', REC + "it = det(data_shape=(3, 14, 16), resize_mode='shrink', std_r=2)\nresult = epoch(it, 1)"),
    ('inter_nearest', REC + "it = det(inter_method=0, data_shape=(3, 7, 9))\nresult = epoch(it, 1)"),
    ('inter_auto_shrink', REC + "it = det(inter_method=9, data_shape=(3, 5, 6))\nresult = epoch(it, 1)"),
    ('mirror_always', REC + "it = det(rand_mirror_prob=1.0)\nresult = epoch(it, 2)"),
    ('mirror_never', REC + "it = det(rand_mirror_prob=0.0, rand_pad_prob=1.0, max_pad_scale=1.0, rand_crop_prob=0.0)\nresult = epoch(it, 1)"),
    ('colour_probs_without_range', REC + "it = det(random_hue_prob=1, random_saturation_prob=1, random_illumination_prob=1, random_contrast_prob=1)\nresult = epoch(it, 1)"),
    ('gray', REC + "it = det(data_shape=(1, 8, 8), mean_r=3)\nresult = [it.provide_data, epoch(it, 1)]"),
    ('rgba', REC + "r = make('r', mode='RGBA')\nit = det(path_imgrec=r, data_shape=(4, 8, 8), mean_a=2, std_a=4)\nresult = [it.provide_data, epoch(it, 1)]"),
    ('imglist', REC + "lst = os.path.join(tmpdir, 'a.lst')\n"
                      "open(lst, 'w').write(''.join('%d\\t2\\t5\\t%d\\t0.1\\t0.1\\t0.5\\t0.6\\t%s\\tx%d.png\\n' % (100 + i, i, '\\t'.join(['1', '0.5', '0.2', '0.9', '0.8'] * (i % 2)), i) for i in range(7)))\n"
                      "it = det(path_imglist=lst)\nresult = [it.provide_label, [b[1] for b in epoch(it)]]"),
    ('imglist_width', REC + "lst = os.path.join(tmpdir, 'a.lst')\n"
                            "open(lst, 'w').write(''.join('%d 2 5 %d 0.1 0.1 0.5 0.6 0 0.2 0.3 0.4 0.5 x%d.png\\n' % (100 + i, i, i) for i in range(7)))\n"
                            "it = det(path_imglist=lst, label_width=7)\nresult = [it.provide_label, [b[1] for b in epoch(it)]]"),
    ('mean_img_made', REC + "m = os.path.join(tmpdir, 'm.nd')\nit = det(mean_img=m, std_r=2)\n"
                            "result = [nd.load(m)['mean_img'], epoch(it, 1)]", {'atol': 1e-4}),
    ('mean_img_loaded', REC + "m = os.path.join(tmpdir, 'm.nd')\nnd.save(m, {'mean_img': nd.arange(192).reshape((3, 8, 8))})\n"
                              "result = epoch(det(mean_img=m), 1)"),
    ('mean_img_with_channel_mean', REC + "m = os.path.join(tmpdir, 'm.nd')\nnd.save(m, {'mean_img': nd.arange(192).reshape((3, 8, 8))})\n"
                                         "result = epoch(det(mean_img=m, mean_b=1), 1)"),
    ('iter_protocol', REC + "it = det()\nr = [it.iter_next(), it.getlabel().asnumpy(), it.getpad(), it.getindex()]\n"
                            "b = it.next()\nr += [b.label[0].asnumpy(), it.iter_next(), it.getpad(), isinstance(it, mx.io.MXDataIter)]\nresult = r"),
    ('unknown_keyword_ignored', REC + "result = epoch(det(not_a_param=1, rand_crop=True), 1)"),
    ('names', REC + "it = det(data_name='img', label_name='boxes')\nresult = [it.provide_data, it.provide_label]"),
    # random crops and pads in distribution (MXNet's draws come from its C++ engines, mxtorch's from its own):
    # mean crop height/width, objects kept and the share left uncropped over 400 images whose pixels hold
    # their coordinates; with 400 draws the means agree within a few per cent (rtol 0.1), the shares within three
    # binomial standard errors (atol 0.06)
    ('crop_statistics', REC + STATS + "result = stats(rand_crop_prob=1.0, min_crop_scales=(0.3,), min_crop_aspect_ratios=(0.5,), max_crop_aspect_ratios=(2.0,))", {'rtol': 0.1, 'atol': 0.06}),
    ('crop_overlap_statistics', REC + STATS + "result = stats(rand_crop_prob=0.7, num_crop_sampler=2, min_crop_scales=(0.2, 0.6), max_crop_scales=(0.5, 1.0), "
                                              "min_crop_overlaps=(0.3, 0.0), max_crop_trials=(10, 25), crop_emit_mode='overlap', emit_overlap_thresh=0.6)", {'rtol': 0.1, 'atol': 0.06}),
    ('pad_crop_statistics', REC + STATS + "result = stats(rand_pad_prob=0.6, max_pad_scale=2.5, rand_crop_prob=0.5, min_crop_scales=(0.5,))", {'rtol': 0.1, 'atol': 0.06}),
    # ImageRecordIter's mean image when the file does not exist: made over the augmented, normalized outputs
    ('imgrec_mean_img_made', REC + IMGREC + "it = imgrec()\nresult = [nd.load(mean)['mean_img'], epoch(it, 1)]", {'atol': 1e-4}),
    ('imgrec_mean_img_mirror_normalized', REC + IMGREC + "it = imgrec(mirror=True, mean_r=10, std_g=2, scale=0.5, resize=9)\n"
                                                         "result = [nd.load(mean)['mean_img'], epoch(it, 1)]", {'atol': 1e-4}),
    ('imgrec_mean_img_round_batch', REC + IMGREC + "it = imgrec(batch_size=5, pad=1, fill_value=3)\nresult = [nd.load(mean)['mean_img'], epoch(it, 2)]", {'atol': 1e-4}),
    # ImageRecordIter with an image list over records that also pack labels: the image follows those labels
    ('imgrec_imglist_over_packed_labels', REC + IMGREC + "p = os.path.join(tmpdir, 'pk.rec')\nwr = mx.recordio.MXRecordIO(p, 'w')\n"
                                                         "for i in range(4):\n    b = io.BytesIO(); Image.fromarray(np.full((8, 8, 3), 30 * i, 'uint8')).save(b, 'PNG')\n"
                                                         "    wr.write(mx.recordio.pack(mx.recordio.IRHeader(2, np.array([i, -i], 'float32'), i, 0), b.getvalue()))\n"
                                                         "wr.close()\nlst = os.path.join(tmpdir, 'pk.lst')\nopen(lst, 'w').write(''.join('%d\\t%d\\tx.png\\n' % (i, 50 + i) for i in range(4)))\n"
                                                         "it = mx.io.ImageRecordIter(path_imgrec=p, path_imglist=lst, data_shape=(3, 8, 8), batch_size=4)\nresult = epoch(it, 1)"),
    # errors
    ('missing_data_shape', REC + "result = mx.io.ImageDetRecordIter(path_imgrec=rec, batch_size=3)"),
    ('missing_batch_size', REC + "result = mx.io.ImageDetRecordIter(path_imgrec=rec, data_shape=(3, 8, 8))"),
    ('missing_rec_default_path', REC + "old = os.getcwd()\nos.chdir(tmpdir)\ntry:\n    result = mx.io.ImageDetRecordIter(data_shape=(3, 8, 8), batch_size=3)\nfinally:\n    os.chdir(old)"),
    ('no_such_file', REC + "result = det(path_imgrec=os.path.join(tmpdir, 'nope.rec'))"),
    ('label_width_mismatch', REC + "result = det(label_width=7)"),
    ('label_pad_width_small', REC + "result = det(label_pad_width=10)"),
    ('object_width_small', REC + "r = make('o', objw=4, bad=False)\nresult = det(path_imgrec=r)"),
    ('no_labels', REC + "p = os.path.join(tmpdir, 'n.rec')\nwr = mx.recordio.MXRecordIO(p, 'w')\nb = io.BytesIO(); Image.new('RGB', (4, 4)).save(b, 'PNG')\n"
                        "wr.write(mx.recordio.pack(mx.recordio.IRHeader(0, 1.0, 0, 0), b.getvalue()))\nwr.close()\nresult = det(path_imgrec=p)"),
    ('shape_two_dims', REC + "result = det(data_shape=(8, 8))"),
    ('shape_two_channels', REC + "result = det(data_shape=(2, 8, 8))"),
    ('bad_inter_method', REC + "result = det(inter_method=5)"),
    ('bad_emit_mode', REC + "result = det(crop_emit_mode='bogus')"),
    ('bad_resize_mode', REC + "result = det(resize_mode='bogus')"),
    ('sampler_tuple_too_long', REC + "result = det(min_crop_scales=(0.5, 0.6))"),
    ('sampler_count_mismatch', REC + "result = det(num_crop_sampler=2, min_crop_scales=(0.5, 0.6, 0.1))"),
    ('crop_scales_reversed', REC + "result = det(max_crop_scales=(0.5,), min_crop_scales=(0.6,))"),
    ('bad_part_index', REC + "result = det(num_parts=2, part_index=3)"),
    ('zero_threads', REC + "result = det(preprocess_threads=0)"),
    ('batch_twice_the_file', REC + "result = det(batch_size=15)"),
    ('positional', REC + "result = mx.io.ImageDetRecordIter(rec, data_shape=(3, 8, 8), batch_size=3)"),
]
