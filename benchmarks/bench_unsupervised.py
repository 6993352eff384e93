"""Row norm against gate: ROC-AUC of TeacherStudentSelector's two scores.

    OMP_NUM_THREADS=1 python benchmarks/bench_unsupervised.py [--seeds 0 1 2]
        [--group-lasso 0.001 0.01 0.1] [--n-estimators 16] [--max-steps N]

Every structure lives in 3 of 50 columns (at random positions), the other 47
are independent N(0, 1) noise, n = 600 rows:

``clusters``
    Three Gaussian clusters (unit spread) with centres at +-4 in the three
    columns, every column taking both signs; default teacher
    (``StandardScaler`` then ``PCA(3)``).
``clusters_weak``
    The same with centres at +-1.5: the clusters overlap.
``helix_isomap``
    A helix ``(3 cos t, 3 sin t, 3 t')`` with ``t`` uniform over two turns
    (``t'`` standardised) plus N(0, 0.1) noise; teacher
    ``Isomap(n_components=2, n_neighbors=10)`` on the raw data.
``helix_pca_raw``
    The same data; teacher ``PCA(3)`` on the raw data, where the helix columns
    have 4.5-9 times the noise columns' variance.
``factor_weak``
    One latent N(0, 1) factor, pairwise |correlation| 0.4 between the three
    unit-variance columns; default teacher with one component.
``helix_default``
    The helix with the default teacher: after standardising, its three
    (linearly uncorrelated) columns look like noise to PCA, which has nothing
    to find; a structure the teacher misses is missed by the students too.

One fit per structure, seed and ``group_lasso`` gives both scores (they are
computed from the same trained students). Prints one line per fit and tables
of the means, as Markdown: ROC-AUC (relevant columns against noise columns),
``top3`` (share of the three best scored that are relevant), ``mass`` (share
of the total importance on the relevant columns), ``precision`` (share of
relevant columns among those the ``"mean"`` threshold keeps), the students'
validation ``mse`` and seconds per fit.
"""

import argparse
import time
from functools import partial

import numpy as np
import pandas as pd
import torch
from sklearn.decomposition import PCA
from sklearn.manifold import Isomap
from sklearn.metrics import roc_auc_score

from skdfs.unsupervised import (
    IMPORTANCES,
    StudentNet,
    TeacherStudentSelector,
    student_scores,
)

N_SAMPLES, N_FEATURES, N_RELEVANT = 600, 50, 3


def _embed(rng, signal):
    """Noise table with ``signal``'s columns at random positions."""
    X = rng.standard_normal((N_SAMPLES, N_FEATURES))
    relevant = np.sort(rng.choice(N_FEATURES, N_RELEVANT, replace=False))
    X[:, relevant] = signal
    return X, relevant


def make_clusters(seed, separation=4.0):
    """Three unit-spread Gaussian clusters at +-separation corners of 3 columns."""
    rng = np.random.RandomState(seed)
    while True:  # every column must separate some clusters, no two centres equal
        centres = rng.choice([-separation, separation], size=(3, N_RELEVANT))
        if (np.ptp(centres, axis=0) > 0).all() and len(np.unique(centres, axis=0)) == 3:
            break
    labels = rng.randint(3, size=N_SAMPLES)
    signal = centres[labels] + rng.standard_normal((N_SAMPLES, N_RELEVANT))
    return _embed(rng, signal)


def make_helix(seed):
    """Two turns of a helix of radius 3 and height spread 3."""
    rng = np.random.RandomState(seed)
    t = rng.uniform(0, 4 * np.pi, N_SAMPLES)
    height = (t - t.mean()) / t.std()
    signal = 3 * np.column_stack([np.cos(t), np.sin(t), height])
    signal += 0.1 * rng.standard_normal(signal.shape)
    return _embed(rng, signal)


