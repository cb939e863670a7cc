"""Optimizers (mx.optimizer)."""
