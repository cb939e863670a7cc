"""The mxtorch command line.

    mxtorch run SCRIPT [ARGS...]      run a Python script that says ``import mxnet`` on mxtorch
    mxtorch run -m MODULE [ARGS...]   the same for a module, like ``python -m MODULE``
    mxtorch launch -n N [OPTIONS] COMMAND ...
                                      start a distributed job of N workers (MXNet's tools/launch.py)
    mxtorch --version
    python -m mxtorch ...             the same commands

``run`` installs the ``mxnet`` alias (mxtorch.compat.install()) and then runs the script the way
``python SCRIPT ARGS...`` would: as ``__main__``, with ``sys.argv == [SCRIPT, ARGS...]`` and the script's
directory first on ``sys.path``. ``sys.exit`` in the script sets the exit status; an uncaught exception
prints its traceback (the script's frames, not mxtorch's) and exits with status 1.

Only this process gets the alias: a child process that starts a fresh interpreter (multiprocessing's
'spawn' start method, subprocess) runs without it.
"""
import argparse
import builtins
import importlib.machinery
import importlib.util
import os
import runpy
import sys
import types

from . import _launch

__all__ = ['main']

_EPILOG = '''examples:
  mxtorch run train.py --epochs 3      run train.py (which imports mxnet) on mxtorch
  mxtorch run -m d2lzh.train           run a module the same way
  python -m mxtorch run train.py       the same, through the interpreter
  mxtorch launch -n 4 python train.py  train.py in 4 worker processes (kvstore='dist_sync')'''


def _parser():
    import mxtorch
    parser = argparse.ArgumentParser(
        prog='mxtorch',
        description="Apache MXNet 1.x's Gluon API on PyTorch: run unmodified MXNet code.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--version', action='version', version=_version_text(mxtorch))
    commands = parser.add_subparsers(dest='command', metavar='COMMAND')
    commands.add_parser('run', help='run a Python script (or -m module) with "import mxnet" resolving to '
                                    'mxtorch; see "mxtorch run --help"', add_help=False)
    commands.add_parser('launch', help='start a distributed job (the options of MXNet\'s tools/launch.py); '
                                       'see "mxtorch launch --help"', add_help=False)
    return parser


_RUN_USAGE = """usage: mxtorch run SCRIPT [ARGS...]
       mxtorch run -m MODULE [ARGS...]

Run a Python script (or a module, with -m) as __main__ with "import mxnet" resolving to mxtorch,
as "python SCRIPT ARGS..." would: sys.argv is [SCRIPT, ARGS...], the script's directory comes first on
sys.path, sys.exit() sets the exit status, an uncaught exception prints its traceback and exits with 1.
"""


def _run_command(rest):
    """`mxtorch run` with the arguments after 'run'; returns the exit status."""
    if rest and rest[0] == '--':
        rest = rest[1:]
    elif rest and rest[0] in ('-h', '--help'):
        sys.stdout.write(_RUN_USAGE)
        return 0
    if not rest:
        usage = _RUN_USAGE.split('\n\n')[0]
        sys.stderr.write(usage + '\nmxtorch run: error: a SCRIPT (or -m MODULE) to run is required\n')
        return 2
    if rest[0] == '-m':
        if len(rest) < 2:
            sys.stderr.write('mxtorch run: error: argument -m: expected a module name\n')
            return 2
        return run_module(rest[1], rest[2:])
    if rest[0].startswith('-') and rest[0] != '-':
        sys.stderr.write('mxtorch run: error: unknown option {!r} (options of the script go after it)\n'.format(
            rest[0]))
        return 2
    return run_script(rest[0], rest[1:])


def _version_text(mxtorch):
    try:
        import torch
        torch_version = torch.__version__
    except ImportError:  # pragma: no cover - torch is a dependency
        torch_version = 'missing'
    return 'mxtorch {} (MXNet 1.9.1 API) on torch {}'.format(mxtorch.__version__, torch_version)


def _script_traceback(tb, filename):
    """The part of traceback `tb` from the first frame of the user's code on (the frames of runpy and
    of this module come before it), so that the report looks as ``python SCRIPT`` would print it."""
    skipped = tb
    while skipped is not None:
        if os.path.abspath(skipped.tb_frame.f_code.co_filename) == filename:
            return skipped
        skipped = skipped.tb_next
    # the error came before the script ran a line (a syntax error, a failing import of the module
    # itself): drop our own frames
    here = os.path.abspath(__file__)
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) in (here, runpy.__file__):
        tb = tb.tb_next
    return tb


def _run(runner, filename):
    """Runs `runner()`; an uncaught exception is reported as Python reports one (through sys.excepthook,
    without mxtorch's frames) and gives exit status 1. SystemExit and KeyboardInterrupt pass through."""
    try:
        runner()
    except Exception as e:
        tb = _script_traceback(e.__traceback__, filename)
        sys.excepthook(type(e), e.with_traceback(tb), tb)
        return 1
    return 0


def run_script(script, args):
    """Runs the file `script` as __main__ with sys.argv = [script] + args; returns the exit status."""
    path = os.path.abspath(script)
    try:
        with open(path, 'rb') as f:
            source = f.read()
    except OSError as e:
        sys.stderr.write("mxtorch run: can't open file {!r}: [Errno {}] {}\n".format(path, e.errno, e.strerror))
        return 2
    from . import compat
    compat.install()
    sys.argv = [script] + list(args)
    # python puts the script's directory (symbolic links resolved) first on sys.path, in place of its own
    sys.path[0:1] = [os.path.dirname(os.path.realpath(script))]
    main_module = types.ModuleType('__main__')
    main_module.__dict__.update(__file__=path, __cached__=None, __builtins__=builtins, __spec__=None,
                                __package__=None,
                                __loader__=importlib.machinery.SourceFileLoader('__main__', path))
    saved_main = sys.modules.get('__main__')
    sys.modules['__main__'] = main_module  # so that pickle and friends find the script's classes

    def execute():
        code = compile(source, path, 'exec', dont_inherit=True)
        exec(code, main_module.__dict__)
    try:
        return _run(execute, path)
    finally:
        if saved_main is not None:
            sys.modules['__main__'] = saved_main


def run_module(module, args):
    """Runs `module` as __main__ like ``python -m module args``; returns the exit status."""
    from . import compat
    compat.install()
    sys.path[0:1] = [os.getcwd()]  # python -m puts the working directory first on sys.path
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as e:
        sys.stderr.write('mxtorch run: Error while finding module specification for {!r} ({}: {})\n'.format(
            module, type(e).__name__, e))
        return 1
    if spec is None:
        sys.stderr.write('mxtorch run: No module named {}\n'.format(module))
        return 1
    origin = os.path.abspath(spec.origin or '')
    if spec.submodule_search_locations is not None:  # a package runs its __main__
        origin = os.path.join(os.path.dirname(origin), '__main__.py')
    sys.argv = [module] + list(args)  # runpy puts the module's file in argv[0]
    return _run(lambda: runpy.run_module(module, run_name='__main__', alter_sys=True), origin)


def main(argv=None):
    """Entry point of the ``mxtorch`` command; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == 'run':
        return _run_command(argv[1:])
    if argv and argv[0] == 'launch':
        return _launch.main(argv[1:])
    parser = _parser()
    options = parser.parse_args(argv)  # --help, --version and bad commands exit here
    parser.print_help()
    return 2 if options.command is None else 0


if __name__ == '__main__':
    sys.exit(main())
