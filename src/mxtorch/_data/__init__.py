"""Small real data sets shipped inside mxtorch, so that examples run on a machine with no network (see
README.md in this folder for their sources and licences)."""
import gzip
import os

import numpy as np

__all__ = ['digits_path', 'load_digits']

_HERE = os.path.dirname(os.path.abspath(__file__))


def digits_path():
    """Path of digits.csv.gz, the UCI optical handwritten digits (1797 images of 8x8, CC BY 4.0)."""
    return os.path.join(_HERE, 'digits.csv.gz')


def load_digits():
    """The UCI optical handwritten digits as ``(images, labels)``: images uint8 of shape (1797, 8, 8)
    with values 0..16, labels int32 of shape (1797,) with values 0..9."""
    path = digits_path()
    with gzip.open(path, 'rt') as f:
        table = np.loadtxt(f, delimiter=',', dtype=np.int64)
    if table.ndim != 2 or table.shape[1] != 65:
        raise ValueError('{}: expected 65 comma-separated columns (64 pixels and a label) per line, got shape {}'
                         .format(path, table.shape))
    return table[:, :64].reshape(-1, 8, 8).astype(np.uint8), table[:, 64].astype(np.int32)
