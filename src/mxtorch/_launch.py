"""``mxtorch launch``: starts the processes of a distributed job, as MXNet's tools/launch.py does.

    mxtorch launch -n NUM_WORKERS [-s NUM_SERVERS] [--launcher local|ssh|mpi] [-H HOSTFILE]
                   [--sync-dst-dir DIR] [--env-server VAR:VALUE] [--env-worker VAR:VALUE] [--env VAR]
                   COMMAND ...

Every process gets MXNet's variables: DMLC_ROLE (worker or server), DMLC_PS_ROOT_URI and DMLC_PS_ROOT_PORT
(where the job's store listens: in this launcher, which also plays the part of MXNet's scheduler),
DMLC_NUM_WORKER, DMLC_NUM_SERVER and DMLC_WORKER_ID / DMLC_SERVER_ID. A COMMAND that runs a Python script
(``python train.py ...``, ``python3 -m pkg ...``) runs it through ``mxtorch run``, so that ``import mxnet``
finds mxtorch, with this launcher's interpreter where the command names a bare ``python``/``python3``.

Servers start when the workers first need them (a 'dist_async' store): the other stores exchange values
among the workers themselves. The launcher watches its processes: when one fails, it tells the others
(they stop with a message naming the failure), stops whatever is left after a grace period, and exits with
the failed process's status; when every worker has finished, it ends the servers and exits with 0.
"""
import argparse
import datetime
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time

from .kvstore.kvstore_server import _SERVE

__all__ = ['main']

_GRACE = 15.0        # seconds the other processes get to stop by themselves after a failure
_PYTHON = re.compile(r'python[0-9.]*$')


def _parser():
    p = argparse.ArgumentParser(
        prog='mxtorch launch', description='Launch a distributed job (the options of MXNet\'s tools/launch.py).')
    p.add_argument('-n', '--num-workers', required=True, type=int, help='number of worker processes')
    p.add_argument('-s', '--num-servers', type=int,
                   help='number of server processes (default: as many as workers); they start when the '
                        "workers first need them (a 'dist_async' store)")
    p.add_argument('-H', '--hostfile', type=str,
                   help='the hosts to run on, one per line ("host" or "host:ssh_port"); needed by the ssh '
                        'and mpi launchers')
    p.add_argument('--sync-dst-dir', type=str,
                   help='with the ssh launcher: copy the current directory to this directory of every host '
                        '(rsync) and run there')
    p.add_argument('--launcher', type=str, choices=['local', 'ssh', 'mpi', 'sge', 'yarn'],
                   help='how to start the processes (default: ssh with a hostfile, else local)')
    p.add_argument('--env-server', action='append', default=[], metavar='VAR:VALUE',
                   help='set an environment variable for the servers')
    p.add_argument('--env-worker', action='append', default=[], metavar='VAR:VALUE',
                   help='set an environment variable for the workers')
    p.add_argument('--env', action='append', default=[], metavar='VAR',
                   help="pass this launcher's value of an environment variable to remote processes "
                        '(local processes get the whole environment)')
    p.add_argument('--p3', action='store_true', default=False,
                   help="accepted for MXNet's launch.py (its P3 transport); without effect here")
    p.add_argument('command', nargs=argparse.REMAINDER, help='the command every process runs')
    return p


def _pairs(items, option):
    env = {}
    for item in items:
        name, sep, value = item.partition(':')
        if not sep or not name:
            raise SystemExit('mxtorch launch: error: {} wants VAR:VALUE, got {!r}'.format(option, item))
        env[name] = value
    return env


def with_alias(command):
    """`command` made to run a Python script or module through ``mxtorch run`` (a bare ``python`` or
    ``python3`` becoming this launcher's interpreter); other commands are returned as they are."""
    if not command or not _PYTHON.match(os.path.basename(command[0])):
        return list(command)
    python = sys.executable if os.sep not in command[0] else command[0]
    options, rest = [], list(command[1:])
    while rest and rest[0].startswith('-') and rest[0] not in ('-m', '-c', '-', '--'):
        options.append(rest.pop(0))
        if options[-1] in ('-W', '-X', '-Q') and rest:
            options.append(rest.pop(0))
    if rest and rest[0] in ('-c', '-', '--'):
        return list(command)   # code on the command line or stdin: run as given
    if not rest:
        return list(command)
    return [python] + options + ['-m', 'mxtorch', 'run'] + rest


