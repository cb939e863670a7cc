"""Where the pretrained weights of the model zoo live: a local folder ($MXNET_HOME/models) filled on demand
from MXNet's model repository, every file checked against the SHA-1 MXNet published for it.

The files are MXNet's own ``.params`` files (``save_parameters`` format), so weights trained with MXNet load
unchanged. A file is fetched as ``<repo>gluon/models/<name>-<first 8 hex digits of its sha1>.zip`` and kept
unzipped as ``<root>/<name>-<hash>.params``; ``MXNET_GLUON_REPO`` replaces the repository (any URL that
:func:`mxtorch.gluon.utils.download` reads: http, https, ftp or file)."""
import logging
import os
import uuid
import zipfile

from ... import base
from ..._fileio import write_atomically
from ...base import MXNetError
from ..utils import _get_repo_url, check_sha1, download, replace_file  # noqa: F401  (replace_file: as MXNet's)

__all__ = ['get_model_file', 'purge']

# SHA-1 of every pretrained file of MXNet's repository, by model name (the names get_model_file takes)
_model_sha1 = {
    'alexnet': '44335d1f0046b328243b32a26a4fbd62d9057b45',
    'densenet121': 'f27dbf2dbd5ce9a80b102d89c7483342cd33cb31',
    'densenet161': 'b6c8a95717e3e761bd88d145f4d0a214aaa515dc',
    'densenet169': '2603f878403c6aa5a71a124c4a3307143d6820e9',
    'densenet201': '1cdbc116bc3a1b65832b18cf53e1cb8e7da017eb',
    'inceptionv3': 'ed47ec45a937b656fcc94dabde85495bbef5ba1f',
    'mobilenet0.25': '9f83e440996887baf91a6aff1cccc1c903a64274',
    'mobilenet0.5': '8e9d539cc66aa5efa71c4b6af983b936ab8701c3',
    'mobilenet0.75': '529b2c7f4934e6cb851155b22c96c9ab0a7c4dc2',
    'mobilenet1.0': '6b8c5106c730e8750bcd82ceb75220a3351157cd',
    'mobilenetv2_1.0': '36da4ff1867abccd32b29592d79fc753bca5a215',
    'mobilenetv2_0.75': 'e2be7b72a79fe4a750d1dd415afedf01c3ea818d',
    'mobilenetv2_0.5': 'aabd26cd335379fcb72ae6c8fac45a70eab11785',
    'mobilenetv2_0.25': 'ae8f9392789b04822cbb1d98c27283fc5f8aa0a7',
    'resnet18_v1': 'a0666292f0a30ff61f857b0b66efc0228eb6a54b',
    'resnet34_v1': '48216ba99a8b1005d75c0f3a0c422301a0473233',
    'resnet50_v1': '0aee57f96768c0a2d5b23a6ec91eb08dfb0a45ce',
    'resnet101_v1': 'd988c13d6159779e907140a638c56f229634cb02',
    'resnet152_v1': '671c637a14387ab9e2654eafd0d493d86b1c8579',
    'resnet18_v2': 'a81db45fd7b7a2d12ab97cd88ef0a5ac48b8f657',
    'resnet34_v2': '9d6b80bbc35169de6b6edecffdd6047c56fdd322',
    'resnet50_v2': 'ecdde35339c1aadbec4f547857078e734a76fb49',
    'resnet101_v2': '18e93e4f48947e002547f50eabbcc9c83e516aa6',
    'resnet152_v2': 'f2695542de38cf7e71ed58f02893d82bb409415e',
    'squeezenet1.0': '264ba4970a0cc87a4f15c96e25246a1307caf523',
    'squeezenet1.1': '33ba0f93753c83d86e1eb397f38a667eaf2e9376',
    'vgg11': 'dd221b160977f36a53f464cb54648d227c707a05',
    'vgg11_bn': 'ee79a8098a91fbe05b7a973fed2017a6117723a8',
    'vgg13': '6bc5de58a05a5e2e7f493e2d75a580d83efde38c',
    'vgg13_bn': '7d97a06c3c7a1aecc88b6e7385c2b373a249e95e',
    'vgg16': 'e660d4569ccb679ec68f1fd3cce07a387252a90a',
    'vgg16_bn': '7f01cf050d357127a73826045c245041b0df7363',
    'vgg19': 'ad2f660d101905472b83590b59708b71ea22b2e5',
    'vgg19_bn': 'f360b758e856f1074a85abd5fd873ed1d98297c3',
}

