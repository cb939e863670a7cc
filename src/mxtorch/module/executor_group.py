"""DataParallelExecutorGroup: a Symbol bound once per context, each executor on its share of the batch.

The group splits every input along its batch axis (from the layout, 'N'; -1 for inputs without one) into
one slice per context, sized by the workload list; gathers outputs and input gradients back along the
outputs' batch axes; and presents the parameters as lists with one array per context
(``param_arrays[i][k]`` is parameter i on context k) for the optimizer or kvstore."""
import logging
import numbers
from collections import OrderedDict

import torch

from .. import context as ctx
from ..base import FLAG_TO_TORCH, TORCH_TO_NP
from ..io import DataDesc
from ..ndarray.ndarray import NDArray, _wrap

__all__ = ['DataParallelExecutorGroup']


def _split_input_slice(batch_size, work_load_list):
    """Slices of range(batch_size), one per workload, sized in proportion to the workloads (rounded;
    the last one takes the remainder); ValueError when one would be empty."""
    total = sum(work_load_list)
    sizes = [round(load * batch_size / total) for load in work_load_list]
    short = batch_size - sum(sizes)
    if short > 0:
        sizes[-1] += short
    slices, end = [], 0
    for size in sizes:
        begin = min(end, batch_size)
        end = min(begin + size, batch_size)
        if begin >= end:
            raise ValueError('Too many slices. Some splits are empty.')
        slices.append(slice(int(begin), int(end)))
    return slices


def _prepare_group2ctxs(group2ctxs, ctx_len):
    """One {ctx_group: Context} dict (or None) per context, from None, a list of such dicts, or one dict
    whose values are a Context or a list of 1 or ctx_len Contexts."""
    if group2ctxs is None:
        return [None] * ctx_len
    if isinstance(group2ctxs, list):
        if len(group2ctxs) != ctx_len:
            raise AssertionError('length of group2ctxs should be %d' % ctx_len)
        return group2ctxs
    if isinstance(group2ctxs, dict):
        per_context = [{} for _ in range(ctx_len)]
        for group, where in group2ctxs.items():
            if isinstance(where, ctx.Context):
                where = [where]
            if len(where) == 1:
                where = list(where) * ctx_len
            if len(where) != ctx_len:
                raise AssertionError('length of group2ctxs[%s] should be %d or 1' % (group, ctx_len))
            for mapping, c in zip(per_context, where):
                mapping[group] = c
        return per_context
    raise AssertionError('group2ctxs should be list of dict of str to context, or dict of str to context or '
                         'list of context')


def _tensor(value):
    return value._t if isinstance(value, NDArray) else torch.as_tensor(value)


def _load_general(sources, targets, major_axis):
    """Copy each source array into its targets: an NDArray, a list of NDArrays (one source per device),
    or [(slice, NDArray) per device] taking that slice along the batch axis."""
    for src, dst, axis in zip(sources, targets, major_axis):
        if isinstance(dst, NDArray):
            dst._t.copy_(_tensor(src))
        elif isinstance(src, (list, tuple)):
            for s, d in zip(src, dst):
                d._t.copy_(_tensor(s))
        else:
            t = _tensor(src)
            for where, d in dst:
                if axis >= 0 and (where.start != 0 or where.stop != t.shape[axis]):
                    d._t.copy_(t.narrow(axis, where.start, where.stop - where.start))
                else:
                    d._t.copy_(t)


def _adopt_or_load(sources, targets, major_axis):
    """As _load_general for one device, where each source that is a dense NDArray of its target's type,
    shape, dtype and device, laid out densely, becomes the target's memory instead of being copied (the
    caller knows that nothing else writes into the sources)."""
    for src, dst, axis in zip(sources, targets, major_axis):
        (_, d), = dst
        t = getattr(src, '_t', None)
        if t is not None and type(src) is type(d) is NDArray:
            mine = d._t
            if t.shape == mine.shape and t.dtype == mine.dtype and t.device == mine.device and t.is_contiguous():
                d._t = t
                continue
        _load_general([src], [dst], [axis])


def _adopt_batch(batch, targets, major_axis, field):
    _adopt_or_load(getattr(batch, field), targets, major_axis)


def _load_batch(batch, targets, major_axis, field):
    if isinstance(batch, list):
        # a list of batches already split by device: source i is [batch.<field>[i] for each batch]
        sources = [[getattr(b, field)[i] for b in batch] for i in range(len(targets))]
        _load_general(sources, [[d for _, d in target] for target in targets], major_axis)
    else:
        _load_general(getattr(batch, field), targets, major_axis)


