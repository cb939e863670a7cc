"""Training callbacks for notebooks: ``PandasLogger`` keeps metrics in pandas DataFrames, the
``LiveBokehChart`` family draws them live with bokeh, and ``args_wrapper`` combines their callbacks into
the keyword arguments of ``fit``.

pandas and bokeh are optional. A callback whose library is missing raises ImportError naming it when it
is made (MXNet 1.9.1 fails there too, with an AttributeError or NameError about its placeholder).
"""
import datetime
import time
from collections import defaultdict

try:
    import pandas as pd
except ImportError:
    pd = None

try:
    import bokeh
    import bokeh.io
    import bokeh.plotting
except ImportError:
    bokeh = None


def _need(module, library, who):
    if module is None:
        raise ImportError('mx.notebook.callback.{} needs {}, which is not installed (pip install {})'
                          .format(who, library, library))


def _add_new_columns(dataframe, metrics):
    """Adds to `dataframe` an empty column for each key of `metrics` it does not have yet."""
    for column in set(metrics.keys()) - set(dataframe.columns):
        dataframe[column] = None


def _extend(base_data, new_data):
    """Appends to list `base_data` the items of the longer `new_data` past its length."""
    base_data.extend(new_data[len(base_data):])


def _metric_values(param):
    """{name: value} of the batch-end parameter's metric (then reset), or {} without one."""
    if param.eval_metric is None:
        return {}
    values = dict(param.eval_metric.get_name_value())
    param.eval_metric.reset()
    return values


class PandasLogger(object):
    """Records a training run into three pandas DataFrames: 'train' (metrics every `frequent` batches),
    'eval' (metrics of each evaluation) and 'epoch' (timings).

    batch_size : int -- the batch size of the data (for the speed columns).
    frequent : int -- how many training batches between two rows of 'train' (50).
    """

    def __init__(self, batch_size, frequent=50):
        _need(pd, 'pandas', 'PandasLogger')
        self.batch_size, self.frequent = batch_size, frequent
        self._dataframes = {name: pd.DataFrame() for name in ('train', 'eval', 'epoch')}
        self.last_time = time.time()
        self.start_time = self.last_epoch_time = datetime.datetime.now()

    @property
    def train_df(self):
        """Metrics of training batches, one row every `frequent` batches."""
        return self._dataframes['train']

    @property
    def eval_df(self):
        """Metrics of each evaluation (one row per epoch)."""
        return self._dataframes['eval']

    @property
    def epoch_df(self):
        """Elapsed and per-epoch times."""
        return self._dataframes['epoch']

    @property
    def all_dataframes(self):
        """{'train', 'eval', 'epoch': DataFrame}."""
        return self._dataframes

    def elapsed(self):
        """Time since the logger was made (a datetime.timedelta)."""
        return datetime.datetime.now() - self.start_time

    def append_metrics(self, metrics, df_name):
        """Appends the dict `metrics` as a new row of DataFrame `df_name`, adding columns it lacks."""
        dataframe = self._dataframes[df_name]
        _add_new_columns(dataframe, metrics)
        dataframe.loc[len(dataframe)] = pd.Series(metrics)

    def train_cb(self, param):
        """batch_end_callback: a row of 'train' every `frequent` batches."""
        if param.nbatch % self.frequent == 0:
            self._process_batch(param, 'train')

    def eval_cb(self, param):
        """eval_end_callback: a row of 'eval'."""
        self._process_batch(param, 'eval')

    def _process_batch(self, param, dataframe):
        now = time.time()
        metrics = _metric_values(param)
        took = now - self.last_time
        speed = self.frequent / took if took else float('inf')
        # the two speed columns under MXNet 1.9.1's (swapped) names
        metrics.update(batches_per_sec=speed * self.batch_size, records_per_sec=speed, elapsed=self.elapsed(),
                       minibatch_count=param.nbatch, epoch=param.epoch)
        self.append_metrics(metrics, dataframe)
        self.last_time = now

    def epoch_cb(self):
        """epoch_end_callback: a row of 'epoch' with the elapsed time and this epoch's time."""
        now = datetime.datetime.now()
        self.append_metrics({'elapsed': self.elapsed(), 'epoch_time': now - self.last_epoch_time}, 'epoch')
        self.last_epoch_time = now

    def callback_args(self):
        """The keyword arguments of ``fit`` that install this logger's callbacks."""
        return {'batch_end_callback': self.train_cb, 'eval_end_callback': self.eval_cb,
                'epoch_end_callback': self.epoch_cb}


def _figure(**params):
    """A bokeh figure (bokeh 2's Figure class, bokeh 3's figure function)."""
    make = getattr(bokeh.plotting, 'Figure', None) or bokeh.plotting.figure
    return make(**params)


def _legend(text):
    """The legend keyword of a glyph for the installed bokeh (legend_label from bokeh 1.4 on)."""
    version = tuple(int(p) for p in bokeh.__version__.split('.')[:2] if p.isdigit())
    return {'legend_label': text} if version >= (1, 4) else {'legend': text}


