"""The exporter's graph walk: an MXNet symbol (its JSON nodes, in order) becomes an ONNX GraphProto.

Every node's output shapes and dtypes come from one shape/dtype inference over the symbol's internals, so
each converter sees them (``node.in_shapes``, ``node.out_shapes``, ...). A converter appends ONNX nodes
through the `ExportContext` and names the tensors of the MXNet node's outputs: its name when it has one
output, ``name0``, ``name1``, ... when it has several (the names MXNet 1.9.1's exporter gives them, and the
graph's output names)."""
import ast
import json
import logging
import re

import numpy as np
from ...base import _require

# The ONNX opset the files declare: MXNet 1.9.1 registers converters for opsets 12 and 13.
EXPORT_OPSET = 13
# The IR version that came with opset 13 (onnx 1.8), which every runtime reading opset 13 reads.
EXPORT_IR_VERSION = 7


_MISSING_ONNX = ("Onnx and protobuf need to be installed. Instructions to install - "
                 "https://github.com/onnx/onnx")


def _onnx():
    """The onnx package, imported at the first use (MXNet's ImportError when it is not installed)."""
    import importlib
    try:
        return importlib.import_module('onnx')
    except ImportError:
        raise ImportError(_MISSING_ONNX) from None


def np_to_onnx_type(dtype):
    """The TensorProto element type of a NumPy dtype."""
    onnx = _onnx()
    return onnx.helper.np_dtype_to_tensor_dtype(np.dtype(dtype))


def onnx_to_np_type(elem_type):
    """The NumPy dtype of a TensorProto element type."""
    onnx = _onnx()
    return np.dtype(onnx.helper.tensor_dtype_to_np_dtype(elem_type))


# ---------------------------------------------------------------- attribute parsing (MXNet's JSON strings)
def attr_tuple(attrs, key, default=None):
    """A tuple attribute such as ``'(3, 3)'`` or ``'[1,1]'``; an int gives a 1-tuple; None entries kept."""
    v = attrs.get(key)
    if v is None or v == 'None':
        return default
    if isinstance(v, (tuple, list)):
        return tuple(v)
    v = ast.literal_eval(v.replace('L', '')) if isinstance(v, str) else v
    if v is None:
        return default
    return tuple(v) if isinstance(v, (tuple, list)) else (v,)


def attr_int(attrs, key, default=None):
    v = attrs.get(key)
    if v is None or v == 'None':
        return default
    return int(v)


def attr_float(attrs, key, default=None):
    v = attrs.get(key)
    if v is None or v == 'None':
        return default
    return float(v)


def attr_bool(attrs, key, default=False):
    v = attrs.get(key)
    if v is None:
        return default
    if isinstance(v, str):
        return v.strip() in ('True', 'true', '1')
    return bool(v)


def attr_str(attrs, key, default=None):
    v = attrs.get(key)
    return default if v is None or v == 'None' else str(v)


class NodeInfo(object):
    """What a converter knows of one MXNet node."""
    __slots__ = ('name', 'op', 'attrs', 'inputs', 'in_shapes', 'in_dtypes', 'out_shapes', 'out_dtypes',
                 'num_outputs')

    def __init__(self, name, op, attrs, inputs, in_shapes, in_dtypes, out_shapes, out_dtypes):
        self.name, self.op, self.attrs, self.inputs = name, op, attrs, inputs
        self.in_shapes, self.in_dtypes = in_shapes, in_dtypes
        self.out_shapes, self.out_dtypes = out_shapes, out_dtypes
        self.num_outputs = len(out_shapes)

    @property
    def out_name(self):
        return self.name

    def output_names(self, count=None):
        count = self.num_outputs if count is None else count
        return [self.name] if count == 1 else [self.name + str(i) for i in range(count)]


class ExportContext(object):
    """The ONNX graph being built: nodes, initializers and unique names."""

    def __init__(self, dynamic=False):
        self.nodes = []
        self.initializer = []
        self.dynamic = dynamic
        self.graph_inputs = []      # ValueInfoProtos of the data inputs
        self.weights = {}           # parameter name -> NumPy array
        self.data_input = None      # (element type, shape) of the variable being converted, if data
        self._names = set()

    def unique(self, name):
        base, i = name, 0
        while name in self._names:
            name = '%s_%d' % (base, i)
            i += 1
        self._names.add(name)
        return name

    def node(self, op_type, inputs, outputs=None, name=None, **attrs):
        """Append one ONNX node; `outputs` is a name or a list of names (default: a fresh name from
        `name`). Returns the output name (or the list of them)."""
        onnx = _onnx()
        single = not isinstance(outputs, (list, tuple))
        if outputs is None:
            outputs = self.unique(name or op_type)
        outs = [outputs] if single else list(outputs)
        for o in outs:
            self._names.add(o)
        attrs = {k: v for k, v in attrs.items() if v is not None}
        self.nodes.append(onnx.helper.make_node(op_type, list(inputs), outs, name=name or outs[0], **attrs))
        return outs[0] if single else outs

    def const(self, name, value, dtype=None):
        """An initializer holding `value`; returns its (unique) name."""
        onnx = _onnx()
        arr = np.asarray(value, dtype=dtype)
        name = self.unique(name)
        self.initializer.append(onnx.numpy_helper.from_array(arr, name))
        return name

    def int64s(self, name, values):
        return self.const(name, np.asarray(list(values), dtype=np.int64))


