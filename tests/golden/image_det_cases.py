"""mx.image.detection: the Det* augmenters (seeded through Python's random, which both sides draw from in the
same order), CreateDetAugmenter/CreateMultiRandCropAugmenter and their dumps, ImageDetIter over image lists,
list files and record files (label shape, padding with -1, reshape, sync_label_shape, last batches), errors.

Images are PNGs made inside each case (lossless, so both sides decode the same pixels)."""
IMG = ("__import__(mx.__name__ + '.image')\nimport random, os, io\nfrom PIL import Image\n"
       "def png(a):\n    b = io.BytesIO(); Image.fromarray(a).save(b, 'PNG'); return b.getvalue()\n"
       "rs = np.random.RandomState(7)\n"
       "img = nd.array(rs.rand(40, 50, 3) * 255, dtype='float32')\n"
       "lab = np.array([[0, 0.1, 0.2, 0.5, 0.6], [1, 0.4, 0.3, 0.9, 0.95], [2, 0.0, 0.0, 0.2, 0.1]], dtype='float32')\n")
# five PNG files of different sizes with 1..3 objects each (raw labels: header 2, object width 5), as an
# imglist, a .lst file and an indexed .rec file
FILES = IMG + (
    "items = []\n"
    "for i in range(5):\n"
    "    open(os.path.join(tmpdir, '%d.png' % i), 'wb').write(png(rs.randint(0, 256, (30 + 3 * i, 36 - 2 * i, 3)).astype('uint8')))\n"
    "    objs = [[k, 0.1 * k, 0.05 + 0.1 * k, 0.5 + 0.1 * k, 0.6 + 0.05 * k] for k in range(1 + i % 3)]\n"
    "    items.append([2, 5] + [v for o in objs for v in o] + ['%d.png' % i])\n"
    "lst = os.path.join(tmpdir, 'a.lst')\n"
    "with open(lst, 'w') as fl:\n"
    "    for i, it in enumerate(items):\n"
    "        fl.write('\\t'.join([str(i)] + [str(v) for v in it]) + '\\n')\n"
    "recf, idxf = os.path.join(tmpdir, 'a.rec'), os.path.join(tmpdir, 'a.idx')\n"
    "w = mx.recordio.MXIndexedRecordIO(idxf, recf, 'w')\n"
    "for i, it in enumerate(items):\n"
    "    lbl = np.array(it[:-1], dtype='float32')\n"
    "    w.write_idx(i, mx.recordio.pack(mx.recordio.IRHeader(len(lbl), lbl, i, 0), open(os.path.join(tmpdir, it[-1]), 'rb').read()))\n"
    "w.close()\n"
    "def batches(it, n=4):\n"
    "    out = []\n"
    "    for _ in range(n):\n"
    "        try:\n"
    "            b = it.next()\n"
    "        except StopIteration:\n"
    "            out.append('stop'); continue\n"
    "        out.append([b.data[0], b.label[0], b.pad])\n"
    "    return out\n")