class LiveBokehChart(object):
    """Base class of charts drawn with bokeh in a notebook and updated as training goes on; subclasses
    define ``setup_chart`` and ``update_chart_data``.

    pandas_logger : PandasLogger or None (one is made from `batch_size` and `frequent`).
    metric_name : str -- the metric drawn. display_freq : seconds between redraws (10).
    """

    def __init__(self, pandas_logger, metric_name, display_freq=10, batch_size=None, frequent=50):
        _need(bokeh, 'bokeh', type(self).__name__)
        self.pandas_logger = pandas_logger if pandas_logger else PandasLogger(batch_size=batch_size,
                                                                               frequent=frequent)
        self.metric_name, self.display_freq = metric_name, display_freq
        self.last_update = time.time()
        bokeh.io.output_notebook()
        self.handle = self.setup_chart()

    def setup_chart(self):
        """Draws the bokeh chart and returns its notebook handle."""
        raise NotImplementedError('Incomplete base class: LiveBokehChart must be sub-classed')

    def update_chart_data(self):
        """Brings the chart's data up to date."""
        raise NotImplementedError('Incomplete base class: LiveBokehChart must be sub-classed')

    def interval_elapsed(self):
        """Whether more than `display_freq` seconds have passed since the last redraw."""
        return time.time() - self.last_update > self.display_freq

    def _push_render(self):
        bokeh.io.push_notebook(handle=self.handle)
        self.last_update = time.time()

    def _do_update(self):
        """Brings the data up to date and redraws."""
        self.update_chart_data()
        self._push_render()

    def batch_cb(self, param):
        """batch_end_callback: redraws when `display_freq` seconds have passed."""
        if self.interval_elapsed():
            self._do_update()

    def eval_cb(self, param):
        """eval_end_callback: redraws."""
        self._do_update()

    def callback_args(self):
        """The keyword arguments of ``fit`` that install this chart's callbacks."""
        return {'batch_end_callback': self.batch_cb, 'eval_end_callback': self.eval_cb}


class LiveTimeSeries(LiveBokehChart):
    """A line of values against the elapsed time; ``update_chart_data(value)`` adds a point."""

    def __init__(self, **fig_params):
        _need(bokeh, 'bokeh', 'LiveTimeSeries')
        self.fig = _figure(x_axis_type='datetime', x_axis_label='Elapsed time', **fig_params)
        super().__init__(None, None)

    def setup_chart(self):
        self.start_time = datetime.datetime.now()
        self.x_axis_val, self.y_axis_val = [], []
        self.fig.line(self.x_axis_val, self.y_axis_val)
        return bokeh.plotting.show(self.fig, notebook_handle=True)

    def elapsed(self):
        """Time since the chart was set up."""
        return datetime.datetime.now() - self.start_time

    def update_chart_data(self, value):
        """Adds the point (now, `value`) and redraws."""
        self.y_axis_val.append(value)
        self.x_axis_val.append(self.elapsed())
        self._push_render()


class LiveLearningCurve(LiveBokehChart):
    """The training and validation values of metric `metric_name` against training time, redrawn every
    `display_freq` seconds; training values are taken every `frequent` batches."""

    def __init__(self, metric_name, display_freq=10, frequent=50):
        self.frequent = frequent
        self.start_time = datetime.datetime.now()
        self._data = {'train': {'elapsed': []}, 'eval': {'elapsed': []}}
        # as in MXNet 1.9.1, `frequent` reaches the base class in the place of batch_size
        super().__init__(None, metric_name, display_freq, frequent)

    def setup_chart(self):
        self.fig = _figure(x_axis_type='datetime', x_axis_label='Training time')
        self.x_axis_val1, self.y_axis_val1 = [], []
        self.train1 = self.fig.line(self.x_axis_val1, self.y_axis_val1, line_dash='dotted', alpha=0.3,
                                    **_legend('train'))
        self.train2 = self.fig.circle(self.x_axis_val1, self.y_axis_val1, size=1.5, line_alpha=0.3,
                                      fill_alpha=0.3, **_legend('train'))
        self.train2.visible = False          # shown instead of the dotted line once there are many points
        self.x_axis_val2, self.y_axis_val2 = [], []
        self.valid1 = self.fig.line(self.x_axis_val2, self.y_axis_val2, line_color='green', line_width=2,
                                    **_legend('validation'))
        self.valid2 = self.fig.circle(self.x_axis_val2, self.y_axis_val2, line_color='green', line_width=2)
        self.fig.legend.location = 'bottom_right'
        self.fig.yaxis.axis_label = self.metric_name
        return bokeh.plotting.show(self.fig, notebook_handle=True)

    def batch_cb(self, param):
        """Takes the training values every `frequent` batches; redraws every `display_freq` seconds."""
        if not param.nbatch % self.frequent:
            self._process_batch(param, 'train')
        if self.interval_elapsed():
            self._do_update()

    def _process_batch(self, param, df_name):
        """Appends the metric's values and the elapsed time to the 'train' or 'eval' series."""
        metrics = _metric_values(param)
        metrics['elapsed'] = datetime.datetime.now() - self.start_time
        series = self._data[df_name]
        for key, value in metrics.items():
            series.setdefault(key, []).append(value)

    def eval_cb(self, param):
        """Takes the validation values and redraws."""
        self._process_batch(param, 'eval')
        self._do_update()

    def update_chart_data(self):
        train, valid = self._data['train'], self._data['eval']
        if train['elapsed']:
            _extend(self.x_axis_val1, train['elapsed'])
            _extend(self.y_axis_val1, train[self.metric_name])
        if valid['elapsed']:
            _extend(self.x_axis_val2, valid['elapsed'])
            _extend(self.y_axis_val2, valid[self.metric_name])
        if len(valid) > 10:
            self.train1.visible = False
            self.train2.visible = True


def args_wrapper(*args):
    """The keyword arguments of ``fit`` for several callback objects (PandasLogger, LiveLearningCurve,
    ...): {argument name: list of their callbacks}."""
    out = defaultdict(list)
    for callback in args:
        for key, value in callback.callback_args().items():
            out[key].append(value)
    return dict(out)
