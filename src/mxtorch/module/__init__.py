"""``mx.mod`` / ``mx.module``: MXNet's Module API, training Symbols with executors, optimizers and
kvstores (Module, BucketingModule, SequentialModule, PythonModule, PythonLossModule)."""
from .base_module import BaseModule
from .module import Module
from .bucketing_module import BucketingModule
from .sequential_module import SequentialModule
from .python_module import PythonModule, PythonLossModule

__all__ = ['BaseModule', 'Module', 'BucketingModule', 'SequentialModule', 'PythonModule', 'PythonLossModule']
