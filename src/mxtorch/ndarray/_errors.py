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
]]
_TENSOR_WORDS = re.compile(r'\b[Tt]ensor(s?)\b')


def translate(message):
    """`message` (torch's) with the part a rule knows said in MXNet's terms; "tensor" becomes "array"
    elsewhere."""
    for pattern, rewrite in _RULES:
        m = pattern.search(message)
        if m:
            message = message[:m.start()] + rewrite(m) + message[m.end():]
            break
    return _TENSOR_WORDS.sub(r'array\1', message)


# the IndexErrors torch raises for an axis or an index out of range
_TORCH_INDEX_ERRORS = re.compile(r'Dimension out of range|index -?\d+ is out of bounds for dimension|^select\(\): '
                                 r'index|index out of range in self|Expected reduction dim')


def torch_index_error(error):
    """Whether `error` (an IndexError) is one of torch's, to be said in MXNet's terms as an MXNetError."""
    return type(error) is IndexError and _TORCH_INDEX_ERRORS.search(str(error)) is not None
