"""Evaluation metrics (mx.metric)."""
