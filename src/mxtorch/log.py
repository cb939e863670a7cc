"""mx.log: MXNet's logger helper (``get_logger``) and its compact, coloured line format."""
import logging
import warnings

# the standard levels, under the names MXNet's module gives them
CRITICAL, ERROR, WARNING = logging.CRITICAL, logging.ERROR, logging.WARNING
INFO, DEBUG, NOTSET = logging.INFO, logging.DEBUG, logging.NOTSET

# the one-letter label of each standard level; any other level is 'U'
_LABELS = {CRITICAL: 'C', ERROR: 'E', WARNING: 'W', INFO: 'I', DEBUG: 'D'}


class _Formatter(logging.Formatter):
    """MXNet's log line: colour, level letter, month-day time, process, file:function:line, message."""

    def __init__(self):
        super().__init__(datefmt='%m%d %H:%M:%S')

    def _get_color(self, level):
        if level >= logging.WARNING:
            return '\x1b[31m'
        if level >= logging.INFO:
            return '\x1b[32m'
        return '\x1b[34m'

    def _get_label(self, level):
        return _LABELS.get(level, 'U')

    def format(self, record):
        self._style._fmt = (self._get_color(record.levelno) + self._get_label(record.levelno) +
                            '%(asctime)s %(process)d %(pathname)s:%(funcName)s:%(lineno)d' +
                            ']\x1b[0m %(message)s')
        return super().format(record)


def getLogger(name=None, filename=None, filemode=None, level=WARNING):
    """Deprecated spelling of ``get_logger`` (warns with a DeprecationWarning)."""
    warnings.warn('getLogger is deprecated, Use get_logger instead.', DeprecationWarning, stacklevel=2)
    return get_logger(name, filename, filemode, level)


def get_logger(name=None, filename=None, filemode=None, level=WARNING):
    """The ``logging`` logger `name`, set up once: a handler writing to `filename` (mode `filemode`,
    default 'a', plain lines) or to stderr in MXNet's coloured format, and level `level`.
    The root logger (``name=None``) is returned as it is."""
    logger = logging.getLogger(name)
    if name is None or getattr(logger, '_init_done', None):
        return logger
    logger._init_done = True
    if filename:
        handler = logging.FileHandler(filename, filemode if filemode else 'a')
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(_Formatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    return logger
