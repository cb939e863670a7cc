"""mx.contrib.io.DataLoaderIter: a Gluon DataLoader's batches as DataBatches (shapes, dtypes, padding of
the last batch, reset). Padded rows are left out of the comparison: MXNet leaves them uninitialised."""
_LOADER = ("X = np.arange(60, dtype='float64').reshape(10, 2, 3); Y = np.arange(10, dtype='int32')\n"
           "loader = gluon.data.DataLoader(gluon.data.ArrayDataset(nd.array(X, dtype='float64'),\n"
           "                               nd.array(Y, dtype='int32')), batch_size=4)\n")


def _batches(kwargs=''):
    return (_LOADER +
            "it = mx.contrib.io.DataLoaderIter(loader" + kwargs + ")\n"
            "def parts(b):\n"
            "    n = 4 - b.pad\n"
            "    return [b.data[0][:n], b.label[0][:n], b.pad, b.data[0].shape, b.label[0].shape,\n"
            "            b.data[0].dtype.__name__, b.label[0].dtype.__name__, b.index]\n"
            "result = [parts(b) for b in it]\n")


CASES = [
    ('batches_and_padding', _batches()),
    ('batches_float16', _batches(", dtype='float16'")),
    ('describes', _LOADER + "it = mx.contrib.io.DataLoaderIter(loader, data_name='x', label_name='y')\n"
                            "result = [repr(it.provide_data), repr(it.provide_label), it.batch_size, it.dtype]"),
    ('describes_float64', _LOADER + "it = mx.contrib.io.DataLoaderIter(loader, dtype='float64')\n"
                                    "result = [repr(it.provide_data), repr(it.provide_label)]"),
    ('exhausted_then_reset', _LOADER + "it = mx.contrib.io.DataLoaderIter(loader)\n"
                                       "first = [b.pad for b in it]\n"
                                       "again = [b.pad for b in it]\n"
                                       "it.reset()\n"
                                       "result = [first, again, [b.label[0][:4 - b.pad] for b in it]]"),
    ('next_after_end', _LOADER + "it = mx.contrib.io.DataLoaderIter(loader)\n"
                                 "[it.next() for _ in range(3)]\n"
                                 "result = it.next()"),
    ('iter_next_and_getters', _LOADER + "it = mx.contrib.io.DataLoaderIter(loader)\n"
                                        "result = [it.iter_next(), it.getdata()[0], it.getlabel()[0], it.getpad(),\n"
                                        "          it.getindex(), it.iter_next(), it.iter_next(), it.getpad(),\n"
                                        "          it.iter_next()]"),
    ('dict_like_batches', "loader = gluon.data.DataLoader(gluon.data.ArrayDataset(nd.ones((5, 2)), nd.zeros((5, 3))),\n"
                          "                               batch_size=5)\n"
                          "it = mx.contrib.io.DataLoaderIter(loader)\n"
                          "result = [(b.data[0], b.label[0], b.pad) for b in it]"),
    ('feeds_a_module', _LOADER.replace('int32', 'float32') +
     "it = mx.contrib.io.DataLoaderIter(loader)\n"
     "data = mx.sym.var('data'); fc = mx.sym.FullyConnected(mx.sym.flatten(data), num_hidden=3, name='fc')\n"
     "out = mx.sym.SoftmaxOutput(fc, name='softmax')\n"
     "mod = mx.mod.Module(out, context=mx.cpu())\n"
     "mod.bind(data_shapes=it.provide_data, label_shapes=it.provide_label)\n"
     "mod.init_params(mx.init.Constant(0.01))\n"
     "result = [o[0].asnumpy() for o in (mod.predict(it, merge_batches=False))] + [mod.predict(it).shape]"),
]