def _hosts(hostfile):
    hosts = []
    with open(hostfile) as f:
        for line in f:
            line = line.split('#')[0].strip()
            if line:
                name, _, port = line.partition(':')
                hosts.append((name, port or '22'))
    if not hosts:
        raise SystemExit('mxtorch launch: error: hostfile {!r} names no host'.format(hostfile))
    return hosts


def _this_host():
    """An address of this machine that the other hosts can reach (DMLC_PS_ROOT_URI when set)."""
    given = os.environ.get('DMLC_PS_ROOT_URI')
    if given:
        return given
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(('10.255.255.255', 1))    # no packet is sent: this only picks the outgoing address
            return s.getsockname()[0]
    except OSError:
        return socket.gethostbyname(socket.gethostname())


def _status(rc):
    if rc < 0:
        try:
            name = signal.Signals(-rc).name
        except ValueError:
            name = 'signal {}'.format(-rc)
        return 'was killed by signal {} ({})'.format(-rc, name)
    return 'exited with status {}'.format(rc)


class _Process(object):
    def __init__(self, role, index, popen, where):
        self.role, self.index, self.popen, self.where = role, index, popen, where

    @property
    def name(self):
        return '{} {}'.format(self.role, self.index)

    def describe(self, rc):
        return '{} ({}pid {}) {}'.format(self.name, self.where, self.popen.pid, _status(rc))


