"""Utilities of mx.util."""
