"""Finite-difference gradient checks for the tests: mathematics, not the code under test, says what a
gradient must be."""
import numpy as np

import mxtorch as mx
from mxtorch import autograd, nd


def numeric_gradients(fn, arrays, head_grad, eps=1e-3):
    """d(sum(fn(*arrays) * head_grad))/d(array) for each array, by central differences in float64."""
    values = [a.asnumpy().astype(np.float64) for a in arrays]

    def objective(vals):
        out = fn(*[nd.array(v, dtype='float64') for v in vals])
        outs = out if isinstance(out, (list, tuple)) else [out]
        return sum(float((o.asnumpy().astype(np.float64) * h).sum()) for o, h in zip(outs, head_grad))

    grads = []
    for i, v in enumerate(values):
        g = np.zeros_like(v)
        flat = v.reshape(-1)
        gflat = g.reshape(-1)
        for j in range(flat.size):
            old = flat[j]
            flat[j] = old + eps
            plus = objective(values)
            flat[j] = old - eps
            minus = objective(values)
            flat[j] = old
            gflat[j] = (plus - minus) / (2 * eps)
        grads.append(g)
    return grads


def check_gradient(fn, *arrays, rtol=1e-4, atol=1e-5, eps=1e-4, seed=0):
    """Assert that autograd's gradients of fn at `arrays` (NDArrays or array-likes) match central finite
    differences, computed in float64 with a random head gradient."""
    arrays = [a.astype('float64') if isinstance(a, nd.NDArray) else nd.array(a, dtype='float64')
              for a in arrays]
    for a in arrays:
        a.attach_grad()
    with autograd.record():
        out = fn(*arrays)
    outs = out if isinstance(out, (list, tuple)) else [out]
    rng = np.random.RandomState(seed)
    head = [rng.uniform(0.5, 1.5, size=o.shape) for o in outs]
    autograd.backward(list(outs), [nd.array(h, dtype='float64') for h in head])
    expected = numeric_gradients(fn, arrays, head, eps=eps)
    for i, (a, e) in enumerate(zip(arrays, expected)):
        np.testing.assert_allclose(a.grad.asnumpy(), e, rtol=rtol, atol=atol,
                                   err_msg='gradient of input {} differs from finite differences'.format(i))
