"""``mx.executor_manager``: the executors behind MXNet's FeedForward, one per device, each on its slice of
the batch (MXNet keeps this module for code written against it; Module's DataParallelExecutorGroup in
mx.module.executor_group is the newer form of the same thing).

A DataParallelExecutorManager binds the symbol once per context for the training iterator's batches
(and, with `sym_gen`, once more per bucket key, sharing the parameters, their gradients and the data
arrays' memory with the default bucket's executors), loads batches slice by slice, runs forward and
backward, feeds a metric, and hands the parameters to the update steps of mx.model as lists with one
array per context."""
import logging

import numpy as np

from . import ndarray as nd
from .base import mx_real_t
from .context import cpu
from .io import DataDesc
from .model import _check_arguments, _load_data, _load_general, _start_training
from .module.executor_group import _split_input_slice

__all__ = ['DataParallelExecutorGroup', 'DataParallelExecutorManager']


def _load_label(batch, targets):
    """Copy the batch's labels into `targets` (see mx.model._load_general)."""
    _load_general(batch.label, targets)


def _grad_names(need_grad, arg_names, input_names):
    if need_grad is False:
        return set()
    if need_grad is True:
        return set(arg_names) - set(input_names)
    if isinstance(need_grad, set):
        return need_grad
    raise AssertionError('need_grad must be boolean or set.')


def _input_array(name, shape, dtype, ctx, shared, logger):
    """The array of a data or label input: the bucket's shared one (viewed in this shape) when it is big
    enough, else a new one (which becomes the shared one)."""
    held = None if shared is None else shared.get(name)
    if held is not None:
        if np.prod(held.shape) >= np.prod(shape):
            if held.dtype != dtype:
                raise AssertionError('the shared array of %s is %s, not %s' % (name, held.dtype, dtype))
            return held.reshape(shape)
        logger.warning('bucketing: data "%s" has a shape %s, which is larger than already allocated shape %s. '
                       'Need to re-allocate. Consider putting default_bucket_key to be the bucket taking the '
                       'largest input for better memory sharing.' % (name, shape, held.shape))
    made = nd.zeros(shape, ctx, dtype=dtype)
    if shared is not None:
        shared[name] = made
    return made


def _bind_exec(sym, ctx, input_shapes, param_names, need_grad=False, base_exec=None, shared_data_arrays=None,
               input_types=None, logger=logging):
    """Bind `sym` on `ctx` for inputs of `input_shapes` (name -> shape): new parameter arrays, or
    `base_exec`'s (a bucket's executors share the default bucket's parameters and gradients); input
    arrays shared through the dict `shared_data_arrays` where they fit. `need_grad` is True (every
    parameter), False, or a set of names."""
    arg_shapes, _, aux_shapes = sym.infer_shape(**input_shapes)
    if arg_shapes is None:
        raise AssertionError('the shapes of %s cannot be inferred from %s' % (sym.name, input_shapes))
    if input_types is None:
        input_types = {name: mx_real_t for name in input_shapes}
    arg_types, _, aux_types = sym.infer_type(**input_types)
    if arg_types is None:
        raise AssertionError('the types of %s cannot be inferred' % sym.name)
    arg_names = sym.list_arguments()
    wanted = _grad_names(need_grad, arg_names, input_shapes)
    grads = None if need_grad is False else {}
    args = []
    for name, shape, dtype in zip(arg_names, arg_shapes, arg_types):
        if name not in param_names:
            args.append(_input_array(name, shape, dtype, ctx, shared_data_arrays, logger))
        elif base_exec is None:
            args.append(nd.zeros(shape, ctx, dtype=dtype))
            if name in wanted:
                grads[name] = nd.zeros(shape, ctx, dtype=dtype)
        else:
            shared = base_exec.arg_dict[name]
            if shared.shape != shape or shared.dtype != dtype:
                raise AssertionError('parameter %s is %s %s in the shared executor, %s %s here'
                                     % (name, shared.shape, shared.dtype, shape, dtype))
            args.append(shared)
            if name in wanted:
                grads[name] = base_exec.grad_dict[name]
    if base_exec is None:
        auxs = [nd.zeros(shape, ctx, dtype=dtype) for shape, dtype in zip(aux_shapes, aux_types)]
    else:
        auxs = list(base_exec.aux_arrays)
        for have, shape, dtype in zip(auxs, aux_shapes, aux_types):
            if have.shape != shape or have.dtype != dtype:
                raise AssertionError('an auxiliary state differs from the shared executor\'s')
    grad_req = {name: 'write' if name in wanted else 'null' for name in arg_names}
    return sym.bind(ctx=ctx, args=args, args_grad=grads, aux_states=auxs, grad_req=grad_req, shared_exec=base_exec)