CASES = [
    # ---- augmenters -----------------------------------------------------------------------------------------
    ('flip', IMG + "random.seed(1)\naug = mx.image.DetHorizontalFlipAug(1)\nl = lab.copy()\nout, l2 = aug(img, l)\n"
                   "result = [out, l2, l, aug.dumps()]"),
    ('flip_never', IMG + "aug = mx.image.DetHorizontalFlipAug(0)\nout, l2 = aug(img, lab.copy())\nresult = [out, l2]"),
    ('crop_seeded', IMG + "res = []\nfor seed in range(6):\n    random.seed(seed)\n"
                          "    aug = mx.image.DetRandomCropAug(min_object_covered=0.3, area_range=(0.2, 0.9))\n"
                          "    out, l2 = aug(img, lab.copy())\n    res.append([out, l2])\nresult = res + [aug.dumps()]"),
    ('crop_fixed_ratio_area', IMG + "random.seed(3)\naug = mx.image.DetRandomCropAug(0.1, 1.0, 0.5)\nout, l2 = aug(img, lab.copy())\n"
                                    "result = [out, l2, aug.dumps(), aug.enabled]"),
    ('crop_impossible', IMG + "random.seed(0)\naug = mx.image.DetRandomCropAug(min_object_covered=0.99, area_range=(0.05, 0.1), max_attempts=5)\n"
                              "out, l2 = aug(img, lab.copy())\nresult = [out, l2]"),
    ('crop_internals', IMG + "aug = mx.image.DetRandomCropAug()\n"
                             "result = [aug._calculate_areas(lab[:, 1:]), aug._intersect(lab[:, 1:], 0.3, 0.3, 0.7, 0.7), "
                             "aug._check_satisfy_constraints(lab, 10, 5, 40, 35, 50, 40), aug._update_labels(lab, (10, 5, 30, 30), 40, 50)]"),
    ('pad_seeded', IMG + "res = []\nfor seed in range(4):\n    random.seed(seed)\n"
                         "    aug = mx.image.DetRandomPadAug(area_range=(1.0, 2.5), pad_val=(10, 20, 30))\n"
                         "    out, l2 = aug(img, lab.copy())\n    res.append([out, l2])\nresult = res + [aug.dumps()]"),
    ('pad_uint8_scalar', IMG + "random.seed(2)\naug = mx.image.DetRandomPadAug(pad_val=50)\n"
                               "out, l2 = aug(img.astype('uint8'), lab.copy())\nresult = [out, l2, aug.dumps()]"),
    ('select_seeded', IMG + "random.seed(4)\naug = mx.image.DetRandomSelectAug([mx.image.DetHorizontalFlipAug(1), mx.image.DetRandomPadAug()], skip_prob=0.2)\n"
                            "res = []\nfor _ in range(5):\n    out, l2 = aug(img, lab.copy())\n    res.append([out.shape, l2])\n"
                            "result = res + [aug.dumps()]"),
    ('select_empty', IMG + "aug = mx.image.DetRandomSelectAug([])\nout, l2 = aug(img, lab)\nresult = [aug.skip_prob, aug.dumps(), out]"),
    ('borrow', IMG + "aug = mx.image.DetBorrowAug(mx.image.ForceResizeAug((20, 10)))\nout, l2 = aug(img, lab)\n"
                     "result = [out, l2, aug.dumps(), aug._kwargs]"),
    ('multi_crop_dumps', IMG + "aug = mx.image.CreateMultiRandCropAugmenter(min_object_covered=[0.1, 0.5, 0.9], area_range=[(0.1, 1.0), (0.2, 1.0), (0.3, 1.0)], skip_prob=0.3)\n"
                               "result = [aug.dumps(), aug.skip_prob, len(aug.aug_list)]"),
    ('create_det_default', IMG + "result = [a.dumps() for a in mx.image.CreateDetAugmenter((3, 30, 40))]"),
    ('create_det_all', IMG + "augs = mx.image.CreateDetAugmenter((3, 30, 40), resize=64, rand_crop=0.5, rand_pad=0.5, rand_gray=0.1, "
                             "rand_mirror=True, mean=True, std=np.array([1.1, 1.03, 1.05]), brightness=0.1, contrast=0.1, saturation=0.1, "
                             "pca_noise=0.1, hue=0.1, inter_method=1, min_object_covered=[0.3, 0.5], area_range=(0.1, 4.0))\n"
                             "result = [a.dumps() for a in augs]"),
    ('create_det_seeded_run', IMG + "random.seed(11)\nnp.random.seed(11)\n"
                                    "augs = mx.image.CreateDetAugmenter((3, 24, 30), rand_crop=1, rand_pad=0.5, rand_mirror=True, inter_method=1)\n"
                                    "res = []\nfor _ in range(4):\n    x, l = img, lab.copy()\n    for a in augs:\n        x, l = a(x, l)\n    res.append([x, l])\nresult = res", {'atol': 1e-3}),
    # ---- augmenter errors --------------------------------------------------------------------------------
    ('borrow_bad', IMG + "result = mx.image.DetBorrowAug(mx.image.DetHorizontalFlipAug(0.5))"),
    ('select_bad', IMG + "result = mx.image.DetRandomSelectAug([mx.image.HorizontalFlipAug(0.5)])"),
    ('crop_bad_area', IMG + "result = mx.image.DetRandomCropAug(area_range=(0.5, 0.1))"),
    ('crop_bad_ratio_type', IMG + "result = mx.image.DetRandomCropAug(aspect_ratio_range='wide')"),
    ('pad_bad_area', IMG + "result = mx.image.DetRandomPadAug(area_range=(0.5, 0.9))"),
    ('pad_bad_val', IMG + "result = mx.image.DetRandomPadAug(pad_val='grey')"),
    ('create_det_bad_mean', IMG + "result = mx.image.CreateDetAugmenter((3, 30, 40), mean=[1, 2, 3])"),
    # ---- ImageDetIter -------------------------------------------------------------------------------------
    ('iter_imglist', FILES + "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\n"
                             "result = [it.label_shape, it.provide_label, it.provide_data, batches(it)]"),
    ('iter_lst', FILES + "it = mx.image.ImageDetIter(3, (3, 16, 20), path_imglist=lst, path_root=tmpdir, last_batch_handle='roll_over')\n"
                         "r = [it.label_shape, batches(it, 2)]\nit.reset()\nresult = r + [batches(it, 3)]"),
    ('iter_lst_discard', FILES + "it = mx.image.ImageDetIter(3, (3, 16, 20), path_imglist=lst, path_root=tmpdir, last_batch_handle='discard')\n"
                                 "result = batches(it, 3)"),
    ('iter_rec', FILES + "it = mx.image.ImageDetIter(2, (3, 16, 20), path_imgrec=recf)\nresult = [it.label_shape, batches(it, 4)]"),
    ('iter_rec_idx_shuffle', FILES + "random.seed(5)\nit = mx.image.ImageDetIter(2, (3, 16, 20), path_imgrec=recf, path_imgidx=idxf, shuffle=True)\n"
                                     "result = [it.label_shape, batches(it, 3)]"),
    ('iter_rec_parts', FILES + "it = mx.image.ImageDetIter(1, (3, 16, 20), path_imgrec=recf, path_imgidx=idxf, num_parts=2, part_index=1)\n"
                               "result = [it.label_shape, batches(it, 3)]"),
    ('iter_augmented_seeded', FILES + "random.seed(3)\nnp.random.seed(3)\n"
                                      "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir, rand_crop=1, rand_pad=0.5, rand_mirror=True, "
                                      "mean=True, std=True, inter_method=1, area_range=(0.3, 2.0))\n"
                                      "result = batches(it, 3)", {'atol': 1e-3}),
    ('iter_reshape', FILES + "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\n"
                             "it.reshape(None, (6, 5))\nb = it.next()\nresult = [it.provide_data, it.provide_label, it.label_shape, it.data_shape, b.data[0], b.label[0]]"),
    ('iter_reshape_data_ok', FILES + "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir, aug_list=mx.image.CreateDetAugmenter((3, 8, 10)))\n"
                                     "it.reshape((3, 8, 10))\nb = it.next()\nresult = [it.provide_data, it.data_shape, b.data[0], b.label[0]]"),
    ('iter_reshape_fewer', FILES + "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\nresult = it.reshape(None, (2, 5))"),
    ('iter_reshape_width', FILES + "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\nresult = it.reshape(None, (4, 6))"),
    ('iter_reshape_len', FILES + "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\nresult = it.reshape(None, (4,))"),
    ('iter_reshape_data', FILES + "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\nresult = it.reshape((1, 16, 20))"),
    ('iter_sync', FILES + "a = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\n"
                          "b = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items[:2], path_root=tmpdir)\n"
                          "r1 = [a.label_shape, b.label_shape]\nc = b.sync_label_shape(a)\nr2 = [a.label_shape, b.label_shape, c is a]\n"
                          "d = a.sync_label_shape(b)\nresult = [r1, r2, a.label_shape, b.label_shape, b.provide_label, b.next().label[0]]"),
    ('iter_sync_bad', FILES + "a = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\n"
                              "result = a.sync_label_shape(mx.image.ImageIter(2, (3, 16, 20), imglist=[[1.0, '0.png']], path_root=tmpdir))"),
    ('iter_sync_width', FILES + "a = mx.image.ImageDetIter(2, (3, 16, 20), imglist=items, path_root=tmpdir)\n"
                                "b = mx.image.ImageDetIter(2, (3, 16, 20), imglist=[[2, 6, 0, 0.1, 0.1, 0.5, 0.5, 7, '0.png']], path_root=tmpdir)\n"
                                "result = a.sync_label_shape(b)"),
    ('iter_wide_header', FILES + "its = [[4, 6, 9, 9, 1, 0.1, 0.2, 0.6, 0.7, 3, 0, 0.1, 0.1, 0.4, 0.4, 5, '1.png'], [4, 6, 8, 8, 2, 0.0, 0.0, 0.5, 0.5, 1, '2.png']]\n"
                                 "it = mx.image.ImageDetIter(2, (3, 16, 20), imglist=its, path_root=tmpdir)\nresult = [it.label_shape, it.next().label[0]]"),
    ('iter_invalid_boxes_dropped', FILES + "its = [[2, 5, 0, 0.5, 0.5, 0.4, 0.6, 1, 0.1, 0.1, 0.6, 0.6, '1.png']]\n"
                                           "it = mx.image.ImageDetIter(1, (3, 16, 20), imglist=its, path_root=tmpdir)\nresult = [it.label_shape, it.next().label[0]]"),
    ('iter_short_label', FILES + "result = mx.image.ImageDetIter(1, (3, 16, 20), imglist=[[2, 5, 0, 0.1, '1.png']], path_root=tmpdir)"),
    ('iter_label_width_mismatch', FILES + "result = mx.image.ImageDetIter(1, (3, 16, 20), imglist=[[2, 5, 0, 0.1, 0.1, 0.5, 0.5, 1, '1.png']], path_root=tmpdir)"),
    ('iter_no_valid_box', FILES + "result = mx.image.ImageDetIter(1, (3, 16, 20), imglist=[[2, 5, 0, 0.5, 0.5, 0.1, 0.1, '1.png']], path_root=tmpdir)"),
    ('iter_parse_label', FILES + "it = mx.image.ImageDetIter(1, (3, 16, 20), imglist=items, path_root=tmpdir)\n"
                                 "result = [it._parse_label(nd.array([2, 5, 1, 0.1, 0.1, 0.3, 0.3, 2, 0.5, 0.5, 0.4, 0.9])), it.label_shape]"),
    ('iter_check_valid_label', FILES + "it = mx.image.ImageDetIter(1, (3, 16, 20), imglist=items, path_root=tmpdir)\n"
                                       "result = it._check_valid_label(np.array([[-1, 0.1, 0.1, 0.5, 0.5]]))"),
    ('iter_check_valid_label_shape', FILES + "it = mx.image.ImageDetIter(1, (3, 16, 20), imglist=items, path_root=tmpdir)\n"
                                             "result = it._check_valid_label(np.array([[1, 0.1, 0.1, 0.5]]))"),
    ('det_module_names', IMG + "result = [mx.image.det is mx.image.detection, mx.image.det.ImageDetIter is mx.image.ImageDetIter, "
                               "issubclass(mx.image.ImageDetIter, mx.image.ImageIter)]"),
]
