"""torch's error messages said in MXNet's terms.

The operator table (registry.py) turns the RuntimeError that torch raises inside an implementation into
MXNetError naming the operator and the shapes and dtypes of its inputs. The text in between is torch's;
``translate`` rewrites the messages users meet most (shapes that do not broadcast or multiply, channels
that do not fit a kernel, reshapes that cannot be, an axis or index out of range, mixed dtypes or devices)
with arrays, axes and MXNet's parameter names instead of torch's tensors, dims and argument names.
Whatever no rule knows keeps torch's words, with "tensor" said as "array".

``torch_index_error`` tells an IndexError of torch's (an axis or index out of range) from those mxtorch and
Python raise on purpose, which operators pass on as they are."""
import re

__all__ = ['translate', 'torch_index_error']

# torch's names of dtypes in its messages ("expected scalar type Float", "float != double")
_DTYPES = {'Float': 'float32', 'Double': 'float64', 'Half': 'float16', 'BFloat16': 'bfloat16', 'Long': 'int64',
           'Int': 'int32', 'Short': 'int16', 'Char': 'int8', 'Byte': 'uint8', 'Bool': 'bool',
           'ComplexFloat': 'complex64', 'ComplexDouble': 'complex128', 'float': 'float32', 'double': 'float64',
           'c10::Half': 'float16', 'c10::BFloat16': 'bfloat16', 'long int': 'int64', 'int': 'int32', 'bool': 'bool'}
# torch.nn.functional's argument names of the normalisations -> MXNet's
_NORM_ARGS = {'weight': 'gamma', 'bias': 'beta', 'running_mean': 'moving_mean', 'running_var': 'moving_var'}


def _dtype(name):
    return _DTYPES.get(name, name)


def _shape(text):
    """'[2, 3]' or '2 x 3' or '2x3' (torch's ways of writing a shape) -> '(2, 3)'."""
    sizes = [s for s in re.split(r'[\s,x\[\]()]+', text) if s]
    return '({})'.format(', '.join(sizes) + (',' if len(sizes) == 1 else ''))


def _device(name):
    kind, _, index = name.partition(':')
    return '{}({})'.format('gpu' if kind == 'cuda' else kind, index or 0)