class DataParallelExecutorGroup:
    """`sym` bound on every context of `ctx` for its slice (of `slices`) of the batches `train_data`
    describes (a DataIter or a DataBatch with provide_data/provide_label); with `shared_group`, sharing
    that group's parameters and input memory (buckets)."""

    def __init__(self, sym, arg_names, param_names, ctx, slices, train_data, shared_group=None):
        _check_arguments(sym)
        self.shared_data_arrays = [{} for _ in ctx] if shared_group is None else shared_group.shared_data_arrays
        inputs = list(train_data.provide_data) + list(train_data.provide_label)
        self.data_names = [d[0] for d in train_data.provide_data]
        self.label_names = [d[0] for d in train_data.provide_label]
        self.aux_names = sym.list_auxiliary_states()
        self.param_idx = [i for i, name in enumerate(arg_names) if name in param_names]
        self.param_names = [arg_names[i] for i in self.param_idx]
        self.train_execs = []
        for k, (where, part) in enumerate(zip(ctx, slices)):
            shapes = {d[0]: (part.stop - part.start,) + tuple(d[1][1:]) for d in inputs}
            types = {d[0]: d.dtype if isinstance(d, DataDesc) else mx_real_t for d in inputs}
            self.train_execs.append(_bind_exec(
                sym, where, shapes, self.param_names, need_grad=True,
                base_exec=None if shared_group is None else shared_group.train_execs[k],
                shared_data_arrays=self.shared_data_arrays[k], input_types=types))
        execs = self.train_execs
        self.data_arrays = [[(s, e.arg_dict[n]) for s, e in zip(slices, execs)] for n in self.data_names]
        self.label_arrays = [[(s, e.arg_dict[n]) for s, e in zip(slices, execs)] for n in self.label_names]
        self.param_arrays = [[e.arg_arrays[i] for e in execs] for i in self.param_idx]
        self.grad_arrays = [[e.grad_arrays[i] for e in execs] for i in self.param_idx]
        self.aux_arrays = [[e.aux_arrays[i] for e in execs] for i in range(len(self.aux_names))]
        self.slices = slices

    def load_data_batch(self, data_batch):
        """Copy the batch's data and labels, slice by slice, into the executors' inputs."""
        _load_data(data_batch, self.data_arrays)
        _load_label(data_batch, self.label_arrays)

    def forward(self, is_train=False):
        """Forward on every executor."""
        for e in self.train_execs:
            e.forward(is_train=is_train)

    def backward(self):
        """Backward on every executor."""
        for e in self.train_execs:
            e.backward()

    def update_metric(self, metric, labels, pre_sliced=False):
        """Add each executor's outputs with its slice of `labels` (or `labels[k]` when pre-sliced)."""
        for k, (e, part) in enumerate(zip(self.train_execs, self.slices)):
            metric.update(labels[k] if pre_sliced else [label[part] for label in labels], e.outputs)


class DataParallelExecutorManager:
    """The executors FeedForward trains with: `symbol` (or, with `sym_gen`, one graph per bucket key)
    bound on the contexts `ctx`, each taking its share (`work_load_list`) of `train_data`'s batches."""

    def __init__(self, symbol, ctx, train_data, arg_names, param_names, aux_names, work_load_list=None,
                 logger=None, sym_gen=None):
        _, work_load_list = _start_training(ctx, logger, work_load_list)
        self.slices = _split_input_slice(train_data.batch_size, work_load_list)
        self.arg_names, self.param_names, self.aux_names = arg_names, param_names, aux_names
        self.ctx, self.symbol, self.sym_gen = ctx, symbol, sym_gen
        self.execgrp = DataParallelExecutorGroup(symbol, arg_names, param_names, ctx, self.slices, train_data)
        self.curr_execgrp = None
        if sym_gen is not None:
            self.execgrp_bucket = {train_data.default_bucket_key: self.execgrp}

    def install_monitor(self, monitor):
        """Install `monitor` on the executors (not with buckets)."""
        if self.sym_gen is not None:
            raise NotImplementedError('Monitoring is not implemented for bucketing')
        for e in self.execgrp.train_execs:
            monitor.install(e)

    def set_params(self, arg_params, aux_params):
        """Copy the parameters and auxiliary states (dicts by name) into every executor."""
        for e in self.execgrp.train_execs:
            e.copy_params_from(arg_params, aux_params)

    def copy_to(self, arg_params, aux_params):
        """Write the parameters and auxiliary states, averaged over the devices, into the arrays of
        `arg_params` and `aux_params` (in place, in their dtypes)."""
        for names, per_device, into in ((self.param_names, self.param_arrays, arg_params),
                                        (self.aux_names, self.aux_arrays, aux_params)):
            for name, arrays in zip(names, per_device):
                mean = sum(a.copyto(cpu()) for a in arrays) / len(arrays)
                mean.astype(into[name].dtype).copyto(into[name])

    @property
    def param_arrays(self):
        """Per parameter, its array on every device (shared by all buckets)."""
        return self.execgrp.param_arrays

    @property
    def grad_arrays(self):
        """Per parameter, its gradient on every device (shared by all buckets)."""
        return self.execgrp.grad_arrays

    @property
    def aux_arrays(self):
        """Per auxiliary state, its array on every device (shared by all buckets)."""
        return self.execgrp.aux_arrays

    def load_data_batch(self, data_batch):
        """Choose the executors of the batch's bucket (binding them at its first batch) and load it."""
        group = self.execgrp
        if self.sym_gen is not None:
            key = data_batch.bucket_key
            group = self.execgrp_bucket.get(key)
            if group is None:
                group = DataParallelExecutorGroup(self.sym_gen(key), self.arg_names, self.param_names, self.ctx,
                                                  self.slices, data_batch, shared_group=self.execgrp)
                self.execgrp_bucket[key] = group
        self.curr_execgrp = group
        group.load_data_batch(data_batch)

    def forward(self, is_train=False):
        """Forward on the current bucket's executors."""
        self.curr_execgrp.forward(is_train=is_train)

    def backward(self):
        """Backward on the current bucket's executors."""
        self.curr_execgrp.backward()

    def update_metric(self, metric, labels, pre_sliced=False):
        """Add the current outputs to `metric`."""
        self.curr_execgrp.update_metric(metric, labels, pre_sliced)
