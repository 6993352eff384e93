"""skorch callbacks for people watching a fit.

:class:`EpochProgress` shows one progress bar over the epochs of an
:class:`~skdfs.training.EnsembleNet`, with the number of members still training
and the best validation loss reached by any member so far. When its output is
not a terminal (a log file, a pipe, a batch job) it writes a plain line every
tenth of the epochs instead of redrawing a bar; without ``tqdm`` it logs one
line per epoch (logger ``"skdfs"``, level ``INFO``).
"""

from __future__ import annotations

import logging
import math
import sys

from skorch.callbacks import Callback

__all__ = ["EpochProgress"]

logger = logging.getLogger("skdfs")


def _tqdm_class():
    """tqdm's console bar, or None when tqdm is not installed."""
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm


def _is_terminal(stream):
    """Whether ``stream`` is an interactive terminal (False when unsure)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class EpochProgress(Callback):
    """Progress bar over epochs showing active members and the best loss.

    The bar's total is the net's ``max_epochs``; it is closed when training
    ends, so a fit stopped early by its members' early stopping leaves a bar
    that ends short of the total. After every epoch the bar shows

    - ``active=<n>/<E>``: members still training (history key ``n_active``,
      written by :class:`~skdfs.training.MemberEarlyStopping`; omitted when
      there is no validation data);
    - ``best=<loss>``: the lowest validation loss of any member up to this
      epoch (history key ``valid_member_loss``; omitted when missing).

    With ``file=None`` and a standard error that is not a terminal (output
    redirected to a log file or a pipe), a bar would be written as hundreds
    of carriage-return updates on one line; plain lines such as
    ``training: epoch 20/200, active=32/32, best=0.5678`` are written instead,
    one every tenth of ``max_epochs`` and one for the last epoch. When
    ``tqdm`` cannot be imported, the information is logged once per epoch
    with :mod:`logging` (logger ``"skdfs"``, level ``INFO``).

    Parameters
    ----------
    file : file-like or None, default=None
        Where the bar is written; ``None`` means :data:`sys.stderr` at the time
        training begins.
    desc : str, default="training"
        Label in front of the bar.
    leave : bool, default=True
        Whether the finished bar stays on screen.

    Attributes
    ----------
    best_ : float
        Lowest validation loss of any member so far (``nan`` before the first
        validated epoch).
    epochs_done_ : int
        Epochs reported so far in the current fit.

    See Also
    --------
    skorch.callbacks.ProgressBar : A bar over the batches of each epoch.

    Notes
    -----
    Put this callback after :class:`~skdfs.training.MemberEarlyStopping` in
    the net's callbacks so that it sees the epoch's ``n_active``. The epoch on
    which early stopping ends training is reported in ``on_train_end``, since
    the stop (a ``KeyboardInterrupt``) skips the remaining ``on_epoch_end``
    hooks.

    Examples
    --------
    >>> import io
    >>> from skdfs.callbacks import EpochProgress
    >>> progress = EpochProgress(file=io.StringIO())
    >>> progress.format_postfix({"n_active": 1, "valid_member_loss": [0.5, 0.4]})
    'active=1/2, best=0.4000'
    >>> progress.format_postfix({"n_active": 1, "valid_member_loss": [0.6, 0.45]})
    'active=1/2, best=0.4000'
    """

    def __init__(self, file=None, desc="training", leave=True):
        self.file = file
        self.desc = desc
        self.leave = leave

    # ----------------------------------------------------------------- state
    def initialize(self):
        self.bar_ = None
        self.stream_ = None
        self.reported_ = 0
        self.postfix_ = ""
        self.best_ = math.nan
        self.epochs_done_ = 0
        return self

    def __getstate__(self):
        # An open bar holds a stream, which cannot be pickled.
        state = self.__dict__.copy()
        state["bar_"] = None
        state["stream_"] = None
        return state

    # --------------------------------------------------------------- display
    def format_postfix(self, row):
        """The text shown after the bar for one row of the net's history.

        Updates ``best_`` with the row's ``valid_member_loss``.

        Parameters
        ----------
        row : mapping
            One epoch of :attr:`skorch.NeuralNet.history`.

        Returns
        -------
        str
            For instance ``"active=12/32, best=0.3141"``; empty when the row
            has neither key.
        """
        parts = []
        if not hasattr(self, "best_"):
            self.initialize()
        losses = row.get("valid_member_loss")
        n_members = None
        if losses is not None:
            finite = [float(v) for v in losses if math.isfinite(float(v))]
            n_members = len(losses)
            if finite:
                low = min(finite)
                self.best_ = low if math.isnan(self.best_) else min(self.best_, low)
        n_active = row.get("n_active")
        if n_active is not None:
            total = "" if n_members is None else f"/{n_members}"
            parts.append(f"active={int(n_active)}{total}")
        if not math.isnan(self.best_):
            parts.append(f"best={self.best_:.4f}")
        return ", ".join(parts)

    def _report(self, net, row):
        postfix = self.format_postfix(row)
        self.epochs_done_ += 1
        self.postfix_ = postfix
        if self.bar_ is not None:
            self.bar_.set_postfix_str(postfix, refresh=False)
            self.bar_.update(1)
        elif self.stream_ is not None:
            every = max(1, math.ceil(net.max_epochs / 10))
            if self.epochs_done_ % every == 0 or self.epochs_done_ == net.max_epochs:
                self._write_line(net, postfix)
        else:
            logger.info(
                "epoch %d/%d%s",
                self.epochs_done_,
                net.max_epochs,
                f" {postfix}" if postfix else "",
            )

    def _write_line(self, net, postfix):
        line = f"{self.desc}: epoch {self.epochs_done_}/{net.max_epochs}"
        self.stream_.write(f"{line}, {postfix}\n" if postfix else f"{line}\n")
        self.stream_.flush()
        self.reported_ = self.epochs_done_

    # ----------------------------------------------------------------- hooks
    def on_train_begin(self, net, X=None, y=None, **kwargs):
        self.initialize()
        tqdm = _tqdm_class()
        stream = sys.stderr if self.file is None else self.file
        if tqdm is not None and self.file is None and not _is_terminal(stream):
            self.stream_ = stream
        elif tqdm is not None:
            self.bar_ = tqdm(
                total=net.max_epochs,
                desc=self.desc,
                unit="epoch",
                file=stream,
                leave=self.leave,
                dynamic_ncols=True,
            )
        self.start_ = len(net.history)

    def on_epoch_end(self, net, **kwargs):
        # Report every epoch not yet reported (normally just the last one).
        for row in net.history[self.start_ + self.epochs_done_ :]:
            self._report(net, row)

    def on_train_end(self, net, X=None, y=None, **kwargs):
        # The epoch that early stopping interrupted skipped on_epoch_end.
        self.on_epoch_end(net)
        if self.stream_ is not None:
            if self.epochs_done_ and self.reported_ != self.epochs_done_:
                self._write_line(net, self.postfix_)
            self.stream_ = None
        if self.bar_ is not None:
            self.bar_.close()
            self.bar_ = None