# ---------------------------------------------------------------- the exporter
class MXNetGraph(object):
    """Converts an MXNet symbol with its parameters to an ONNX graph."""
    registry_ = {}

    @staticmethod
    def register(op_name, opset_version=12):
        """Decorator: the converter of MXNet operator `op_name` from ONNX opset `opset_version` on."""
        def wrapper(func):
            MXNetGraph.registry_.setdefault(opset_version, {})[op_name] = func
            return func
        return wrapper

    @staticmethod
    def converter_for(op, opset_version=EXPORT_OPSET):
        for version in range(opset_version, 11, -1):
            func = MXNetGraph.registry_.get(version, {}).get(op)
            if func is not None:
                return func
        return None

    @staticmethod
    def convert_layer(node, ctx, opset_version=EXPORT_OPSET):
        """Convert one MXNet node (a `NodeInfo`) into ONNX nodes appended to `ctx`."""
        func = MXNetGraph.converter_for(node.op, opset_version)
        if func is None:
            raise AttributeError("No conversion function registered for op type %s yet." % node.op)
        return func(ctx, node)

    @staticmethod
    def split_params(sym, params):
        """Split a dict of parameters into the symbol's argument and auxiliary parameters."""
        from ... import ndarray as nd
        args = {n: nd.array(params[n]) for n in sym.list_arguments() if n in params}
        aux = {n: nd.array(params[n]) for n in sym.list_auxiliary_states() if n in params}
        return args, aux

    @staticmethod
    def convert_weights_to_numpy(weights_dict):
        """The parameters as NumPy arrays, names without the 'arg:'/'aux:' prefixes of a params file."""
        out = {}
        for k, v in weights_dict.items():
            k = k.replace('arg:', '').replace('aux:', '')
            out[k] = v.asnumpy() if hasattr(v, 'asnumpy') else np.asarray(v)
        return out

    @staticmethod
    def output_name(mx_name):
        """The ONNX name of an MXNet output name (``conv0_output`` -> ``conv0``, ``split0_output1`` ->
        ``split01``)."""
        if mx_name.endswith('_state_output'):
            return mx_name[:-len('_state_output')] + '1'
        if mx_name.endswith('_statecell_output'):
            return mx_name[:-len('_statecell_output')] + '2'
        if mx_name.endswith('_output'):
            return mx_name[:-len('_output')]
        if re.search('_output[0-9]+$', mx_name):
            m = re.search('_output([0-9]+)$', mx_name)
            return mx_name[:m.start()] + m.group(1)
        logging.info("output '%s' does not end with '_output'", mx_name)
        return mx_name

    def create_onnx_graph_proto(self, sym, params, in_shapes, in_types, verbose=False, opset_version=None,
                                dynamic=False, dynamic_input_shapes=None):
        """The ONNX GraphProto of `sym` with `params` (a dict of arrays) for inputs of `in_shapes` and
        ONNX element types `in_types`."""
        onnx = _onnx()
        opset_version = EXPORT_OPSET if opset_version is None else opset_version
        weights = self.convert_weights_to_numpy(params)
        internals = sym.get_internals()
        output_label = internals[len(internals) - 1].name + '_label'
        graph_nodes = json.loads(sym.tojson())['nodes']

        data_names = [n for n in sym.list_inputs() if n not in weights and n != output_label]
        if len(in_shapes) != len(data_names):
            raise ValueError('in_shapes has %d shapes but the symbol has %d data inputs (%s)'
                             % (len(in_shapes), len(data_names), ', '.join(data_names)))
        np_types = [onnx_to_np_type(t) for t in in_types]
        known_shapes = {n: tuple(s) for n, s in zip(data_names, in_shapes)}
        known_shapes.update({n: weights[n].shape for n in sym.list_inputs() if n in weights})
        known_types = {n: t for n, t in zip(data_names, np_types)}
        known_types.update({n: weights[n].dtype for n in sym.list_inputs() if n in weights})
        if output_label in sym.list_inputs():
            known_types.setdefault(output_label, np.dtype(np.float32))
        _, int_shapes, _ = internals.infer_shape(**known_shapes)
        int_types = self._infer_types(internals, known_types)
        shape_of = dict(zip(internals.list_outputs(), int_shapes))
        type_of = dict(zip(internals.list_outputs(), int_types))
        _, out_shapes, _ = sym.infer_shape(**known_shapes)
        out_types = [type_of.get(n, np.float32) for n in sym.list_outputs()]

        if dynamic:
            if dynamic_input_shapes is None:
                graph_in_shapes = [tuple(None for _ in s) for s in in_shapes]
            else:
                _require(len(in_shapes) == len(dynamic_input_shapes),
                         "The length of dynamic_input_shapes must equal to the length of in_shapes.")
                for s, d in zip(in_shapes, dynamic_input_shapes):
                    _require(len(s) == len(d), "The dimensionality of each shape must match.")
                graph_in_shapes = [tuple(d) for d in dynamic_input_shapes]
            graph_out_shapes = [tuple(None for _ in s) for s in out_shapes]
        else:
            _require(dynamic_input_shapes is None, "dynamic_input_shapes is specified. Please "
                     "set dynamic_input_shapes=True to enable dynamic input shapes")
            graph_in_shapes = [tuple(s) for s in in_shapes]
            graph_out_shapes = [tuple(s) for s in out_shapes]

        ctx = ExportContext(dynamic)
        tensor = {}          # (node index, output index) -> ONNX tensor name
        seen = set()
        data_index = {n: i for i, n in enumerate(data_names)}
        for idx, jnode in enumerate(graph_nodes):
            op, name = jnode['op'], jnode['name']
            if name in seen:
                name = 'idx_%d_%s' % (idx, name)
            seen.add(name)
            if verbose:
                logging.info("Converting idx: %d, op: %s, name: %s", idx, op, name)
            if op == 'null':
                if jnode['name'] == output_label and jnode['name'] not in weights:
                    continue
                ctx.weights = weights
                k = data_index.get(jnode['name'])
                ctx.data_input = None if k is None else (in_types[k], graph_in_shapes[k])
                info = NodeInfo(name, op, {'__source__': jnode['name']}, [], [], [], [], [])
                names = self.convert_layer(info, ctx, opset_version)
                tensor[(idx, 0)] = names[0]
                continue
            attrs = dict(jnode.get('attrs', jnode.get('param', {})) or {})
            ins, in_sh, in_ty = [], [], []
            for src, out_i, _ in jnode['inputs']:
                ins.append(tensor.get((src, out_i)))
                key = self._internal_key(graph_nodes[src], out_i, shape_of)
                in_sh.append(tuple(shape_of[key]) if key in shape_of else None)
                in_ty.append(np.dtype(type_of[key]) if key in type_of else None)
            outs_sh, outs_ty = [], []
            k = 0
            while True:
                key = self._internal_key(jnode, k, shape_of)
                if key not in shape_of or (k > 0 and key == self._internal_key(jnode, 0, shape_of)):
                    break
                outs_sh.append(tuple(shape_of[key]))
                outs_ty.append(np.dtype(type_of[key]))
                k += 1
            info = NodeInfo(name, op, attrs, ins, in_sh, in_ty, outs_sh, outs_ty)
            names = self.convert_layer(info, ctx, opset_version)
            for i, n in enumerate(names):
                tensor[(idx, i)] = n

        graph_outputs = []
        for (src, out_i, _), shape, dtype in zip(json.loads(sym.tojson())['heads'], graph_out_shapes,
                                                 out_types):
            name = tensor[(src, out_i)]
            graph_outputs.append(onnx.helper.make_tensor_value_info(
                name, np_to_onnx_type(np.dtype(dtype)), shape))
        graph = onnx.helper.make_graph(ctx.nodes, 'mxnet_converted_model', ctx.graph_inputs, graph_outputs,
                                       initializer=ctx.initializer)
        return graph

    @staticmethod
    def _infer_types(internals, known_types):
        """The dtypes of all internal outputs; those inference leaves undecided are float32."""
        try:
            _, types, _ = internals.infer_type(**known_types)
        except Exception:  # noqa: BLE001  (then what partial inference decides)
            types = None
        if types is None:
            try:
                _, types, _ = internals.infer_type_partial(**known_types)
            except Exception:  # noqa: BLE001
                types = None
        if types is None:
            types = [None] * len(internals.list_outputs())
        return [np.float32 if t is None else t for t in types]

    @staticmethod
    def _internal_key(jnode, out_i, shape_of):
        """The name get_internals() gives output `out_i` of a JSON node."""
        if jnode['op'] == 'null':
            return jnode['name']
        single = jnode['name'] + '_output'
        if out_i == 0 and single in shape_of:
            return single
        return '%s_output%d' % (jnode['name'], out_i)
