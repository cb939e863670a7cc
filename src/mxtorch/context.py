"""Contexts (``mx.cpu()``, ``mx.gpu(i)``, ...): MXNet's devices, each backed by a torch device, and the
per-thread default context."""
import threading
import warnings

import torch

from .base import MXNetError

__all__ = ['Context', 'cpu', 'gpu', 'cpu_pinned', 'current_context', 'num_gpus', 'gpu_memory_info']

_default = threading.local()


class _ContextType(type):
    """Gives the Context class MXNet's deprecated class attribute ``Context.default_ctx`` (read and
    written: this thread's default context)."""

    @property
    def default_ctx(cls):
        warnings.warn('Context.default_ctx has been deprecated. Please use Context.current_context() instead. '
                      'Please use test_utils.set_default_context to set a default context', DeprecationWarning)
        return current_context()

    @default_ctx.setter
    def default_ctx(cls, value):
        warnings.warn('Context.default_ctx has been deprecated. Please use Context.current_context() instead. '
                      'Please use test_utils.set_default_context to set a default context', DeprecationWarning)
        _default.value = value


class Context(metaclass=_ContextType):
    """A device: where arrays live and operators run. ``cpu(i)`` and the pinned/shared CPU kinds are
    torch's CPU, ``gpu(i)`` is CUDA device i (checked when first used, not when made).

    Parameters
    ----------
    device_type : {'cpu', 'gpu', 'cpu_pinned', 'cpu_shared'} or Context
        The kind of device, or a context to copy.
    device_id : int, default 0
        Which device of that kind.

    ``with ctx:`` makes `ctx` this thread's default context (what array creation uses) until the block
    ends::

        with mx.gpu(0):
            x = mx.nd.ones((2, 3))     # x.context == gpu(0)
    """
    devtype2str = {1: 'cpu', 2: 'gpu', 3: 'cpu_pinned', 5: 'cpu_shared'}
    devstr2type = {'cpu': 1, 'gpu': 2, 'cpu_pinned': 3, 'cpu_shared': 5}
    __slots__ = ('device_typeid', 'device_id', '_device')

    def __init__(self, device_type, device_id=0):
        self._device = None
        if isinstance(device_type, Context):
            self.device_typeid, self.device_id = device_type.device_typeid, device_type.device_id
            return
        typeid = Context.devstr2type.get(device_type) if isinstance(device_type, str) else None
        if typeid is None:
            raise MXNetError('unknown device type {!r}: expected one of {}'.format(
                device_type, ', '.join(Context.devstr2type)))
        self.device_typeid, self.device_id = typeid, int(device_id)

    @property
    def device_type(self):
        """The device type of this context: 'cpu', 'gpu', 'cpu_pinned' or 'cpu_shared'."""
        return Context.devtype2str[self.device_typeid]

    @property
    def torch_device(self):
        """The torch.device that holds this context's arrays (checked on first use)."""
        device = self._device
        if device is None:
            device = self._device = _torch_device(self.device_typeid, self.device_id)
        return device

    def __hash__(self):
        return hash((self.device_typeid, self.device_id))

    def __eq__(self, other):
        return isinstance(other, Context) and self.device_typeid == other.device_typeid and \
            self.device_id == other.device_id

    def __str__(self):
        return '%s(%d)' % (self.device_type, self.device_id)

    __repr__ = __str__

    # the contexts to go back to are kept per thread, not on the object: one Context object may be entered
    # several times (nested, or in several threads), e.g. the shared contexts arrays report
    def __enter__(self):
        try:
            stack = _default.stack
        except AttributeError:
            stack = _default.stack = []
        stack.append(current_context())
        _default.value = self
        return self

    def __exit__(self, ptype, value, trace):
        _default.value = _default.stack.pop()

    def __reduce__(self):
        return Context, (self.device_type, self.device_id)

    def empty_cache(self):
        """Releases the cached, unreferenced memory of this context's device back to the system."""
        if self.device_typeid == 2 and torch.cuda.is_available():
            with torch.cuda.device(self.torch_device):
                torch.cuda.empty_cache()


def _torch_device(typeid, device_id):
    if typeid != 2:
        return _CPU
    count = num_gpus()
    if device_id >= count:
        if count == 0:
            raise MXNetError('gpu({}) is not available: this machine has no GPU that torch can use '
                             '(torch {} sees no CUDA device)'.format(device_id, torch.__version__))
        raise MXNetError('gpu({}) is not available: this machine has {} GPU(s), gpu(0) to gpu({})'.format(
            device_id, count, count - 1))
    return torch.device('cuda', device_id)


_CPU = torch.device('cpu')
_num_gpus = None


def num_gpus():
    """How many CUDA devices torch can use (0 without CUDA); counted once per process."""
    global _num_gpus
    if _num_gpus is None:
        _num_gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
    return _num_gpus


def gpu_memory_info(device_id=0):
    """``(free, total)``: bytes of memory of GPU `device_id`, as the CUDA driver reports them."""
    device = gpu(device_id).torch_device
    return torch.cuda.mem_get_info(device)


def cpu(device_id=0):
    """``Context('cpu', device_id)``."""
    return Context('cpu', device_id)


def cpu_pinned(device_id=0):
    """``Context('cpu_pinned', device_id)``: host memory meant for fast copies to and from GPUs."""
    return Context('cpu_pinned', device_id)


def gpu(device_id=0):
    """``Context('gpu', device_id)``, CUDA device `device_id`. Making it always works; putting an array
    on it raises MXNetError when that GPU is absent, as in MXNet."""
    return Context('gpu', device_id)


_default.value = Context('cpu', 0)


def current_context():
    """This thread's default context: ``cpu(0)``, or the context of the innermost ``with ctx:`` block."""
    try:
        return _default.value
    except AttributeError:
        _default.value = value = Context('cpu', 0)
        return value


_CONTEXT_OF_DEVICE = {}


def context_of_device(device):
    """The Context (shared, do not mutate) of a torch device."""
    ctx = _CONTEXT_OF_DEVICE.get(device)
    if ctx is None:
        if device.type == 'cuda':
            ctx = Context('gpu', device.index if device.index is not None else torch.cuda.current_device())
        else:
            ctx = Context('cpu', 0)
        ctx._device = device
        _CONTEXT_OF_DEVICE[device] = ctx
    return ctx

