"""Probe: train only the gates for a few more epochs after the restore.

    python benchmarks/probes/probe_gate_refine.py [--epochs 5 20 50]

An idea for the gates that early stopping restores before they have moved far
(``probe_gate_floor.py``): freeze every member's dense layers at its restored
best epoch and run Adam on the gates alone, with the same L1 pull and step
size, over the member's own training rows. Prints, per task of
``bench_quality.py`` and seeds 0 and 1, the ROC-AUC and the F1 of the
``"mean"`` threshold after 0 (the default fit) and ``--epochs`` more epochs,
then the means. The measured answer (``docs/design.rst``): worse, as the
gates then fit the training rows' noise.
"""

import argparse
import os
import sys
import warnings

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_quality import ALL_TASKS, load_task, roc_auc, support_f1  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402


def refine(selector, X, y, epochs):
    """Mean normalised gates after each of ``epochs`` gate-only epochs."""
    net, module = selector.net_, selector.net_.module_
    Xs = (X - selector.scaler_mean_) / selector.scaler_scale_
    Xs = torch.as_tensor(Xs.astype(np.float32))
    targets = torch.as_tensor(selector.target_encoder_.transform(y))
    train = torch.as_tensor(net.train_split.train_index, dtype=torch.long)
    gate = module.gate.weight
    optimizer = torch.optim.Adam([gate], lr=selector.lr * selector.gate_lr_scale)
    for param in module.parameters():
        param.requires_grad_(param is gate)
    generator = torch.Generator().manual_seed(0)
    means = {}
    for epoch in range(1, max(epochs) + 1):
        keys = torch.rand(train.shape, generator=generator)
        order = train.gather(1, keys.argsort(dim=1))
        for start in range(0, order.shape[1], selector.batch_size):
            rows = order[:, start : start + selector.batch_size]
            loss = net.criterion_(module(Xs[rows]), targets[rows])
            loss = loss + module.gate.penalty(selector.gate_l1, selector.gate_l2)
            optimizer.zero_grad()
            loss.sum().backward()
            optimizer.step()
            module.project_()
        if epoch in epochs:
            raw = module.gate.gate_values().numpy()
            shares = raw / np.maximum(raw.sum(axis=1, keepdims=True), 1e-12)
            means[epoch] = shares[selector.members_used_].mean(axis=0)
    for param in module.parameters():
        param.requires_grad_(True)
    return means


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, nargs="+", default=[5, 20, 50])
    parser.add_argument("--tasks", nargs="+", default=list(ALL_TASKS))
    args = parser.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("SKDFS_BENCH_THREADS", 2)))
    records = []
    for task in args.tasks:
        for seed in (0, 1):
            X, y, relevant, _ = load_task(task, seed)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                selector = DeepFeatureSelector(random_state=seed).fit(X, y)
            scores = {0: selector.feature_importances_}
            scores.update(refine(selector, X, y, args.epochs))
            for epoch, fi in scores.items():
                records.append(
                    dict(
                        task=task,
                        seed=seed,
                        epochs=epoch,
                        auc=roc_auc(fi, relevant),
                        f1=support_f1(fi > fi.mean(), relevant),
                    )
                )
            print(task, seed, file=sys.stderr, flush=True)
    df = pd.DataFrame(records)
    table = df.pivot_table(index="task", columns="epochs", values=["auc", "f1"])
    print(table.round(3).to_markdown())
    print()
    print(df.groupby("epochs")[["auc", "f1"]].mean().round(3).to_markdown())


if __name__ == "__main__":
    main()
