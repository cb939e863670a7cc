"""The mxtorch command line, run as a real subprocess on small scripts that ``import mxnet``.

Where a script does not need mxnet, ``mxtorch run`` must behave exactly as ``python`` does: same output,
same traceback text, same exit status."""
import os
import subprocess
import sys
import textwrap

import pytest

import mxtorch

BIN = os.path.dirname(sys.executable)
MXTORCH = os.path.join(BIN, 'mxtorch')


def _run(args, cwd, module=False):
    cmd = [sys.executable, '-m', 'mxtorch'] + args if module else [MXTORCH] + args
    env = dict(os.environ)
    env.pop('PYTHONPATH', None)
    return subprocess.run(cmd, cwd=str(cwd), capture_output=True, text=True, timeout=120, env=env)


def _write(path, text):
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def scripts(tmp_path):
    d = tmp_path / 'scripts'
    d.mkdir()
    _write(d / 'helper.py', 'VALUE = 42\n')
    _write(d / 'train.py', """\
        import sys
        import mxnet as mx
        from mxnet import nd, autograd
        import helper                      # found in the script's own directory
        x = nd.array([1, 2, 3])
        x.attach_grad()
        with autograd.record():
            y = (x * x).sum()
        y.backward()
        print(mx.__name__, __name__, sys.argv, helper.VALUE, x.grad.asnumpy().tolist())
        if '--exit' in sys.argv:
            sys.exit(int(sys.argv[-1]))
        """)
    _write(d / 'fails.py', """\
        def inner():
            raise ValueError('boom')

        def outer():
            inner()

        print('before')
        outer()
        """)
    return d


def test_run_script_imports_mxnet(scripts, tmp_path):
    r = _run(['run', str(scripts / 'train.py'), 'a', '--help', '-m', 'x'], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "mxtorch __main__ ['{}', 'a', '--help', '-m', 'x'] 42 [2.0, 4.0, 6.0]".format(
        scripts / 'train.py')


def test_run_relative_path_keeps_argv0(scripts):
    r = _run(['run', 'train.py'], cwd=scripts)
    assert r.returncode == 0, r.stderr
    assert "['train.py']" in r.stdout


def test_python_dash_m_mxtorch(scripts, tmp_path):
    r = _run(['run', str(scripts / 'train.py'), 'z'], cwd=tmp_path, module=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith('mxtorch __main__ [') and "'z']" in r.stdout


def test_exit_status_of_sys_exit(scripts):
    r = _run(['run', 'train.py', '--exit', '3'], cwd=scripts)
    assert r.returncode == 3
    _write(scripts / 'msg.py', "import sys, mxnet\nsys.exit('stopped here')\n")
    r = _run(['run', 'msg.py'], cwd=scripts)
    assert r.returncode == 1 and r.stderr == 'stopped here\n'


def test_uncaught_exception_prints_python_traceback(scripts):
    plain = subprocess.run([sys.executable, 'fails.py'], cwd=str(scripts), capture_output=True, text=True)
    r = _run(['run', 'fails.py'], cwd=scripts)
    assert plain.returncode == 1 and r.returncode == 1
    assert r.stdout == plain.stdout == 'before\n'
    assert r.stderr == plain.stderr  # the script's frames only, exactly as python prints them
    assert 'cli.py' not in r.stderr and 'runpy' not in r.stderr


def test_syntax_error_reported_as_python_does(scripts):
    _write(scripts / 'bad.py', 'x = (\n')
    plain = subprocess.run([sys.executable, 'bad.py'], cwd=str(scripts), capture_output=True, text=True)
    r = _run(['run', 'bad.py'], cwd=scripts)
    assert r.returncode == plain.returncode == 1
    assert r.stderr == plain.stderr


def test_mxnet_error_in_script(scripts):
    _write(scripts / 'mxerr.py', "import mxnet as mx\nmx.nd.ones((2, 3)).reshape((4,))\n")
    r = _run(['run', 'mxerr.py'], cwd=scripts)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0] == 'Traceback (most recent call last):'
    assert 'mxerr.py", line 2, in <module>' in r.stderr
    assert 'Error' in lines[-1]


def test_script_classes_pickle_as_main(scripts):
    _write(scripts / 'pick.py', """\
        import pickle, mxnet as mx
        class Point:
            def __init__(self, x):
                self.x = x
        p = pickle.loads(pickle.dumps(Point(mx.nd.array([5]))))
        print(type(p).__module__, p.x.asscalar())
        """)
    r = _run(['run', 'pick.py'], cwd=scripts)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == '__main__ 5.0'


def test_run_module(scripts):
    pkg = scripts / 'pkg'
    pkg.mkdir()
    _write(pkg / '__init__.py', '')
    _write(pkg / 'job.py', "import sys, mxnet as mx\nprint(__name__, sys.argv[1:], mx.nd.ones((1,)).asscalar())\n")
    r = _run(['run', '-m', 'pkg.job', 'p', 'q'], cwd=scripts)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "__main__ ['p', 'q'] 1.0"
    r = _run(['run', '-m', 'pkg.nothere'], cwd=scripts)
    assert r.returncode == 1 and 'No module named pkg.nothere' in r.stderr


def test_missing_script(tmp_path):
    r = _run(['run', 'nothere.py'], cwd=tmp_path)
    assert r.returncode == 2
    assert "can't open file" in r.stderr and 'nothere.py' in r.stderr


def test_version_and_help(tmp_path):
    r = _run(['--version'], cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith('mxtorch {} '.format(mxtorch.__version__))
    r = _run(['--help'], cwd=tmp_path)
    assert r.returncode == 0 and 'run' in r.stdout and 'usage: mxtorch' in r.stdout
    r = _run(['run', '--help'], cwd=tmp_path, module=True)
    assert r.returncode == 0 and 'mxtorch run SCRIPT' in r.stdout


def test_bad_command_lines(tmp_path):
    r = _run(['frobnicate'], cwd=tmp_path)
    assert r.returncode == 2 and 'invalid choice' in r.stderr
    r = _run(['run'], cwd=tmp_path)
    assert r.returncode == 2 and 'SCRIPT' in r.stderr
    r = _run(['run', '--fast', 'x.py'], cwd=tmp_path)
    assert r.returncode == 2 and "unknown option '--fast'" in r.stderr
    r = _run([], cwd=tmp_path)
    assert r.returncode == 2 and 'usage: mxtorch' in r.stdout
