# ruff: noqa: E501, E731, E701, E702  (the helper's code, kept as it wrote it)
"""The tables of the twenty-first session's independent user trial of
``skdfs rank`` on wide tables (300 to 3,000 columns), written by a helper
agent as an omics user would and kept as it wrote them (truths in the
comments).

    python benchmarks/probes/trial21w_tables.py OUTDIR
    # then: skdfs rank OUTDIR/expr.csv -t phenotype, and so on
    # (the commands and what they printed: benchmarks/results/trial21w_rank.txt)

Six tables: 120 samples x 800 genes with a batch column; 300 x 2,000
proteins with 5% missing values and correlated modules; 200 x 500
metabolites with a product and a threshold effect; 150 x 1,000 where
nothing matters; 400 x 300 smooth spectra; 90 x 3,000 methylation beta
values.
"""

import sys

import numpy as np
import pandas as pd

D = (sys.argv[1] if len(sys.argv) > 1 else ".").rstrip("/") + "/"


def expr():
    # TRUTH: expr.csv, 120 samples x 800 genes (+ sample_id, batch with 3 levels).
    # Binary target 'phenotype' (case/control text). logit = 2.0*z(TP53) + 1.8*z(ENSG00000141510)
    #   + 0.9*z(ENSG00000171862) + 0.8*z(ENSG00000146648)   (2 strong, 2 moderate)
    # batch shifts all genes (no effect on phenotype). ~0.5% missing values scattered.
    rng = np.random.default_rng(1)
    n, p = 120, 800
    names = [
        f"ENSG{k:011d}"
        for k in rng.choice(np.arange(100000, 300000), p - 6, replace=False)
    ] + ["TP53", "BRCA1", "EGFR", "MYC", "KRAS", "PTEN"]
    names = list(dict.fromkeys(names))
    assert len(names) == p
    true = ["TP53", "ENSG00000141510", "ENSG00000171862", "ENSG00000146648"]
    names[5], names[100], names[400] = true[1], true[2], true[3]
    batch = rng.integers(0, 3, n)
    X = (
        rng.normal(6, 1.2, (n, p))
        + (batch[:, None] * 0.5) * rng.normal(1, 0.3, p)[None, :]
    )
    df = pd.DataFrame(X, columns=names)
    z = lambda c: (df[c] - df[c].mean()) / df[c].std()
    logit = 2.0 * z(true[0]) + 1.8 * z(true[1]) + 0.9 * z(true[2]) + 0.8 * z(true[3])
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    df = df.round(3)
    mask = rng.random(df.shape) < 0.005
    df = df.mask(mask)
    df.insert(0, "sample_id", [f"S{i:04d}" for i in range(n)])
    df.insert(1, "batch", [f"batch{b + 1}" for b in batch])
    df["phenotype"] = np.where(y, "case", "control")
    df.to_csv(D + "expr.csv", index=False)
    print(df.shape, y.mean())