_RULES = [(re.compile(pattern), rewrite) for pattern, rewrite in [
    (r'The size of tensor a \((\d+)\) must match the size of tensor b \((\d+)\) at non-singleton dimension (\d+)',
     lambda m: 'the shapes cannot be broadcast together: size {} against size {} on axis {} of the result'.format(
         *m.groups())),
    (r'The expanded size of the tensor \((-?\d+)\) must match the existing size \((\d+)\) at non-singleton '
     r'dimension (\d+)\.\s+Target sizes: (\[[^\]]*\])\.\s+Tensor sizes: (\[[^\]]*\])',
     lambda m: 'cannot broadcast an array of shape {} to {}: size {} against size {} on axis {}'.format(
         _shape(m[5]), _shape(m[4]), m[2], m[1], m[3])),
    (r'mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)',
     lambda m: 'cannot multiply a ({}, {}) matrix by a ({}, {}) matrix: {} columns against {} rows'.format(
         m[1], m[2], m[3], m[4], m[2], m[3])),
    (r'Given (?:groups=(\d+)|transposed=1), weight of size (\[[^\]]*\]), expected input(\[[^\]]*\]) to have '
     r'(\d+) channels, but got (\d+) channels instead',
     lambda m: 'data of shape {} has {} channels but weight of shape {}{} needs {}'.format(
         _shape(m[3]), m[5], _shape(m[2]), ' (num_group={})'.format(m[1]) if m[1] else '', m[4])),
    (r'Given weight of size (\[[^\]]*\]), expected bias to be 1-dimensional with (\d+) elements, but got bias '
     r'of size (\[[^\]]*\]) instead',
     lambda m: 'bias of shape {} must have {} elements, one per filter of weight {}'.format(
         _shape(m[3]), m[2], _shape(m[1]))),
    (r"Calculated padded input size per channel: \(([^)]*)\)\. Kernel size: \(([^)]*)\)\. Kernel size can't "
     r'be greater than actual input size',
     lambda m: 'the kernel {} is larger than the (padded) data {} of each channel'.format(
         _shape(m[2]), _shape(m[1]))),
    (r'Given input size: \(([^)]*)\)\. Calculated output size: \(([^)]*)\)\. Output size is too small',
     lambda m: 'the kernel does not fit the data: an output of size {} from data of size {} per sample is too '
               'small'.format(_shape(m[2]), _shape(m[1]))),
    (r'\b(weight|bias|running_mean|running_var) should contain (\d+) elements not (\d+)',
     lambda m: '{} must have {} elements (one per channel), got {}'.format(_NORM_ARGS[m[1]], m[2], m[3])),
    (r"shape '(\[[^\]]*\])' is invalid for input of size (\d+)",
     lambda m: 'cannot reshape an array of {} elements into shape {}'.format(m[2], _shape(m[1]))),
    (r'cannot reshape tensor of 0 elements into shape (\[[^\]]*\]) because the unspecified dimension size -1 '
     r'can be any value and is ambiguous',
     lambda m: 'cannot infer the -1 in shape {} for an array of 0 elements'.format(_shape(m[1]))),
    (r'Trying to create tensor with negative dimension (-\d+): (\[[^\]]*\])',
     lambda m: 'shape {} has a negative dimension ({})'.format(_shape(m[2]), m[1])),
    (r'expected (?:m1 and m2|mat1 and mat2) to have the same dtype, but got: ([\w:]+(?: int)?) != '
     r'([\w:]+(?: int)?)',
     lambda m: 'the arrays must have the same dtype, got {} and {}'.format(_dtype(m[1]), _dtype(m[2]))),
    (r'(?:self|mat1|input) and mat2 must have the same dtype, but got (\w+) and (\w+)',
     lambda m: 'the arrays must have the same dtype, got {} and {}'.format(_dtype(m[1]), _dtype(m[2]))),
    (r'[Ee]xpected (?:object of )?scalar type (\w+) but (?:found|got)(?: scalar type)? (\w+)',
     lambda m: 'expected an array of dtype {} but got {}'.format(_dtype(m[1]), _dtype(m[2]))),
    (r'Index put requires the source and destination dtypes match, got (\w+) for the destination and (\w+) for '
     r'the source\.?',
     lambda m: 'the value has dtype {} but the array written into has dtype {}'.format(_dtype(m[2]), _dtype(m[1]))),
    (r'mixed dtype \(CPU\): expect parameter to have scalar type of (\w+)',
     lambda m: 'gamma and beta must have the dtype of data ({})'.format(_dtype(m[1]))),
    (r'result type (\w+) can\'t be cast to the desired output type (\w+)',
     lambda m: 'a result of dtype {} cannot be written into an array of dtype {}'.format(
         _dtype(m[1]), _dtype(m[2]))),
    (r'"\w+" not implemented for \'(\w+)\'',
     lambda m: 'not implemented for {} arrays'.format(_dtype(m[1]))),
    (r'Expected all tensors to be on the same device, but found at least two devices, ([\w:]+) and ([\w:]+)!?',
     lambda m: 'the arrays are on different contexts, {} and {}'.format(_device(m[1]), _device(m[2]))),
    (r'Expected all tensors to be on the same device, but got \w+ is on ([\w:]+), different from other tensors '
     r'on ([\w:]+)(?: \(when checking argument[^)]*\))?',
     lambda m: 'the arrays are on different contexts, {} and {}'.format(_device(m[2]), _device(m[1]))),
    (r'Tensor on device ([\w:]+) is not on the expected device ([\w:]+)!?',
     lambda m: 'an array on {} where {} was expected'.format(_device(m[1]), _device(m[2]))),
    (r'Dimension out of range \(expected to be in range of \[(-?\d+), (-?\d+)\], but got (-?\d+)\)',
     lambda m: 'axis {} is out of bounds for an array with {} dimension(s)'.format(m[3], int(m[2]) + 1)),
    (r'index (-?\d+) is out of bounds for dimension (\d+) with size (\d+)',
     lambda m: 'index {} is out of bounds for axis {} of size {}'.format(*m.groups())),
    (r'select\(\): index (-?\d+) out of range for tensor of size (\[[^\]]*\]) at dimension (\d+)',
     lambda m: 'index {} is out of bounds for axis {} of an array of shape {}'.format(m[1], m[3], _shape(m[2]))),
    (r'index out of range in self',
     lambda m: 'an index is out of range for the array it indexes'),
    (r"\w+\(\): argument '\w+' \(position \d+\) must be Tensor, not (\w+)",
     lambda m: 'an argument that must be an NDArray is {}'.format(m[1])),
    # an NDArray (or another wrong type) where a number, a shape or a flag is expected
    (r"\w+\(\): argument '\w+'(?: \(position \d+\))? must be (tuple of ints|[\w.]+), (?:but found element of "
     r"type (\w+) at pos \d+|not (\w+))",
     lambda m: 'an argument that must be {} is {}'.format(_kind(m[1]), _kind(m[2] or m[3]))),
    (r"\w+\(\): argument '\w+' failed to unpack the object at pos \d+ with error \"type must be tuple of ints,\s*"
     r"but got (\w+)\"",
     lambda m: 'a shape must be a tuple of ints, but an entry of it is {}'.format(_kind(m[1]))),
    (r'\w+\(\) received an invalid combination of arguments - got \((.*?)\), but expected one of:[\s\S]*',
     lambda m: 'the arguments have types the operator cannot take ({})'.format(_kinds(m[1]))),
    (r'only one element tensors can be converted to Python scalars|a Tensor with (\d+) elements cannot be '
     r'converted to Scalar',
     lambda m: 'an array{} was given where a number is expected'.format(
         ' of {} elements'.format(m[1]) if m[1] else '')),
    (r'only integer tensors of a single element can be converted to an index',
     lambda m: 'an array was given where an integer (an axis, a count, an index) is expected'),
    # reductions without an identity (max, min, argmax, ...) of empty arrays
    (r'\w+\(\): Expected reduction dim to be specified for input\.numel\(\) == 0\.(?: Specify the reduction dim '
     r"with the 'dim' argument\.)?",
     lambda m: 'an empty array has no maximum or minimum (nor the position of one)'),
    (r'\w+\(\): Expected reduction dim (-?\d+) to have non-zero size\.?',
     lambda m: 'axis {} has size 0, and this reduction has no identity for an empty axis'.format(m[1])),
    (r'aminmax\(\): cannot compute aminmax over an empty dimension as the operation has no identity\.?',
     lambda m: 'an empty axis has no minimum or maximum'),
    (r'quantile\(\) input tensor must be non-empty',
     lambda m: 'an empty array has no quantiles'),
    (r'selected index k out of range',
     lambda m: 'k is larger than the size of the axis'),
    (r'(\w+)\(\): does not support bool input',
     lambda m: 'not implemented for bool arrays'),
    (r'\w+\(\): could not infer output dtype\. Input dtype must be either a floating point or complex dtype\. '
     r'Got: (\w+)',
     lambda m: 'needs a floating-point array, got {}'.format(_dtype(m[1]))),
    # joining, stacking, permuting
    (r'Tensors must have same number of dimensions: got (\d+) and (\d+)',
     lambda m: 'the arrays must have the same number of dimensions, got {} and {}'.format(m[1], m[2])),
    (r'Sizes of tensors must match except in dimension (\d+)\. Expected size (\d+) but got size (\d+) for tensor '
     r'number (\d+) in the list\.?',
     lambda m: 'the arrays must have the same shape except on axis {}: array {} has size {} where the first has '
               '{}'.format(m[1], m[4], m[3], m[2])),
    (r'stack expects each tensor to be equal size, but got (\[[^\]]*\]) at entry (\d+) and (\[[^\]]*\]) at entry '
     r'(\d+)',
     lambda m: 'the arrays must have the same shape, got {} (array {}) and {} (array {})'.format(
         _shape(m[1]), m[2], _shape(m[3]), m[4])),
    (r'number of dimensions in the tensor input does not match the length of the desired ordering of dimensions '
     r'i\.e\. input\.dim\(\) = (\d+) is not equal to len\(dims\) = (\d+)',
     lambda m: 'axes of length {} do not permute an array of {} dimensions'.format(m[2], m[1])),
    (r'dim (-?\d+) appears multiple times in the list of dims',
     lambda m: 'axis {} is given more than once'.format(m[1])),
    (r'expand\([\w.]+\{(\[[^\]]*\])\}, size=(\[[^\]]*\])\): the number of sizes provided \((\d+)\) must be '
     r'greater or equal to the number of dimensions in the tensor \((\d+)\)',
     lambda m: 'cannot broadcast an array of shape {} to {}: the target has fewer dimensions'.format(
         _shape(m[1]), _shape(m[2]))),
    (r"output with shape (\[[^\]]*\]) doesn't match the broadcast shape (\[[^\]]*\])",
     lambda m: 'a result of shape {} cannot hold the broadcast shape {}'.format(_shape(m[1]), _shape(m[2]))),
    (r'inconsistent tensor size, expected tensor (\[[^\]]*\]) and src (\[[^\]]*\]) to have the same number of '
     r'elements, but got (\d+) and (\d+) elements respectively',
     lambda m: 'arrays of shapes {} and {} must have the same number of elements, got {} and {}'.format(
         _shape(m[1]), _shape(m[2]), m[3], m[4])),
    (r'Expected size for first two dimensions of batch2 tensor to be: (\[[^\]]*\]) but got: (\[[^\]]*\])\.?',
     lambda m: 'the second batch of matrices must begin with shape {}, got {}'.format(_shape(m[1]), _shape(m[2]))),
    (r'view size is not compatible with input tensor\'s size and stride.*',
     lambda m: 'the array cannot be viewed in that shape without a copy'),
    # index and mask dtypes
    (r'\w+\(\): Expected dtype int(?:32)?(?:/| or )int64 for index',
     lambda m: 'the indices must be an integer array'),
    (r'masked_fill_? only supports boolean masks, but got mask with dtype (\w+)',
     lambda m: 'the mask must be a bool array, got {}'.format(_dtype(m[1]))),
    (r'where expected condition to be a boolean tensor, but got a tensor with dtype (\w+)',
     lambda m: 'the condition must be a bool array, got {}'.format(_dtype(m[1]))),
    (r'one_hot is only applicable to index tensor(?: of type LongTensor)?\.?',
     lambda m: 'the indices must be an int64 array'),
    (r"Expected tensor for argument #\d+ '(\w+)' to have one of the following scalar types: ([\w, ]+); but got "
     r'torch\.(\w+?)Tensor instead(?: \(while checking arguments for \w+\))?',
     lambda m: '{} must have dtype {}, got {}'.format(
         m[1], ' or '.join(_dtype(d.strip()) for d in m[2].split(',')), _dtype(m[3]))),
    # layers: the data's number of dimensions
    (r'Expected (\d+)-dimensional input for \d+-dimensional weight (\[[^\]]*\]), but got (\d+)-dimensional input '
     r'of size (\[[^\]]*\]) instead',
     lambda m: 'data of shape {} has {} dimensions, but weight of shape {} needs data of {}'.format(
         _shape(m[4]), m[3], _shape(m[2]), m[1])),
    (r'non-empty (\d)D or (\d)D \(batch mode\) tensor expected for input(?:, but got: ?(\[[^\]]*\]))?',
     lambda m: 'the data must be a non-empty array of {} or {} dimensions{}'.format(
         m[1], m[2], ', got shape {}'.format(_shape(m[3])) if m[3] else '')),
    (r'Expected (\d)D or (\d)D \(batch mode\) tensor with optional 0 dim batch size for input, but got:? ?'
     r'(\[[^\]]*\])',
     lambda m: 'the data must have {} or {} dimensions and be empty only along the batch axis, got shape {}'.format(
         m[1], m[2], _shape(m[3]))),
    (r'Expected input to have non-zero size for non-batch dimensions, but input has sizes (\[[^\]]*\]) with '
     r'dimension (\d+) being empty',
     lambda m: 'data of shape {} is empty along axis {}: only the batch axis may be'.format(_shape(m[1]), m[2])),
    (r'Expected number of channels in input to be divisible by num_groups, but got input of shape (\[[^\]]*\]) '
     r'and num_groups=(\d+)',
     lambda m: 'the channels of data of shape {} cannot be divided into num_groups={} groups'.format(
         _shape(m[1]), m[2])),
    (r'Given normalized_shape=(\[[^\]]*\]), expected input with shape \[\*, ([^\]]*)\], but got input of size ?'
     r'(\[[^\]]*\])',
     lambda m: 'data of shape {} does not end in the shape {} of gamma and beta'.format(
         _shape(m[3]), _shape(m[1]))),
    (r'boundaries array must be 1 dimension, but got dim\((\d+)\)',
     lambda m: 'bins given as an array must have 1 dimension, got {}'.format(m[1])),
    (r'(?:torch\.)?histogramdd: bins tensor should have one dimension, but got (\d+) dimensions in the bins tensor'
     r'(?: for dimension \d+)?',
     lambda m: 'bins given as an array must have 1 dimension, got {}'.format(m[1])),
]]

