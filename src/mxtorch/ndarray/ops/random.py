"""Samplers of mx.nd.random (uniform, normal, ...) on torch's generators."""
