"""mx.notebook: live training charts and pandas logs for Jupyter notebooks (``mx.notebook.callback``).

bokeh and pandas are optional: without bokeh, ``mx.notebook.bokeh`` is the placeholder class
``Bokeh_Failed_To_Import`` as in MXNet, and the callbacks that need a missing library raise ImportError
saying which one when they are made.
"""
try:
    import bokeh
except ImportError:
    class Bokeh_Failed_To_Import:
        """Stands for bokeh, which is not installed."""
    bokeh = Bokeh_Failed_To_Import

