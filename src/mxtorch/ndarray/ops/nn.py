"""Neural-network operators that Gluon layers call: FullyConnected, Convolution, Pooling, BatchNorm, ..."""
