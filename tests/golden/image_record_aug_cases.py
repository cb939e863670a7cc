"""The augmentations of mx.io.ImageRecordIter (MXNet 1.9.1's default augmenter and its random contrast and
illumination) against MXNet's C++ iterator, on .rec files of PNG images made in each case. MXNet's random
engine cannot be reproduced, so a case either makes the augmentation deterministic (a fixed rotation or
rotate_list of one angle, min_random_scale == max_random_scale, a fixed aspect ratio, image size bounds,
random_h/s/l of 1, which round to no shift but still convert to HLS and back, a jitter too small to change
a pixel, contrast and saturation of constant grey images, which they leave alone, fixed crop sizes), or
reports properties that hold for every draw (each image's brightness factor in MXNet's range, a hue shift
leaving grey pixels grey, PCA noise one offset per image and channel)."""
REC = ("import io, os\nfrom PIL import Image\n"
       "def make(name, n=6, h=10, w=12, seed=0, kind='random', value=100):\n"
       "    rs = np.random.RandomState(seed)\n"
       "    rec, idx = os.path.join(tmpdir, name + '.rec'), os.path.join(tmpdir, name + '.idx')\n"
       "    wr = mx.recordio.MXIndexedRecordIO(idx, rec, 'w')\n"
       "    for i in range(n):\n"
       "        if kind == 'random':\n"
       "            img = rs.randint(0, 256, (h, w, 3))\n"
       "        elif kind == 'grey':\n"
       "            img = np.repeat(rs.randint(0, 256, (h, w, 1)), 3, axis=2)\n"
       "        else:\n"
       "            img = np.full((h, w, 3), value)\n"
       "        b = io.BytesIO(); Image.fromarray(img.astype('uint8')).save(b, 'PNG')\n"
       "        wr.write_idx(i, mx.recordio.pack(mx.recordio.IRHeader(0, float(i), i, 0), b.getvalue()))\n"
       "    wr.close()\n"
       "    return rec\n"
       "rec = make('a')\n"
       "def batch(**kw):\n"
       "    kw.setdefault('data_shape', (3, 10, 12))\n"
       "    it = mx.io.ImageRecordIter(path_imgrec=kw.pop('path', rec), batch_size=kw.pop('batch_size', 6), **kw)\n"
       "    return it.next().data[0].asnumpy()\n")

# properties of every image of a batch of constant images: each channel constant, and its values
STATS = ("def flat(x):\n"
         "    return bool(all((x[k, c] == x[k, c, 0, 0]).all() for k in range(x.shape[0]) for c in range(x.shape[1])))\n")

