"""dot, batch_dot and the mx.nd.linalg operators."""