apache_repo_url = 'https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/'
_url_format = '{repo_url}gluon/models/{file_name}.zip'


def _default_root():
    # read at each call (MXNet reads MXNET_HOME once, at import), so that setting it later counts
    return os.path.join(base.data_dir(), 'models')


def _root(root):
    return os.path.expanduser(_default_root() if root is None else root)


def short_hash(name):
    """The first 8 hex digits of the SHA-1 of model `name`'s pretrained file, which its file name carries.
    A ValueError when MXNet published no weights of that name."""
    if name not in _model_sha1:
        raise ValueError('Pretrained model for {name} is not available.'.format(name=name))
    return _model_sha1[name][:8]


def get_model_file(name, root=None):
    r"""The path of model `name`'s pretrained weights on this machine, downloaded first when needed.

    A file already in `root` is used when its SHA-1 is the published one; a missing or different one is
    downloaded (from ``$MXNET_GLUON_REPO``, else MXNet's repository) and checked. `root` is created when
    absent.

    Parameters
    ----------
    name : str
        A name of the pretrained table: 'resnet18_v1', 'mobilenet0.25', 'squeezenet1.1', ...
    root : str, default $MXNET_HOME/models
        Folder of the parameter files (``~`` expanded); ``MXNET_HOME`` defaults to ``~/.mxnet``.

    Returns
    -------
    str
        ``<root>/<name>-<short hash>.params``.

    Raises
    ------
    ValueError
        No pretrained weights of that name, or a download of another SHA-1.
    MXNetError
        The file is absent and cannot be downloaded (on a machine without network, say); the message
        names the file, the folder to put it in and the URL it comes from.
    """
    stem = '{}-{}'.format(name, short_hash(name))
    root = _root(root)
    target = os.path.join(root, stem + '.params')
    expected = _model_sha1[name]
    if not os.path.exists(target):
        logging.info('Model file not found. Downloading to %s.', target)
    elif check_sha1(target, expected):
        return target
    else:
        logging.warning('Mismatch in the content of model file detected. Downloading again.')
    os.makedirs(root, exist_ok=True)
    url = _url_format.format(repo_url=_get_repo_url(), file_name=stem)
    # the archive gets a name of its own, so that processes fetching the same model never meet
    archive = os.path.join(root, '{}.zip{}'.format(stem, uuid.uuid4()))
    try:
        try:
            download(url, path=archive, overwrite=True)
        except Exception as e:  # noqa: BLE001  (network, HTTP and file errors alike)
            raise MXNetError(
                'the pretrained weights of {!r} ({}.params) are not in {} and could not be downloaded from {} ({}). '
                'On a machine without network access, fetch that zip file elsewhere and unzip {}.params into {} '
                '(or point MXNET_GLUON_REPO at a folder or server holding gluon/models/{}.zip).'.format(
                    name, stem, root, url, e, stem, root, stem)) from e
        _extract(archive, stem + '.params', target)
    finally:
        if os.path.exists(archive):
            os.remove(archive)
    if not check_sha1(target, expected):
        raise ValueError('Downloaded file has different hash. Please try again.')
    return target


def _extract(archive, member, target):
    """Copy `member` of the zip file `archive` to `target`, replaced only once complete."""
    try:
        with zipfile.ZipFile(archive) as zf, zf.open(member) as src:
            write_atomically(target, iter(lambda: src.read(1 << 20), b''), 'get_model_file')
    except (zipfile.BadZipFile, KeyError) as e:
        raise MXNetError('the file downloaded for {} is not a zip archive holding {} ({})'.format(
            os.path.basename(target), member, e)) from e


def purge(root=None):
    r"""Delete the pretrained parameter files (``*.params``) in `root` (default $MXNET_HOME/models)."""
    root = _root(root)
    for entry in os.listdir(root):
        if entry.endswith('.params'):
            os.remove(os.path.join(root, entry))


def _load_pretrained(net, name, ctx, root):
    """Load model `name`'s pretrained weights into `net` on `ctx` (what the constructors' pretrained=True
    does)."""
    net.load_parameters(get_model_file(name, root=root), ctx=ctx)
    return net