CASES = [
    ('rotate_90', REC + "result = batch(rotate=90)"),
    ('rotate_30', REC + "result = batch(rotate=30)"),
    ('rotate_30_fill', REC + "result = batch(rotate=30, fill_value=0)"),
    ('rotate_30_cubic', REC + "result = batch(rotate=30, inter_method=2)"),
    ('rotate_30_area', REC + "result = batch(rotate=30, inter_method=3)"),
    ('rotate_30_lanczos', REC + "result = batch(rotate=30, inter_method=4)"),
    ('rotate_30_auto', REC + "result = batch(rotate=30, inter_method=9)"),
    ('rotate_200', REC + "result = batch(rotate=200, fill_value=40)"),
    ('rotate_over_max_angle', REC + "result = batch(rotate=15, max_rotate_angle=40)"),
    ('rotate_list_one', REC + "result = batch(rotate_list='25')"),
    ('rotate_resize_pad', REC + "result = batch(rotate=45, resize=14, pad=2, fill_value=9, data_shape=(3, 16, 18))"),
    ('rotate_crop_mirror', REC + "result = batch(rotate=10, data_shape=(3, 8, 9), mirror=True)"),
    ('rotate_gray', REC + "result = batch(rotate=60, data_shape=(1, 10, 12))"),
    ('rotate_normalized', REC + "result = batch(rotate=20, mean_r=120, mean_g=110, mean_b=100, std_r=50, std_g=60, std_b=70)"),
    ('rotate_uint8', REC + "it = mx.io.ImageRecordUInt8Iter(path_imgrec=rec, data_shape=(3, 10, 12), batch_size=6, rotate=35)\n"
                           "result = it.next().data[0].asnumpy()"),
    ('scale_down', REC + "result = batch(min_random_scale=0.7, max_random_scale=0.7, data_shape=(3, 6, 8))"),
    ('scale_up', REC + "result = batch(min_random_scale=1.5, max_random_scale=1.5, data_shape=(3, 12, 14))"),
    ('scale_up_auto', REC + "result = batch(min_random_scale=1.5, max_random_scale=1.5, inter_method=9, data_shape=(3, 12, 14))"),
    ('scale_and_rotate', REC + "result = batch(min_random_scale=1.3, max_random_scale=1.3, rotate=15, data_shape=(3, 12, 14))"),
    ('aspect_fixed', REC + "result = batch(max_aspect_ratio=1.3, min_aspect_ratio=1.3)"),
    ('aspect_fixed_narrow', REC + "result = batch(max_aspect_ratio=0.6, min_aspect_ratio=0.6, fill_value=0)"),
    ('max_img_size', REC + "result = batch(max_img_size=9, data_shape=(3, 8, 8))"),
    ('min_img_size', REC + "result = batch(min_img_size=14, data_shape=(3, 12, 12))"),
    ('hls_round_trip', REC + "result = batch(random_h=1, random_s=1, random_l=1)"),
    ('hls_round_trip_larger', REC + "r2 = make('b', h=24, w=24, seed=3)\nresult = batch(path=r2, random_h=1, random_s=1, random_l=1, data_shape=(3, 24, 24))"),
    ('hue_keeps_grey', REC + "r2 = make('g', kind='grey')\nresult = batch(path=r2, random_h=40)"),
    ('saturation_shift_keeps_grey', REC + "r2 = make('g', kind='grey')\nx = batch(path=r2, random_s=60)\n"
                                          "result = [bool((x[:, 0] == x[:, 1]).all() and (x[:, 1] == x[:, 2]).all())]"),
    ('lightness_shift_of_constant', REC + STATS + "r2 = make('c', kind='const', value=120, n=20)\nx = batch(path=r2, batch_size=20, random_l=20)\n"
                                          "result = [flat(x), bool((x[:, 0] == x[:, 1]).all()), bool(x.min() >= 100), bool(x.max() <= 140), bool(len(np.unique(x)) > 3)]"),
    ('jitter_too_small', REC + "result = batch(brightness=1e-7, contrast=1e-7, saturation=1e-7)"),
    ('contrast_saturation_of_constant_grey', REC + "r2 = make('c', kind='const', value=77)\nresult = batch(path=r2, contrast=0.5, saturation=0.5)"),
    ('saturation_of_grey', REC + "r2 = make('g', kind='grey')\nresult = batch(path=r2, saturation=0.8)"),
    ('brightness_range', REC + STATS + "r2 = make('c', kind='const', value=100, n=40)\nx = batch(path=r2, batch_size=40, brightness=0.3)\n"
                                       "result = [flat(x), bool(x.min() >= 70), bool(x.max() <= 130), bool(len(np.unique(x)) > 5)]"),
    ('pca_noise_offsets', REC + STATS + "r2 = make('c', kind='const', value=128, n=40)\nx = batch(path=r2, batch_size=40, pca_noise=0.1) - 128\n"
                                        "d = x[:, :, 0, 0]\nresult = [flat(x), bool(np.abs(d).max() <= 40), bool(np.abs(d[:, 0] - d[:, 2]).max() <= 6), bool(np.abs(d).max() >= 1)]"),
    ('random_illumination', REC + STATS + "r2 = make('c', kind='const', value=100, n=40)\nx = batch(path=r2, batch_size=40, max_random_illumination=10) - 100\n"
                                          "result = [flat(x), bool(np.abs(x).max() <= 10), bool(np.abs(x).max() >= 5), bool((x[:, 0] == x[:, 2]).all())]"),
    ('random_contrast', REC + STATS + "r2 = make('c', kind='const', value=100, n=40)\nx = batch(path=r2, batch_size=40, max_random_contrast=0.2, scale=0.5) / 50\n"
                                      "result = [flat(x), bool(x.min() >= 0.8 - 1e-6), bool(x.max() <= 1.2 + 1e-6), bool(x.max() - x.min() > 0.1)]"),
    ('random_contrast_uint8_ignored', REC + "it = mx.io.ImageRecordUInt8Iter(path_imgrec=rec, data_shape=(3, 10, 12), batch_size=6, max_random_contrast=0.5, max_random_illumination=20)\n"
                                            "result = it.next().data[0].asnumpy()"),
    ('rrc_defaults_centre', REC + "result = batch(random_resized_crop=True, data_shape=(3, 8, 8))"),
    ('crop_size_fixed', REC + "result = batch(min_crop_size=8, max_crop_size=8, data_shape=(3, 6, 6))"),
    ('crop_size_fixed_auto', REC + "result = batch(min_crop_size=9, max_crop_size=9, inter_method=9, data_shape=(3, 6, 6))"),
    ('smaller_both_two_steps', REC + "result = batch(data_shape=(3, 14, 20))"),
    ('smaller_both_two_steps_auto', REC + "result = batch(data_shape=(3, 14, 20), inter_method=9)"),
    ('smaller_height_only_auto', REC + "result = batch(data_shape=(3, 13, 8), inter_method=9)"),
    ('hls_round_trip_many', REC + "r2 = make('b', n=4, h=64, w=64, seed=5)\nresult = batch(path=r2, batch_size=4, random_h=1, random_s=1, random_l=1, data_shape=(3, 64, 64))"),
    ('rrc_full_area_resized', REC + "r2 = make('s', h=12, w=12)\nresult = batch(path=r2, random_resized_crop=True, min_random_area=0.9999, max_random_area=0.9999, data_shape=(3, 8, 8))"),
    ('rrc_full_area_resized_auto', REC + "r2 = make('s', h=12, w=12)\nresult = batch(path=r2, random_resized_crop=True, min_random_area=0.9999, max_random_area=0.9999, inter_method=9, data_shape=(3, 8, 8))"),
    ('rotate_nearest_refused', REC + "result = batch(rotate=30, inter_method=0)"),
    ('resize_bad_inter_method', REC + "result = batch(resize=8, inter_method=7, data_shape=(3, 8, 8))"),
    ('rrc_conflicts_with_rand_crop', REC + "result = batch(random_resized_crop=True, rand_crop=True, data_shape=(3, 8, 8))"),
    ('rrc_conflicts_with_scale', REC + "result = batch(random_resized_crop=True, max_random_scale=1.2, data_shape=(3, 8, 8))"),
    ('crop_size_too_big', REC + "result = batch(min_crop_size=11, max_crop_size=11, data_shape=(3, 8, 8))"),
]
