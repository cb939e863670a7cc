"""mx.contrib.io: a DataIter over a Gluon DataLoader, so that a loader can feed ``mx.mod.Module``."""
from .. import ndarray as nd
from ..io import DataDesc, DataIter

__all__ = ['DataLoaderIter']


class DataLoaderIter(DataIter):
    """The batches of a ``gluon.data.DataLoader`` (each a (data, label) pair) as DataBatches.

    The first batch fixes `batch_size` and the shapes in `provide_data` and `provide_label`; both parts are
    cast to `dtype`. A shorter last batch is padded to `batch_size` (rows of zeros) with ``pad`` saying how
    many rows were added; as in MXNet, that padded batch is float32 whatever `dtype` is.

    Parameters
    ----------
    loader : gluon.data.DataLoader
        Yields (data, label) batches; it is iterated once here to read the shapes.
    data_name, label_name : str
        The names in `provide_data` and `provide_label`.
    dtype : str
        The dtype of the batches and of their descriptions ('float32', 'float16', ...).
    """

    def __init__(self, loader, data_name='data', label_name='softmax_label', dtype='float32'):
        super().__init__()
        self._loader = loader
        first_data, first_label = next(iter(loader))
        self.batch_size = first_data.shape[0]
        self.dtype = dtype
        self.provide_data = [DataDesc(data_name, first_data.shape, dtype)]
        self.provide_label = [DataDesc(label_name, first_label.shape, dtype)]
        self._current_batch = None
        self._iter = None
        self.reset()

    def reset(self):
        """Start again at the loader's first batch."""
        self._iter = iter(self._loader)

    def iter_next(self):
        """Move to the loader's next batch; False after the last."""
        self._current_batch = next(self._iter, None)
        return self._current_batch is not None

    def _part(self, i):
        part = self._current_batch[i].astype(self.dtype)
        missing = self.batch_size - part.shape[0]
        if missing <= 0:
            return [part]
        # MXNet's padded batch is a default-dtype (float32) array whatever `dtype` says
        full = nd.zeros((self.batch_size,) + tuple(part.shape[1:]))
        full[:part.shape[0]] = part
        return [full]

    def getdata(self):
        """The current batch's data, padded to `batch_size`."""
        return self._part(0)

    def getlabel(self):
        """The current batch's label, padded to `batch_size`."""
        return self._part(1)

    def getpad(self):
        """How many rows of the current batch are padding."""
        return self.batch_size - self._current_batch[0].shape[0]

    def getindex(self):
        """Not known for a loader's batches: None."""
        return None