class Launcher(object):
    """One job: starts its processes, watches them, and ends them."""

    def __init__(self, opts):
        self.opts = opts
        self.kind = opts.launcher or ('ssh' if opts.hostfile else 'local')
        if self.kind in ('sge', 'yarn'):
            raise SystemExit('mxtorch launch: error: the {} launcher is not supported (use local, ssh or mpi, '
                             'or torchrun)'.format(self.kind))
        if self.kind in ('ssh', 'mpi') and not opts.hostfile:
            raise SystemExit('mxtorch launch: error: the {} launcher needs a hostfile (-H)'.format(self.kind))
        if opts.num_workers < 1:
            raise SystemExit('mxtorch launch: error: -n must be at least 1')
        self.hosts = _hosts(opts.hostfile) if opts.hostfile else [('localhost', '22')]
        self.num_servers = opts.num_workers if opts.num_servers is None else opts.num_servers
        self.command = with_alias(opts.command)
        self.env_worker = _pairs(opts.env_worker, '--env-worker')
        self.env_server = _pairs(opts.env_server, '--env-server')
        self.processes = []
        self.servers_started = False

    # ---- the job's store ------------------------------------------------------------------------------
    def start_store(self):
        import torch.distributed as dist
        self.root = '127.0.0.1' if self.kind == 'local' else _this_host()
        port = int(os.environ.get('DMLC_PS_ROOT_PORT', 0))
        self.master = dist.TCPStore(self.root, port, None, True, timeout=datetime.timedelta(seconds=60),
                                    wait_for_workers=False)
        self.store = dist.PrefixStore('mxtorch', self.master)

    def common_env(self):
        env = {'DMLC_PS_ROOT_URI': self.root, 'DMLC_PS_ROOT_PORT': str(self.master.port),
               'DMLC_NUM_WORKER': str(self.opts.num_workers), 'DMLC_NUM_SERVER': str(self.num_servers)}
        if self.kind == 'local' and 'OMP_NUM_THREADS' not in os.environ:
            # as torchrun does: processes sharing the machine share its cores
            local = self.opts.num_workers + self.num_servers
            env['OMP_NUM_THREADS'] = str(max(1, (os.cpu_count() or 1) // max(1, local)))
        return env

    # ---- starting processes ---------------------------------------------------------------------------
    def spawn(self, role, index):
        env = self.common_env()
        env['DMLC_ROLE'] = role
        env['DMLC_WORKER_ID' if role == 'worker' else 'DMLC_SERVER_ID'] = str(index)
        env.update(self.env_worker if role == 'worker' else self.env_server)
        if self.kind == 'local':
            full = dict(os.environ)
            full.update(env)
            command = self.command
            if role == 'server':
                # a local server starts as one (a remote one turns into one when the command imports mxtorch)
                command = [sys.executable, '-c', _SERVE]
                full['MXTORCH_KVSTORE_SERVING'] = '1'
            popen, where = subprocess.Popen(command, env=full), ''
        else:
            host, port = self.hosts[index % len(self.hosts)]
            popen, where = subprocess.Popen(self.remote_command(host, port, env)), host + ', '
        self.processes.append(_Process(role, index, popen, where))

    def remote_command(self, host, port, env):
        """The ssh command line that runs the job's command on `host` with `env` (and the variables named
        by --env)."""
        for name in self.opts.env:
            if name in os.environ:
                env.setdefault(name, os.environ[name])
        directory = self.opts.sync_dst_dir or os.getcwd()
        exports = ' '.join('{}={}'.format(k, shlex.quote(v)) for k, v in sorted(env.items()))
        remote = 'cd {} && env {} {}'.format(shlex.quote(directory), exports,
                                             ' '.join(shlex.quote(c) for c in self.command))
        return ['ssh', '-o', 'StrictHostKeyChecking=no', '-p', port, host, remote]

    def mpi_command(self, role, count, env):
        """The mpirun command line that starts `count` processes of `role`."""
        flavour = subprocess.run(['mpirun', '--version'], capture_output=True, text=True).stdout
        cmd = ['mpirun', '-n', str(count), '--hostfile', self.opts.hostfile]
        for k, v in sorted(env.items()):
            cmd += ['-x', '{}={}'.format(k, v)] if 'Open MPI' in flavour else ['-env', k, v]
        return cmd + self.command

    def sync(self):
        if self.kind == 'ssh' and self.opts.sync_dst_dir:
            for host, port in self.hosts:
                subprocess.check_call(['rsync', '-az', '--rsh', 'ssh -o StrictHostKeyChecking=no -p ' + port,
                                       os.getcwd() + '/', '{}:{}'.format(host, self.opts.sync_dst_dir)])

    def start(self, role, count):
        if self.kind == 'mpi':
            env = self.common_env()
            env['DMLC_ROLE'] = role
            env.update(self.env_worker if role == 'worker' else self.env_server)
            popen = subprocess.Popen(self.mpi_command(role, count, env))
            self.processes.append(_Process(role + 's', '(mpirun)', popen, ''))
        else:
            for i in range(count):
                self.spawn(role, i)

    # ---- watching -------------------------------------------------------------------------------------
    def run(self):
        self.start_store()
        self.sync()
        self.start('worker', self.opts.num_workers)
        try:
            return self.watch()
        except KeyboardInterrupt:
            self.stop(grace=2.0)
            return 130

    def watch(self):
        while True:
            workers_running = False
            for p in self.processes:
                rc = p.popen.poll()
                if rc is None:
                    workers_running = workers_running or p.role.startswith('worker')
                elif rc != 0:
                    return self.fail(p, rc)
            if not workers_running:
                return self.finish()
            if not self.servers_started and self.num_servers and self.store.check(['servers/wanted']):
                self.servers_started = True
                self.start('server', self.num_servers)
            time.sleep(0.1)

    def fail(self, failed, rc):
        reason = failed.describe(rc)
        if self.store.add('abort/count', 1) == 1:
            self.store.set('abort', reason)
        others = [p for p in self.processes if p is not failed and p.popen.poll() is None]
        sys.stderr.write('mxtorch launch: {}; stopping the job ({} other process{} running)\n'.format(
            reason, len(others), '' if len(others) == 1 else 'es'))
        sys.stderr.flush()
        self.stop(grace=_GRACE)
        return rc if rc > 0 else 128 - rc

    def finish(self):
        """Every worker has finished: the servers finish on their own (they wait for the workers); those
        that do not within the grace period are stopped."""
        self.stop(grace=_GRACE * 2)
        return 0

    def stop(self, grace):
        deadline = time.monotonic() + grace
        for sig in (None, signal.SIGTERM, signal.SIGKILL):
            alive = [p for p in self.processes if p.popen.poll() is None]
            if not alive:
                return
            if sig is not None:
                for p in alive:
                    try:
                        p.popen.send_signal(sig)
                    except OSError:
                        pass
            while time.monotonic() < deadline and any(p.popen.poll() is None for p in alive):
                time.sleep(0.05)
            deadline = time.monotonic() + 5.0


def main(argv):
    """Entry point of ``mxtorch launch``; returns the exit status."""
    opts = _parser().parse_args(argv)
    if opts.command and opts.command[0] == '--':
        opts.command = opts.command[1:]
    if not opts.command:
        _parser().error('a COMMAND to launch is required')
    if opts.p3:
        sys.stderr.write('mxtorch launch: --p3 has no effect (no P3 transport in mxtorch)\n')
    return Launcher(opts).run()
