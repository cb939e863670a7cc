"""``mx.mod`` / ``mx.module``: MXNet's Module API, training Symbols with executors, optimizers and
kvstores (Module, BucketingModule, SequentialModule, PythonModule, PythonLossModule)."""
from .python_module import PythonModule, PythonLossModule
from .sequential_module import SequentialModule
from .bucketing_module import BucketingModule
from .module import Module
from .base_module import BaseModule

__all__ = ['BaseModule', 'Module', 'BucketingModule', 'SequentialModule', 'PythonModule', 'PythonLossModule']
