"""The importer's graph walk: an ONNX GraphProto becomes an MXNet symbol with its parameters.

Initializers become parameters (``arg_params``/``aux_params``, by the role the symbol gives them); tensors
whose values are known (initializers, Constant nodes) are also readable as NumPy arrays, so converters
take axes, shapes, pads and sizes from them. ONNX's shape inference, run once, gives converters the
static shapes it can (``node.shape(i)``)."""
import numpy as np

from ....base import string_types
from ....base import _require


from ....onnx.mx2onnx._export_onnx import _onnx  # noqa: E402  (the one loader of the onnx package)


class OnnxNode(object):
    """What a converter sees of one ONNX node."""
    __slots__ = ('graph', 'proto', 'name', 'op_type', 'attrs', 'input_names', 'output_names')

    def __init__(self, graph, proto, attrs):
        self.graph, self.proto = graph, proto
        self.name = proto.name.strip() or None
        self.op_type = proto.op_type
        self.attrs = attrs
        self.input_names = list(proto.input)
        self.output_names = list(proto.output)

    @property
    def num_inputs(self):
        return len(self.input_names)

    def has_input(self, i):
        return i < len(self.input_names) and bool(self.input_names[i])

    def sym(self, i):
        """Input `i` as a symbol (a parameter becomes a Variable of its shape)."""
        return self.graph.tensor(self.input_names[i])

    def syms(self):
        return [self.sym(i) for i in range(self.num_inputs) if self.input_names[i]]

    def const(self, i):
        """The value of input `i` when it is known (an initializer or a Constant), else None."""
        if not self.has_input(i):
            return None
        return self.graph.constant(self.input_names[i])

    def shape(self, i):
        """The static shape of input `i`, or None."""
        if not self.has_input(i):
            return None
        return self.graph.shape_of(self.input_names[i])

    def out_shape(self, i=0):
        return self.graph.shape_of(self.output_names[i])

    def sub(self, suffix):
        """A name for a helper symbol of this node."""
        return None if self.name is None else self.name + suffix

    def kw(self):
        """``name=`` for the symbol that stands for this node."""
        return {} if self.name is None else {'name': self.name}