# torch's names of the kinds of arguments in its messages
_KINDS = {'Tensor': 'an NDArray', 'int': 'an int', 'float': 'a float', 'bool': 'a bool', 'Number': 'a number',
          'tuple of ints': 'a tuple of ints', 'str': 'a string', 'NoneType': 'None', 'list': 'a list',
          'tuple': 'a tuple', 'SymInt': 'an int', 'ScalarType': 'a dtype', 'dtype': 'a dtype'}


def _kind(name):
    return _KINDS.get(name, name)


def _kinds(text):
    """torch's list of the arguments it got ('Tensor, int, dim=Tensor, ') in mxtorch's words."""
    kinds = [part.strip().split('=')[-1] for part in text.split(',') if part.strip()]
    return ', '.join(_kind(k) for k in kinds)
_TENSOR_WORDS = re.compile(r'\b[Tt]ensor(s?)\b')
# the name of torch's function in front of its message ('permute(sparse_coo): ', 'max_pool1d: ')
_TORCH_FUNCTION = re.compile(r'(?:torch\.)?[\w.]+(?:\(\w*\))?:\s*')


def translate(message):
    """`message` (torch's) with the part a rule knows said in MXNet's terms; "tensor" becomes "array"
    elsewhere."""
    for pattern, rewrite in _RULES:
        m = pattern.search(message)
        if m:
            before = message[:m.start()]
            if _TORCH_FUNCTION.fullmatch(before):
                before = ''     # the operator's own name stands in front of the message instead
            message = before + rewrite(m) + message[m.end():]
            break
    return _TENSOR_WORDS.sub(r'array\1', message)


# the IndexErrors torch raises for an axis or an index out of range
_TORCH_INDEX_ERRORS = re.compile(r'Dimension out of range|index -?\d+ is out of bounds for dimension|^select\(\): '
                                 r'index|index out of range in self|Expected reduction dim')


def torch_index_error(error):
    """Whether `error` (an IndexError) is one of torch's, to be said in MXNet's terms as an MXNetError."""
    return type(error) is IndexError and _TORCH_INDEX_ERRORS.search(str(error)) is not None
