"""Sampling and patch operators: BilinearSampler, GridGenerator, SpatialTransformer, Correlation, Crop,
im2col / col2im, DeformableConvolution, ModulatedDeformableConvolution (values, gradients, bad input).

Left to tests/test_ops_vision.py, where MXNet 1.9.1 falls short of its own documentation: im2col/col2im of
1-D and 3-D kernels (its CPU kernels fail) and the gradients of ModulatedDeformableConvolution (its CPU
backward raises 'only implemented in GPU')."""

MAP = "nd.array(np.random.RandomState(0).uniform(-1, 1, (2, 3, 5, 6)))"
GRID = "nd.array(np.random.RandomState(1).uniform(-1.2, 1.2, (2, 2, 4, 3)))"
THETA = "nd.array([[0.9, 0.1, 0.05, -0.2, 1.1, 0.1], [0.5, 0, 0.3, 0, 0.5, -0.2]])"
FLOW = "nd.array(np.random.RandomState(2).uniform(-2, 2, (2, 2, 5, 6)))"
IMG = "nd.array(np.random.RandomState(3).uniform(0, 1, (2, 4, 6, 6)))"
OFFSET = "nd.array(np.random.RandomState(4).uniform(-1.5, 1.5, (2, 18, 6, 6)))"
OFFSET2 = "nd.array(np.random.RandomState(4).uniform(-1.5, 1.5, (2, 36, 6, 6)))"
MASK = "nd.array(np.random.RandomState(5).uniform(0, 1, (2, 9, 6, 6)))"
WEIGHT = "nd.array(np.random.RandomState(6).normal(0, 0.3, (5, 4, 3, 3)))"
WEIGHT_G = "nd.array(np.random.RandomState(6).normal(0, 0.3, (6, 2, 3, 3)))"
BIAS = "nd.array([0.1, -0.2, 0.3, 0, 0.5])"


def _grad(setup, expr, *names):
    lines = [setup] + [n + '.attach_grad()' for n in names]
    lines.append('with autograd.record():\n    out = ' + expr)
    lines.append('out.backward(nd.array(np.random.RandomState(1).uniform(0.5, 1.5, out.shape), dtype=out.dtype))')
    lines.append('result = [out] + [v.grad for v in (' + ', '.join(names) + ',)]')
    return '\n'.join(lines)