def prot():
    # TRUTH: prot.csv, 300 samples x 2000 proteins (P00001..), 5% missing (MCAR), modules of 20 correlated proteins (r~0.6).
    # Continuous target 'outcome' = 1.0*P00010 + 0.8*P00500 + 0.5*P01000 + 0.4*P01500 + 0.3*P01990 + N(0,1)  (on standardized log values)
    # P00010 and P00500 sit in correlated modules (module 0 and 25), others too (every protein is in a module).
    rng = np.random.default_rng(2)
    n, p, m = 300, 2000, 20
    F = rng.normal(size=(n, p // m))
    X = np.sqrt(0.6) * np.repeat(F, m, axis=1) + np.sqrt(0.4) * rng.normal(size=(n, p))
    names = [f"P{j:05d}" for j in range(p)]
    true = {"P00010": 1.0, "P00500": 0.8, "P01000": 0.5, "P01500": 0.4, "P01990": 0.3}
    y = sum(w * X[:, names.index(c)] for c, w in true.items()) + rng.normal(size=n)
    df = pd.DataFrame(20 + 1.5 * X, columns=names).round(3)
    df = df.mask(rng.random(df.shape) < 0.05)
    df["outcome"] = y.round(4)
    df.to_csv(D + "prot.csv", index=False)
    print(df.shape)


def metab():
    # TRUTH: metab.csv, 200 samples x 500 metabolites (M001..M500), log-scale.
    # Continuous target 'score' = 1.2*M007*M042 (interaction: product of standardized) + 1.5*(M120 > 1.0) (threshold)
    #   + 0.6*M300 (linear, moderate) + N(0, 0.7)
    rng = np.random.default_rng(3)
    n, p = 200, 500
    X = rng.normal(size=(n, p))
    names = [f"M{j + 1:03d}" for j in range(p)]
    c = lambda s: X[:, names.index(s)]
    y = (
        1.2 * c("M007") * c("M042")
        + 1.5 * (c("M120") > 1.0)
        + 0.6 * c("M300")
        + rng.normal(0, 0.7, n)
    )
    df = pd.DataFrame(X, columns=names).round(4)
    df["score"] = y.round(4)
    df.to_csv(D + "metab.csv", index=False)
    print(df.shape)


def null():
    # TRUTH: null.csv, 150 samples x 1000 features (F0000..), NOTHING matters: binary target 'label' (0/1) independent of all features.
    rng = np.random.default_rng(4)
    n, p = 150, 1000
    df = pd.DataFrame(
        rng.normal(size=(n, p)), columns=[f"F{j:04d}" for j in range(p)]
    ).round(4)
    df["label"] = rng.integers(0, 2, n)
    df.to_csv(D + "null.csv", index=False)
    print(df.shape)


def spec():
    # TRUTH: spec.csv, 400 spectra x 300 wavelengths (nm_1000 .. nm_1598, step 2), smooth spectra: neighbours r>0.95.
    # Continuous target 'conc' = 1.0*band(nm_1200) (strong) + 0.5*band(nm_1450) (moderate) + noise, where band(w) = mean of the
    # 5 columns centred on w (i.e. nm_1196..nm_1204 and nm_1446..nm_1454). Any column within those bands counts as true.
    rng = np.random.default_rng(5)
    n, p = 400, 300
    wl = 1000 + 2 * np.arange(p)
    # smooth random spectra: sum of gaussian bumps with random amplitudes + white noise
    centers = np.linspace(1000, 1600, 40)
    width = 15.0
    B = np.exp(-0.5 * ((wl[None, :] - centers[:, None]) / width) ** 2)  # 40 x p
    A = rng.normal(size=(n, 40))
    X = A @ B + 0.02 * rng.normal(size=(n, p))
    names = [f"nm_{w}" for w in wl]

    def band(w):
        j = names.index(f"nm_{w}")
        v = X[:, j - 2 : j + 3].mean(1)
        return (v - v.mean()) / v.std()

    # add a specific absorption signal to the bands (the analyte)
    conc_latent = rng.normal(size=n)
    conc2 = rng.normal(size=n)
    for w, lat in ((1200, conc_latent), (1450, conc2)):
        j = names.index(f"nm_{w}")
        X[:, j - 4 : j + 5] += (
            0.5 * lat[:, None] * np.exp(-0.5 * ((np.arange(-4, 5)) / 2.0) ** 2)[None, :]
        )
    y = 1.0 * band(1200) + 0.5 * band(1450) + rng.normal(0, 0.5, n)
    df = pd.DataFrame(X, columns=names).round(5)
    df["conc"] = y.round(4)
    df.to_csv(D + "spec.csv", index=False)
    C = np.corrcoef(X[:, :50].T)
    print(df.shape, "neighbour r median", np.median(np.diag(C, 1)))


def meth():
    # TRUTH: meth.csv, 90 samples x 3000 CpG beta values (cg00000000..), values in (0,1). Binary target 'tumour' (yes/no).
    # logit = 2.5*z(cg00001234) + 1.5*z(cg00002222) - 1.0*z(cg00000777)  (strong, strong-ish, moderate)
    rng = np.random.default_rng(6)
    n, p = 90, 3000
    names = [f"cg{j:08d}" for j in range(p)]
    M = rng.normal(rng.normal(0, 2, p), 0.7, (n, p))
    beta = 1 / (1 + np.exp(-M))
    df = pd.DataFrame(beta, columns=names).round(4)
    z = lambda c: (
        (M[:, names.index(c)] - M[:, names.index(c)].mean())
        / M[:, names.index(c)].std()
    )
    logit = 2.5 * z("cg00001234") + 1.5 * z("cg00002222") - 1.0 * z("cg00000777")
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    df["tumour"] = np.where(y, "yes", "no")
    df.to_csv(D + "meth.csv", index=False)
    print(df.shape, y.mean())


if __name__ == "__main__":
    expr()
    prot()
    metab()
    null()
    spec()
    meth()