def _merge_multi_context(outputs, major_axis):
    """Per output, the devices' arrays joined along its batch axis (the first device's array for an
    output without one)."""
    merged = []
    for arrays, axis in zip(outputs, major_axis):
        if axis < 0 or len(arrays) == 1:
            merged.append(arrays[0])
            continue
        first = arrays[0]
        joined = torch.cat([a._t.to(first._t.device) for a in arrays], dim=axis)
        out = _wrap(joined)
        out._ctx = first._ctx
        merged.append(out)
    return merged


def _slice_along(array, axis, where):
    t = array._t
    if axis < 0 or (where.start == 0 and where.stop == t.shape[axis]):
        return array
    out = _wrap(t.narrow(axis, where.start, where.stop - where.start))
    out._ctx = array._ctx
    return out


def _as_desc(item):
    if isinstance(item, DataDesc):
        return item
    if not isinstance(item, (list, tuple)) or len(item) < 2:
        raise TypeError('an input description is a DataDesc or a (name, shape) pair, got {!r}'.format(item))
    shape = item[1]
    if not isinstance(shape, (tuple, list)) or not all(isinstance(d, numbers.Integral) for d in shape):
        raise TypeError('the shape of input {!r} must be a tuple of ints, got {}'.format(
            item[0], type(shape).__name__))
    return DataDesc(item[0], tuple(int(d) for d in shape), *item[2:])


