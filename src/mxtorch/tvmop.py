"""mx.tvmop: MXNet's TVM-generated operators. They are loaded only when the build has the TVM_OP feature;
MXNet 1.9.1's wheels and mxtorch do not, so the module offers ``Features`` (mx.runtime's) and nothing
more."""
from .runtime import Features

