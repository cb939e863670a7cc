"""``mx.executor``: the Executor that ``Symbol.bind`` and ``Symbol.simple_bind`` return."""
from .symbol.executor import Executor

__all__ = ['Executor']