class DataParallelExecutorGroup:
    """Executors of `symbol`, one per context in `contexts`, sharing the batch by `workload`.

    Parameters (`param_names`) get gradients when `for_training` (unless fixed); the data inputs when
    `inputs_need_grad`. `grad_req` is a str for all of those, a list in the order of the arguments, or a
    dict overriding the defaults by name. With `shared_group` the executors take that group's parameter
    arrays and the memory of its inputs (BucketingModule's buckets). `group2ctxs` places the symbol's
    ctx_group attributes on devices per context."""

    def __init__(self, symbol, contexts, workload, data_shapes, label_shapes, param_names, for_training,
                 inputs_need_grad, shared_group=None, logger=logging, fixed_param_names=None, grad_req='write',
                 state_names=None, group2ctxs=None):
        self.symbol, self.contexts, self.workload, self.logger = symbol, contexts, workload, logger
        self.arg_names, self.aux_names = symbol.list_arguments(), symbol.list_auxiliary_states()
        self.param_names, self.fixed_param_names = param_names, list(fixed_param_names or [])
        self.state_names = list(state_names or [])
        self.for_training, self.inputs_need_grad = for_training, inputs_need_grad
        self.group2ctxs = _prepare_group2ctxs(group2ctxs, len(contexts))
        self._total_exec_bytes = 0
        data_shapes = [_as_desc(x) for x in data_shapes]
        if label_shapes is not None:
            label_shapes = [_as_desc(x) for x in label_shapes]
        self.grad_req = self._decide_grad_req('write' if for_training else 'null', grad_req if for_training else
                                              'null', [d.name for d in data_shapes])
        self.shared_data_arrays = shared_group.shared_data_arrays if shared_group is not None else \
            [{} for _ in contexts]
        self.execs, self._default_execs = [], None
        # set by Module.fit while the batches are new arrays that nothing else writes into
        self.adopt_inputs = False
        self.batch_size = self.slices = None
        self.data_arrays = self.label_arrays = self.param_arrays = self.state_arrays = None
        self.grad_arrays = self.aux_arrays = self.input_grad_arrays = None
        self.data_shapes = self.label_shapes = self.data_names = self.label_names = None
        self.data_layouts = self.label_layouts = None
        self.output_names = symbol.list_outputs()
        self.num_outputs = len(self.output_names)
        self.output_layouts = [DataDesc.get_batch_axis(symbol[i].attr('__layout__')) for i in range(self.num_outputs)]
        self.bind_exec(data_shapes, label_shapes, shared_group)

    def _decide_grad_req(self, default, grad_req, data_names):
        params, fixed = set(self.param_names), set(self.fixed_param_names)

        def usual(name, req):
            if name in params:
                return 'null' if name in fixed else req
            if name in data_names:
                return req if self.inputs_need_grad else 'null'
            return 'null'
        if isinstance(grad_req, str):
            return {name: usual(name, grad_req) for name in self.arg_names}
        if isinstance(grad_req, (list, tuple)):
            if len(grad_req) != len(self.arg_names):
                raise AssertionError('grad_req has {} entries for the {} arguments {}'.format(
                    len(grad_req), len(self.arg_names), self.arg_names))
            return dict(zip(self.arg_names, grad_req))
        if isinstance(grad_req, dict):
            reqs = {name: usual(name, default) for name in self.arg_names}
            reqs.update(grad_req)
            return reqs
        raise ValueError('grad_req must be one of str, list, tuple, or dict.')

    # ---- binding ----------------------------------------------------------------------------------------
    def decide_slices(self, data_shapes):
        """The batch axis of each input, checking that they agree on the batch size and setting `slices`."""
        if not data_shapes:
            raise AssertionError('the executor group needs at least one data input')
        major_axis = [DataDesc.get_batch_axis(desc.layout) for desc in data_shapes]
        for (name, shape), axis in [(d, a) for d, a in zip(data_shapes, major_axis) if a != -1]:
            if self.batch_size is None:
                self.batch_size = shape[axis]
                self.slices = _split_input_slice(self.batch_size, self.workload)
            elif shape[axis] != self.batch_size:
                raise AssertionError('all data must have the same batch size: batch_size = %d, but %s has shape %s'
                                     % (self.batch_size, name, shape))
        return major_axis

    def bind_exec(self, data_shapes, label_shapes, shared_group=None, reshape=False):
        """Bind one executor per context (or, with `reshape`, reshape the first-bound ones) for these
        input shapes."""
        if self.execs and not reshape:
            raise AssertionError('the executor group is bound already; reshape it instead')
        self.batch_size = None
        self.data_layouts = self.decide_slices(data_shapes)
        self.label_layouts = self.decide_slices(label_shapes) if label_shapes is not None else self.label_layouts
        for i, _ in enumerate(self.contexts):
            shapes_i = self._sliced_shape(data_shapes, i, self.data_layouts)
            if label_shapes is not None:
                shapes_i = shapes_i + self._sliced_shape(label_shapes, i, self.label_layouts)
            if reshape:
                self.execs[i] = self._default_execs[i].reshape(allow_up_sizing=True, **dict(shapes_i))
            else:
                self.execs.append(self._bind_ith_exec(i, shapes_i, shared_group))
        self.data_shapes = data_shapes
        self.label_shapes = label_shapes
        self.data_names = [d.name for d in data_shapes]
        if label_shapes is not None:
            self.label_names = [d.name for d in label_shapes]
        self._collect_arrays()

    def reshape(self, data_shapes, label_shapes):
        """Executors for new input shapes, sharing memory with the first-bound ones."""
        if data_shapes == self.data_shapes and label_shapes == self.label_shapes:
            return
        if self._default_execs is None:
            self._default_execs = list(self.execs)
        self.bind_exec(data_shapes, label_shapes, reshape=True)

    def _bind_ith_exec(self, i, shapes, shared_group):
        types = {d.name: d.dtype for d in shapes}
        attrs = self.symbol.attr_dict()
        for name in self.symbol.list_inputs():
            flag = attrs.get(name, {}).get('__dtype__')
            if name in types and flag is not None and flag != '-1':
                types[name] = TORCH_TO_NP[FLAG_TO_TORCH[int(flag)]]
        exe = self.symbol.simple_bind(ctx=self.contexts[i], grad_req=self.grad_req, type_dict=types,
                                      shared_arg_names=self.param_names,
                                      shared_exec=None if shared_group is None else shared_group.execs[i],
                                      group2ctx=self.group2ctxs[i], shared_buffer=self.shared_data_arrays[i],
                                      **{d.name: d.shape for d in shapes})
        self._total_exec_bytes += exe._allocated_bytes() >> 20
        return exe

    def _sliced_shape(self, shapes, i, major_axis):
        """The descriptions of context i's share: the batch axis cut to its slice."""
        share = self.slices[i].stop - self.slices[i].start if self.slices else None
        sliced = []
        for desc, axis in zip(shapes, major_axis):
            dims = tuple(share if k == axis else d for k, d in enumerate(desc.shape))
            sliced.append(DataDesc(desc.name, dims, desc.dtype, desc.layout))
        return sliced

    def _collect_arrays(self):
        execs = self.execs
        slices = self.slices or [slice(i, i + 1) for i in range(len(execs))]
        self.data_arrays = [[(slices[i], e.arg_dict[name]) for i, e in enumerate(execs)]
                            for name, _ in self.data_shapes]
        self.state_arrays = [[e.arg_dict[name] for e in execs] for name in self.state_names]
        self.label_arrays = None if self.label_shapes is None else \
            [[(slices[i], e.arg_dict[name]) for i, e in enumerate(execs)] for name, _ in self.label_shapes]
        positions = [i for i, name in enumerate(self.arg_names) if name in self.param_names]
        self.param_arrays = [[e.arg_arrays[i] for e in execs] for i in positions]
        self.grad_arrays = [[e.grad_arrays[i] for e in execs] for i in positions] if self.for_training else None
        self.input_grad_arrays = None
        if self.inputs_need_grad:
            self.input_grad_arrays = [[e.grad_arrays[self.arg_names.index(name)] for e in execs]
                                      for name in self.data_names if name in self.arg_names]
        self.aux_arrays = [[e.aux_arrays[i] for e in execs] for i in range(len(self.aux_names))]

    # ---- parameters -------------------------------------------------------------------------------------
    def set_params(self, arg_params, aux_params, allow_extra=False):
        """Copy the given parameters into every executor."""
        for exe in self.execs:
            exe.copy_params_from(arg_params, aux_params, allow_extra_params=allow_extra)

    def get_params(self, arg_params, aux_params):
        """Copy the parameters (averaged over the devices) into the arrays of `arg_params`/`aux_params`."""
        for names, blocks, into in ((self.param_names, self.param_arrays, arg_params),
                                    (self.aux_names, self.aux_arrays, aux_params)):
            for name, block in zip(names, blocks):
                dst = into[name]._t
                if len(block) == 1:
                    dst.copy_(block[0]._t)
                else:
                    total = sum(a._t.to(dst.device, torch.float64) for a in block)
                    dst.copy_(total / len(block))

    # ---- running ----------------------------------------------------------------------------------------
    def forward(self, data_batch, is_train=None):
        """Load the batch (split over the devices) and run every executor forward (training mode by
        default when bound for training)."""
        load = _load_batch
        if self.adopt_inputs and len(self.execs) == 1 and not isinstance(data_batch, list):
            load = _adopt_batch
        load(data_batch, self.data_arrays, self.data_layouts, 'data')
        if is_train is None:
            is_train = self.for_training
        if self.label_arrays is not None:
            first = data_batch[0] if isinstance(data_batch, list) else data_batch
            if first.label:
                load(data_batch, self.label_arrays, self.label_layouts, 'label')
        for exe in self.execs:
            exe.forward(is_train=is_train)

    def backward(self, out_grads=None):
        """Run every executor backward, each with its slice of `out_grads`."""
        if not self.for_training:
            raise AssertionError('re-bind with for_training=True to run backward')
        out_grads = out_grads or []
        for i, (exe, where) in enumerate(zip(self.execs, self.slices)):
            mine = []
            for grad, axis in zip(out_grads, self.output_layouts):
                part = _slice_along(grad, axis, where) if axis >= 0 else grad
                mine.append(part if part.context == self.contexts[i] else part.as_in_context(self.contexts[i]))
            exe.backward(out_grads=mine)

    def get_output_shapes(self):
        """[(output name, shape with the whole batch)]."""
        shapes = []
        for name, out, axis in zip(self.output_names, self.execs[0].outputs, self.output_layouts):
            shape = list(out.shape)
            if axis >= 0:
                shape[axis] = self.batch_size
            shapes.append((name, tuple(shape)))
        return shapes

    def get_outputs(self, merge_multi_context=True, begin=0, end=None):
        """Outputs begin..end: per output, one array joined over the devices, or (without merging) the
        list of the devices' arrays."""
        end = self.num_outputs if end is None else end
        outputs = [[exe.outputs[i] for exe in self.execs] for i in range(begin, end)]
        if merge_multi_context:
            return _merge_multi_context(outputs, self.output_layouts[begin:end])
        return outputs

    def get_states(self, merge_multi_context=True):
        """The state arrays, per state the list of the devices' arrays."""
        if merge_multi_context:
            raise AssertionError('merge_multi_context=True is not supported for get_states yet.')
        return self.state_arrays

    def set_states(self, states=None, value=None):
        """Set the states from arrays (`states`, as get_states gives them) or to one number (`value`)."""
        if states is not None:
            if value is not None:
                raise AssertionError('Only one of states & value can be specified.')
            _load_general(states, self.state_arrays, (0,) * len(states))
            return
        if value is None:
            raise AssertionError('At least one of states & value must be specified.')
        for per_device in self.state_arrays:
            for dst in per_device:
                dst[:] = value

    def get_input_grads(self, merge_multi_context=True):
        """The gradients of the data inputs (bound with inputs_need_grad)."""
        if not self.inputs_need_grad:
            raise AssertionError('bind with inputs_need_grad=True to get the gradients of the inputs')
        if merge_multi_context:
            return _merge_multi_context(self.input_grad_arrays, self.data_layouts)
        return self.input_grad_arrays

    def update_metric(self, eval_metric, labels, pre_sliced):
        """Update `eval_metric` with each executor's outputs and its slice of `labels` (already one list
        per executor when `pre_sliced`)."""
        layouts = self.label_layouts or [0] * len(labels)
        names = self.label_names or []
        for k, (exe, where) in enumerate(zip(self.execs, self.slices)):
            if pre_sliced:
                mine = labels[k]
            else:
                mine = [_slice_along(label, axis, where) for label, axis in zip(labels, layouts)]
            eval_metric.update_dict(OrderedDict(zip(names, mine)),
                                    OrderedDict(zip(self.output_names, exe.outputs)))

    def install_monitor(self, mon):
        """Install the monitor on every executor."""
        for exe in self.execs:
            mon.install(exe)