CASES = [
    # BilinearSampler
    ('bilinear_sampler', "nd.BilinearSampler(" + MAP + ", " + GRID + ")"),
    ('bilinear_sampler_identity', "nd.BilinearSampler(" + MAP + ", nd.GridGenerator(nd.array([[1, 0, 0, 0, 1, 0]] * 2), "
                                  "transform_type='affine', target_shape=(5, 6)))"),
    ('bilinear_sampler_float64', "nd.BilinearSampler(" + MAP + ".astype('float64'), " + GRID + ".astype('float64'))"),
    ('bilinear_sampler_grads', _grad("x = " + MAP + "\ng = " + GRID, "nd.BilinearSampler(x, g)", 'x', 'g'),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('bilinear_sampler_bad_grid', "nd.BilinearSampler(" + MAP + ", nd.zeros((2, 3, 4, 3)))"),
    ('bilinear_sampler_bad_batch', "nd.BilinearSampler(" + MAP + ", nd.zeros((1, 2, 4, 3)))"),
    # GridGenerator
    ('grid_affine', "nd.GridGenerator(" + THETA + ", transform_type='affine', target_shape=(3, 4))"),
    ('grid_affine_one_column', "nd.GridGenerator(" + THETA + ", transform_type='affine', target_shape=(3, 1))"),
    ('grid_warp', "nd.GridGenerator(" + FLOW + ", transform_type='warp')"),
    ('grid_affine_grad', _grad("t = " + THETA, "nd.GridGenerator(t, transform_type='affine', target_shape=(3, 4))", 't')),
    ('grid_warp_grad', _grad("f = " + FLOW, "nd.GridGenerator(f, transform_type='warp')", 'f')),
    ('grid_missing_type', "nd.GridGenerator(" + THETA + ", target_shape=(3, 4))"),
    ('grid_bad_type', "nd.GridGenerator(" + THETA + ", transform_type='projective', target_shape=(3, 4))"),
    ('grid_affine_bad_data', "nd.GridGenerator(nd.zeros((2, 4)), transform_type='affine', target_shape=(3, 4))"),
    ('grid_warp_bad_data', "nd.GridGenerator(nd.zeros((2, 3, 4, 4)), transform_type='warp')"),
    # SpatialTransformer
    ('spatial_transformer', "nd.SpatialTransformer(" + MAP + ", " + THETA + ", target_shape=(4, 3), transform_type='affine', "
                            "sampler_type='bilinear')"),
    ('spatial_transformer_grads', _grad("x = " + MAP + "\nt = " + THETA, "nd.SpatialTransformer(x, t, target_shape=(4, 5), "
                                        "transform_type='affine', sampler_type='bilinear')", 'x', 't'),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('spatial_transformer_bad_loc', "nd.SpatialTransformer(" + MAP + ", nd.zeros((2, 4)), target_shape=(4, 3), "
                                    "transform_type='affine', sampler_type='bilinear')"),
    ('spatial_transformer_missing_type', "nd.SpatialTransformer(" + MAP + ", " + THETA + ", target_shape=(4, 3), "
                                         "sampler_type='bilinear')"),
    # Correlation
    ('correlation', "nd.Correlation(" + MAP + ", " + MAP + "[::-1], kernel_size=1, max_displacement=1)"),
    ('correlation_kernel3_pad', "nd.Correlation(" + IMG + ", " + IMG + " * 2 - 1, kernel_size=3, max_displacement=2, "
                                "stride2=2, pad_size=2)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('correlation_stride1', "nd.Correlation(" + IMG + ", " + IMG + "[::-1], kernel_size=1, max_displacement=1, stride1=2, "
                            "pad_size=1)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('correlation_abs', "nd.Correlation(" + IMG + ", " + IMG + "[::-1], kernel_size=3, max_displacement=1, pad_size=1, "
                        "is_multiply=False)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('correlation_grads', _grad("a = " + IMG + "\nb = " + IMG + "[::-1]", "nd.Correlation(a, b, kernel_size=3, "
                                "max_displacement=1, pad_size=1)", 'a', 'b'), {'rtol': 1e-4, 'atol': 1e-6}),
    ('correlation_even_kernel', "nd.Correlation(" + IMG + ", " + IMG + ", kernel_size=2)"),
    ('correlation_too_small', "nd.Correlation(" + IMG + ", " + IMG + ", kernel_size=5, max_displacement=3)"),
    ('correlation_bad_ndim', "nd.Correlation(nd.zeros((2, 3, 4)), nd.zeros((2, 3, 4)))"),
    # Crop
    ('crop_h_w', "nd.Crop(" + MAP + ", h_w=(3, 4), offset=(1, 2))"),
    ('crop_center', "nd.Crop(" + MAP + ", h_w=(2, 3), center_crop=True)"),
    ('crop_like', "nd.Crop(" + MAP + ", nd.zeros((1, 1, 4, 4)), offset=(1, 1))"),
    ('crop_like_center', "nd.Crop(" + MAP + ", nd.zeros((1, 1, 3, 3)), center_crop=True)"),
    ('crop_grads', _grad("x = " + MAP + "\nl = nd.zeros((1, 1, 3, 3))", "nd.Crop(x, l, offset=(2, 1))", 'x', 'l')),
    ('crop_num_args_given', "nd.Crop(" + MAP + ", num_args=1, h_w=(2, 2))"),
    ('crop_too_big', "nd.Crop(" + MAP + ", h_w=(6, 2))"),
    ('crop_bad_offset', "nd.Crop(" + MAP + ", h_w=(3, 3), offset=(3, 0))"),
    ('crop_no_size', "nd.Crop(" + MAP + ")"),
    ('crop_bad_ndim', "nd.Crop(nd.zeros((3, 4, 5)), h_w=(2, 2))"),
    ('crop_float64', "nd.Crop(" + MAP + ".astype('float64'), h_w=(2, 2))"),
    # im2col / col2im
    ('im2col_2d', "nd.im2col(" + MAP + ", kernel=(2, 3))"),
    ('im2col_2d_stride_pad_dilate', "nd.im2col(" + MAP + ", kernel=(2, 2), stride=(2, 1), pad=(1, 1), dilate=(2, 1))"),
    ('im2col_int_pad', "nd.im2col(" + MAP + ", kernel=(2, 2), pad=1)"),
    ('im2col_grad', _grad("x = " + MAP, "nd.im2col(x, kernel=(2, 2), stride=(1, 2), pad=(1, 0))", 'x')),
    ('im2col_missing_kernel', "nd.im2col(" + MAP + ")"),
    ('im2col_kernel_too_big', "nd.im2col(" + MAP + ", kernel=(7, 2))"),
    ('col2im_2d', "nd.col2im(nd.im2col(" + MAP + ", kernel=(2, 3), pad=(1, 1)), output_size=(5, 6), kernel=(2, 3), pad=(1, 1))"),
    ('col2im_grad', _grad("c = nd.array(np.random.RandomState(7).uniform(-1, 1, (1, 12, 12)))",
                          "nd.col2im(c, output_size=(4, 5), kernel=(2, 2))", 'c')),
    ('col2im_bad_columns', "nd.col2im(nd.zeros((1, 10, 12)), output_size=(4, 5), kernel=(2, 2))"),
    # deformable convolutions
    ('deformable_conv', "nd.contrib.DeformableConvolution(" + IMG + ", " + OFFSET + ", " + WEIGHT + ", " + BIAS + ", "
                        "kernel=(3, 3), pad=(1, 1), num_filter=5)", {'rtol': 1e-4, 'atol': 1e-5}),
    ('deformable_conv_zero_offset', "nd.contrib.DeformableConvolution(" + IMG + ", nd.zeros((2, 18, 6, 6)), " + WEIGHT +
     ", kernel=(3, 3), pad=(1, 1), num_filter=5, no_bias=True)", {'rtol': 1e-4, 'atol': 1e-5}),
    ('deformable_conv_stride_dilate', "nd.contrib.DeformableConvolution(" + IMG + ", " + OFFSET + "[:, :, ::2, ::2], " +
     WEIGHT + ", " + BIAS + ", kernel=(3, 3), stride=(2, 2), dilate=(2, 2), pad=(2, 2), num_filter=5)",
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('deformable_conv_groups', "nd.contrib.DeformableConvolution(" + IMG + ", " + OFFSET2 + ", " + WEIGHT_G + ", "
                               "kernel=(3, 3), pad=(1, 1), num_filter=6, num_group=2, num_deformable_group=2, no_bias=True)",
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('deformable_conv_grads', _grad("x = " + IMG + "\no = " + OFFSET + "\nw = " + WEIGHT + "\nb = " + BIAS,
                                    "nd.contrib.DeformableConvolution(x, o, w, b, kernel=(3, 3), pad=(1, 1), num_filter=5)",
                                    'x', 'o', 'w', 'b'), {'rtol': 1e-3, 'atol': 1e-4}),
    ('deformable_conv_bad_offset', "nd.contrib.DeformableConvolution(" + IMG + ", nd.zeros((2, 9, 6, 6)), " + WEIGHT +
     ", kernel=(3, 3), pad=(1, 1), num_filter=5, no_bias=True)"),
    ('modulated_deformable_conv', "nd.contrib.ModulatedDeformableConvolution(" + IMG + ", " + OFFSET + ", " + MASK + ", " +
     WEIGHT + ", " + BIAS + ", kernel=(3, 3), pad=(1, 1), num_filter=5)", {'rtol': 1e-4, 'atol': 1e-5}),
    ('modulated_deformable_conv_step', "nd.contrib.ModulatedDeformableConvolution(" + IMG + ", " + OFFSET + ", " + MASK +
     ", " + WEIGHT + ", kernel=(3, 3), pad=(1, 1), num_filter=5, no_bias=True, im2col_step=1)",
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('modulated_deformable_conv_bad_mask', "nd.contrib.ModulatedDeformableConvolution(" + IMG + ", " + OFFSET +
     ", nd.zeros((2, 8, 6, 6)), " + WEIGHT + ", kernel=(3, 3), pad=(1, 1), num_filter=5, no_bias=True)"),
]