def make_factor(seed, correlation=0.5):
    """One latent factor: unit-variance columns with pairwise |correlation|."""
    rng = np.random.RandomState(seed)
    z = rng.standard_normal((N_SAMPLES, 1))
    loading = np.sqrt(correlation)
    loadings = loading * rng.choice([-1.0, 1.0], size=(1, N_RELEVANT))
    noise = np.sqrt(1 - correlation) * rng.standard_normal((N_SAMPLES, N_RELEVANT))
    signal = z * loadings + noise
    return _embed(rng, signal)


def _isomap():
    return Isomap(n_components=2, n_neighbors=10)


# name: (generator, teacher factory (None: the default), n_components)
STRUCTURES = {
    "clusters": (make_clusters, lambda: None, 3),
    "clusters_weak": (partial(make_clusters, separation=1.5), lambda: None, 3),
    "helix_isomap": (make_helix, _isomap, 3),
    "helix_pca_raw": (make_helix, lambda: PCA(3), 3),
    "factor_weak": (partial(make_factor, correlation=0.4), lambda: None, 1),
    "helix_default": (make_helix, lambda: None, 3),
}


def _kernel_only_penalty(net):
    """The L2,1 penalty on the kernel rows alone, gates left out (comparison)."""
    rows = torch.linalg.vector_norm(net.module_.first_layer_weight(), dim=2)
    return net.group_lasso * rows.sum(dim=1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--structures", nargs="+", default=list(STRUCTURES))
    parser.add_argument(
        "--group-lasso", type=float, nargs="+", default=[1e-3, 1e-2, 1e-1]
    )
    parser.add_argument("--n-estimators", type=int, default=16)
    parser.add_argument(
        "--max-steps", type=int, default=None, help="the students' step budget"
    )
    parser.add_argument(
        "--kernel-only-penalty",
        action="store_true",
        help="penalise ||W1[i, :]|| instead of ||g_i W1[i, :]|| (for comparison)",
    )
    args = parser.parse_args(argv)
    if args.kernel_only_penalty:
        StudentNet.group_lasso_penalty = _kernel_only_penalty
    metrics = ["auc", "top3", "mass", "precision"]
    rows = []
    for name in args.structures:
        make, teacher, n_components = STRUCTURES[name]
        for seed in args.seeds:
            X, relevant = make(seed)
            truth = np.isin(np.arange(N_FEATURES), relevant)
            for lam in args.group_lasso:
                selector = TeacherStudentSelector(
                    teacher=teacher(),
                    n_components=n_components,
                    n_estimators=args.n_estimators,
                    group_lasso=lam,
                    random_state=seed,
                    device="cpu",
                    **({} if args.max_steps is None else {"max_steps": args.max_steps}),
                )
                start = time.perf_counter()
                selector.fit(X)
                seconds = time.perf_counter() - start
                for importance in IMPORTANCES:
                    raw = student_scores(selector.net_.module_, importance)
                    total = raw.sum(axis=1, keepdims=True)
                    mean = (raw / np.where(total > 0, total, 1.0)).mean(axis=0)
                    top = np.argsort(-mean, kind="mergesort")[:N_RELEVANT]
                    kept = np.flatnonzero(mean >= mean.mean())  # threshold="mean"
                    rows.append(
                        dict(
                            structure=name,
                            group_lasso=lam,
                            importance=importance,
                            seed=seed,
                            auc=roc_auc_score(truth, mean),
                            top3=np.isin(top, relevant).mean(),
                            mass=mean[relevant].sum(),
                            precision=np.isin(kept, relevant).mean(),
                            mse=float(np.mean(selector.member_scores_)),
                            seconds=seconds,
                        )
                    )
                    print(
                        " ".join(
                            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                            for k, v in rows[-1].items()
                        ),
                        flush=True,
                    )
    df = pd.DataFrame(rows)
    table = df.pivot_table(
        index=["structure", "group_lasso"],
        columns="importance",
        values=metrics,
        aggfunc="mean",
    )
    print()
    print(table.round(3).to_markdown())
    print()
    print(
        df.groupby(["group_lasso", "importance"])[metrics].mean().round(3).to_markdown()
    )
    print()
    print(df.groupby("group_lasso")[["mse", "seconds"]].mean().round(3).to_markdown())


if __name__ == "__main__":
    main()