class GraphProto(object):
    """Converts an ONNX graph to an MXNet symbol."""

    def __init__(self):
        self._nodes = {}
        self._params = {}
        self._consts = {}
        self._shapes = {}
        self._shape_sources = {}
        self._input_shapes = {}
        self.arg_dict = {}
        self.aux_dict = {}
        self.model_metadata = {}
        self.opset_version = 0

    # ---------------------------------------------------------------- tensors
    def tensor(self, name):
        """The symbol of tensor `name`; a known value not yet a symbol becomes a parameter Variable."""
        from .... import symbol
        if name not in self._nodes:
            if name not in self._consts:
                raise ValueError('ONNX tensor %r is used before any node produces it' % name)
            value = self._consts[name]
            if name not in self._params:
                self._params[name] = self._to_nd(value)
            self._nodes[name] = symbol.Variable(name=name, shape=self._params[name].shape,
                                                dtype=self._params[name].dtype)
        return self._nodes[name]

    def constant(self, name):
        return self._consts.get(name)

    def shape_of(self, name):
        if name in self._consts:
            return tuple(np.shape(self._consts[name]))
        if name not in self._shapes and name in self._nodes:
            # ONNX could not tell (a shape computed in the graph): ask the symbol built so far
            sym = self._nodes[name]
            known = {n: s for n, s in self._input_shapes.items() if n in sym.list_inputs()}
            try:
                _, out_shapes, _ = sym.infer_shape_partial(**known)
            except Exception:  # noqa: BLE001
                out_shapes = None
            if out_shapes and out_shapes[0] and all(d > 0 for d in out_shapes[0]):
                self._shapes[name] = tuple(out_shapes[0])
        return self._shapes.get(name)

    def shape_source(self, name):
        """The tensor whose Shape `name` is (a Shape node's output), or None."""
        return self._shape_sources.get(name)

    @staticmethod
    def _to_nd(value):
        from .... import ndarray as nd
        value = np.asarray(value)
        if value.ndim == 0:
            value = value.reshape(1)
        return nd.array(value, dtype=value.dtype)

    # ---------------------------------------------------------------- conversion
    def _convert_operator(self, node):
        from ._import_helper import _convert_map as convert_map
        if node.op_type not in convert_map:
            raise NotImplementedError("Operator {} not implemented.".format(node.op_type))
        return convert_map[node.op_type](node)

    def _infer_shapes(self, graph):
        onnx = _onnx()
        shapes = {}
        try:
            model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid('', self.opset_version)])
            graph = onnx.shape_inference.infer_shapes(model).graph
        except Exception:  # noqa: BLE001  (a graph ONNX cannot infer still imports, with fewer shapes)
            pass
        for vi in list(graph.input) + list(graph.value_info) + list(graph.output):
            t = vi.type.tensor_type
            if not t.HasField('shape'):
                continue
            dims = [d.dim_value if d.HasField('dim_value') else None for d in t.shape.dim]
            if all(d is not None for d in dims):
                shapes[vi.name] = tuple(dims)
        return shapes

    def from_onnx(self, graph, opset_version):
        """``(sym, arg_params, aux_params)`` of an ONNX GraphProto."""
        from .... import symbol
        onnx = _onnx()
        self.opset_version = opset_version
        self.model_metadata = self.get_graph_metadata(graph)
        for init in graph.initializer:
            if not init.name.strip():
                raise ValueError("Tensor's name is required.")
            self._consts[init.name] = onnx.numpy_helper.to_array(init)
        self._shapes = self._infer_shapes(graph)
        self._input_shapes = {i.name: self._shapes[i.name] for i in graph.input if i.name in self._shapes}
        for i in graph.input:
            if i.name in self._consts:
                self.tensor(i.name)
            else:
                self._nodes[i.name] = symbol.Variable(name=i.name)
        for proto in graph.node:
            attrs = self._parse_attr(proto.attribute)
            if proto.op_type == 'Constant':
                self._consts[proto.output[0]] = self._constant_value(proto, attrs)
                continue
            node = OnnxNode(self, proto, attrs)
            folded = self._fold(proto, node)
            if folded is not None:
                for name, value in zip(proto.output, folded):
                    self._consts[name] = value
                continue
            if proto.op_type == 'Shape' and node.has_input(0):
                self._shape_sources[proto.output[0]] = proto.input[0]
            out = self._convert_operator(node)
            if isinstance(out, np.ndarray):      # a converter that folded to a value
                self._consts[proto.output[0]] = out
                continue
            outs = list(out) if isinstance(out, (list, tuple)) else [out[i] for i in range(len(out.list_outputs()))]
            for name, s in zip(proto.output, outs):
                if name:
                    self._nodes[name] = s
        outs = [self.tensor(o.name) for o in graph.output]
        sym = symbol.Group(outs) if len(outs) > 1 else outs[0]
        for name in sym.list_arguments():
            if name in self._params:
                self.arg_dict[name] = self._params[name]
            elif name in self._consts:
                self.arg_dict[name] = self._to_nd(self._consts[name])
        for name in sym.list_auxiliary_states():
            if name in self._params:
                self.aux_dict[name] = self._params[name]
            elif name in self._consts:
                self.aux_dict[name] = self._to_nd(self._consts[name])
        return sym, self.arg_dict, self.aux_dict

    _NEVER_FOLDED = frozenset(['RandomUniform', 'RandomNormal', 'RandomUniformLike', 'RandomNormalLike',
                               'Multinomial', 'Bernoulli', 'Dropout'])

    def _fold(self, proto, node):
        """The output values of a node whose inputs are all known (shape arithmetic such as
        Shape -> Slice -> Concat -> Reshape), computed by ONNX's reference evaluator; else None."""
        names = [n for n in proto.input if n]
        if not names or proto.op_type in self._NEVER_FOLDED or any(n not in self._consts for n in names):
            return None
        onnx = _onnx()
        from onnx.reference import ReferenceEvaluator
        inputs = [onnx.helper.make_tensor_value_info(n, onnx.helper.np_dtype_to_tensor_dtype(
            np.asarray(self._consts[n]).dtype), None) for n in names]
        outputs = [onnx.helper.make_tensor_value_info(n, 0, None) for n in proto.output if n]
        graph = onnx.helper.make_graph([proto], 'fold', inputs, outputs)
        model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid('', self.opset_version)])
        try:
            values = ReferenceEvaluator(model).run(None, {n: np.asarray(self._consts[n]) for n in names})
        except Exception:  # noqa: BLE001  (left to the converter, which gives the clear error)
            return None
        return [np.asarray(v) for v in values]

    @staticmethod
    def _constant_value(proto, attrs):
        onnx = _onnx()
        if 'value' in attrs:
            return onnx.numpy_helper.to_array(attrs['value'])
        for key, dtype in (('value_float', np.float32), ('value_int', np.int64)):
            if key in attrs:
                return np.array(attrs[key], dtype=dtype)
        for key, dtype in (('value_floats', np.float32), ('value_ints', np.int64)):
            if key in attrs:
                return np.array(attrs[key], dtype=dtype)
        raise NotImplementedError('Constant node %r: only tensor, float and int values are supported'
                                  % proto.name)

    def get_graph_metadata(self, graph):
        """``{'input_tensor_data': [(name, shape, elem_type)], 'output_tensor_data': [(name, shape)]}``
        of the graph's data inputs (those that are not initializers) and outputs."""
        params = {t.name for t in graph.initializer}
        inputs = []
        for i in graph.input:
            if i.name not in params:
                shape = tuple(d.dim_value for d in i.type.tensor_type.shape.dim)
                inputs.append((i.name, shape, i.type.tensor_type.elem_type))
        outputs = [(o.name, tuple(d.dim_value for d in o.type.tensor_type.shape.dim)) for o in graph.output]
        return {'input_tensor_data': inputs, 'output_tensor_data': outputs}

    def graph_to_gluon(self, graph, ctx, opset_version):
        """A gluon SymbolBlock of the graph, its parameters loaded on `ctx` (a Context or a list)."""
        from .... import symbol
        from ....gluon import SymbolBlock
        sym, arg_params, aux_params = self.from_onnx(graph, opset_version)
        metadata = self.get_graph_metadata(graph)
        data_names = [t[0] for t in metadata['input_tensor_data']]
        net = SymbolBlock(outputs=sym, inputs=[symbol.var(n) for n in data_names])
        net_params = net.collect_params()
        for params in (arg_params, aux_params):
            for name, value in params.items():
                if name in net_params:
                    net_params[name].shape = value.shape
                    net_params[name]._load_init(value, ctx=ctx)
        return net

    def _parse_array(self, tensor_proto):
        """The NDArray of a TensorProto (a 0-d tensor becomes shape (1,))."""
        return self._to_nd(_onnx().numpy_helper.to_array(tensor_proto))

    def _parse_attr(self, attr_proto):
        """The attributes of a node as a dict: numbers, strings, tuples of them, tensors and graphs."""
        attrs = {}
        for a in attr_proto:
            for f in ('f', 'i', 's'):
                if a.HasField(f):
                    v = getattr(a, f)
                    attrs[a.name] = v.decode('utf-8') if isinstance(v, bytes) else v
            for f in ('floats', 'ints', 'strings'):
                values = list(getattr(a, f))
                if values:
                    _require(a.name not in attrs, "Only one type of attr is allowed")
                    attrs[a.name] = tuple(v.decode('utf-8') if isinstance(v, bytes) else v for v in values)
            for f in ('t', 'g'):
                if a.HasField(f):
                    attrs[a.name] = getattr(a, f)
            for f in ('tensors', 'graphs'):
                if list(getattr(a, f)):
                    raise NotImplementedError("Filed {} is not supported in mxnet.".format(f))
            if a.name not in attrs:
                if a.type in (6, 7, 8):   # an empty list of floats, ints or strings
                    attrs[a.name] = ()
                    continue
                raise ValueError("Cannot parse attribute: \n{}\n.".format(a))
        return attrs


def load_model_proto(model_file):
    """The ModelProto of an ONNX file (a path, or an already-loaded ModelProto)."""
    onnx = _onnx()
    if isinstance(model_file, string_types) or hasattr(model_file, 'read'):
        return onnx.load_model(model_file)
    return model_file
