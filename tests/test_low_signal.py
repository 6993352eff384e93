"""The low-signal warning: members that barely beat a constant predictor or
disagree on the ranking."""

import warnings

import numpy as np
import pytest

import skdfs
from skdfs import DeepFeatureSelector, LowSignalWarning
from skdfs.datasets import make_task
from skdfs.report import threshold_note
from skdfs.selection import (
    gain_pvalue,
    gains_unclear,
    low_signal_message,
    member_agreement,
    members_learned,
)

PARAMS = dict(n_estimators=8, hidden_layer_sizes=(16,), max_steps=300, device="cpu")


def test_warning_is_exported():
    assert issubclass(skdfs.LowSignalWarning, UserWarning)
    assert "LowSignalWarning" in skdfs.__all__


def test_pure_noise_target_warns():
    rng = np.random.RandomState(0)
    X = rng.standard_normal((400, 10))
    y = rng.standard_normal(400)
    sel = DeepFeatureSelector(random_state=0, **PARAMS)
    with pytest.warns(LowSignalWarning, match="permutation.*hidden_layer_sizes"):
        sel.fit(X, y)


def test_easy_task_does_not_warn(xor_data):
    X, y, _ = xor_data
    with warnings.catch_warnings():
        warnings.simplefilter("error", LowSignalWarning)
        DeepFeatureSelector(random_state=0, **PARAMS).fit(X, y)


def test_member_agreement():
    same = np.tile([0.7, 0.2, 0.1, 0.0], (5, 1))
    assert member_agreement(same) == pytest.approx(1.0)
    rng = np.random.RandomState(0)
    assert abs(member_agreement(rng.rand(40, 50))) < 0.05
    assert np.isnan(member_agreement(same[:1]))


@pytest.mark.parametrize(
    "scores, importances, symptom",
    [
        ([0.69, 0.68], [[0.9, 0.1], [0.8, 0.2]], "barely beat"),
        ([0.71, 0.70], [[0.9, 0.1], [0.8, 0.2]], "may not depend on these columns"),
        ([0.3, 0.3], [[0.9, 0.1, 0.0], [0.0, 0.1, 0.9]], "disagree"),
    ],
)
def test_low_signal_message_names_symptom(scores, importances, symptom):
    message = low_signal_message(scores, [0.69, 0.69], importances)
    assert symptom in message
    assert "max_steps" in message


def test_low_signal_message_none_when_clear():
    assert (
        low_signal_message([0.3, 0.3], [0.69, 0.69], [[0.9, 0.1], [0.8, 0.2]]) is None
    )


def test_gains_no_larger_than_chance_are_named():
    # Median gain above 1%, but the members fall on both sides of the
    # constant as on a pure-noise target (seen there: 5 of 8 above).
    base = np.full(8, 1.0)
    gains = np.array([0.05, 0.07, 0.03, -0.01, -0.03, 0.02, 0.03, -0.08])
    agree = np.tile([0.7, 0.2, 0.1], (8, 1))
    message = low_signal_message(base * (1 - gains), base, agree)
    assert "no larger than chance" in message
    # The same members, every one clearly ahead: no warning.
    assert low_signal_message(base * (1 - np.abs(gains)), base, agree) is None
    # Four members or fewer: the rank test cannot reach 5%, it is not applied.
    assert low_signal_message(base[:4] * (1 - gains[:4]), base[:4], agree) is None


def test_members_that_learned_half_and_collapsed_half_are_not_low_signal():
    # Half the members learned (gains ~0.7), half closed every gate and are
    # constants a hair ahead of the constant: a signal, and only the first
    # half is used.
    base = np.full(8, 0.69)
    gains = np.array([0.67, 0.77, 3e-5, 4e-5, 0.79, 0.74, 5e-5, 2e-5])
    scores = base * (1 - gains)
    assert gain_pvalue(gains) < 0.01
    assert members_learned(scores, base).tolist() == [1, 1, 0, 0, 1, 1, 0, 0]
    agree = np.tile([0.9, 0.05, 0.05], (4, 1))
    assert low_signal_message(scores, base, agree) is None


def test_gain_pvalue_edges():
    assert gain_pvalue([0.0, 0.0, 0.0]) == 1.0
    assert gain_pvalue([float("nan"), 0.5, 0.5, 0.5, 0.5, 0.5]) < 0.05
    assert gain_pvalue([-0.5] * 6) > 0.95


def _factor_columns(n=300, copies=4, factors=5, seed=0):
    """``factors`` latent columns, each in ``copies`` noisy copies (|r| ~
    0.99 within a factor, ~0 across)."""
    rng = np.random.RandomState(seed)
    Z = rng.standard_normal((n, factors))
    return np.repeat(Z, copies, axis=1) + 0.1 * rng.standard_normal(
        (n, factors * copies)
    )


def test_disagreement_among_correlated_leaders_names_grouping():
    X = _factor_columns()
    disagree = np.eye(20)[[0, 5, 10, 15, 1, 6]] + 0.01  # each leans on another column
    message = low_signal_message([0.3] * 6, [0.69] * 6, disagree, X)
    assert "disagree" in message
    assert "leading columns have other columns correlated with them" in message
    assert "groups=skdfs.groups_from_correlation(X, 0.9)" in message
    assert "--group-correlated 0.9" in message
    assert "max_steps" in message  # the other remedies stay
    # The same importances on uncorrelated columns, or without X: no such note.
    rng = np.random.RandomState(1)
    for other in (rng.standard_normal(X.shape), None):
        message = low_signal_message([0.3] * 6, [0.69] * 6, disagree, other)
        assert "disagree" in message and "groups_from_correlation" not in message
    # Members that agree: no warning, whatever the correlations.
    agree = np.tile(np.eye(20)[0] + 0.01, (6, 1))
    assert low_signal_message([0.3] * 6, [0.69] * 6, agree, X) is None


def test_a_fit_on_correlated_columns_names_grouping():
    """End to end: on a noise target the members disagree, and the leading
    columns all have correlated copies; the selector passes its columns."""
    rng = np.random.RandomState(0)
    X = _factor_columns(n=400)
    y = rng.standard_normal(400)
    sel = DeepFeatureSelector(random_state=0, **PARAMS)
    with pytest.warns(LowSignalWarning, match="groups_from_correlation"):
        sel.fit(X, y)
    # With the groups (one gate per factor) the note is not repeated.
    groups = skdfs.groups_from_correlation(X)
    assert len(np.unique(groups)) == 5
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        DeepFeatureSelector(random_state=0, groups=groups, **PARAMS).fit(X, y)
    assert not any("groups_from_correlation" in str(w.message) for w in caught)


def test_flat_members_that_select_every_column_are_named():
    # Members learned clearly and agree, but the flat ones carry the vote.
    agree = [[0.9, 0.1], [0.8, 0.2]]
    message = low_signal_message([0.3, 0.3], [0.69, 0.69], agree, flat=(3, 10))
    assert message.startswith("3 of the 10 members that vote kept every column")
    assert "the selection is weakly determined" in message
    assert "threshold='probe'" in message and "max_steps" in message
    # With another symptom the importances are named, both problems listed.
    message = low_signal_message([0.69, 0.69], [0.69, 0.69], agree, flat=(3, 10))
    assert "barely beat" in message and "3 of the 10" in message
    assert "the importances are weakly determined" in message


def test_few_rows_where_the_members_barely_learn_select_little_and_say_why():
    """60 rows of switch (20 columns): the members barely beat the constant,
    so the keep-rate test decides the vote, keeps nothing, and the one
    low-signal warning says so (before the members started at the constant,
    such fits had members that kept every column and alone selected all 20);
    a task whose every column matters (friedman's 5 columns, 200 rows)
    selects them all and does not warn, since its members beat the constant
    by far."""
    X, y, _, _ = make_task("switch", random_state=2, n_samples=60, n_features=20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sel = DeepFeatureSelector(random_state=2).fit(X, y)
    messages = [str(w.message) for w in caught if w.category is LowSignalWarning]
    assert len(messages) == 1
    assert "Members may beat the constant by chance" in messages[0]
    assert sel.get_support().sum() <= 2
    X, y, _, _ = make_task("friedman", random_state=0, n_samples=200, n_features=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LowSignalWarning)
        sel = DeepFeatureSelector(random_state=0).fit(X, y)
    assert sel.get_support().all()
    # The probe test decides its own selection: no word about the path's vote.
    X, y, _, _ = make_task("switch", random_state=2, n_samples=60, n_features=20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        DeepFeatureSelector(random_state=2, threshold="probe").fit(X, y)
    assert not any("Members may beat" in str(w.message) for w in caught)


def test_few_validation_rows_are_named():
    agree = [[0.9, 0.1], [0.8, 0.2]]
    message = low_signal_message([0.3, 0.3], [0.69, 0.69], agree, n_valid=5)
    assert message.startswith("each member judged its fit on 5 validation rows")
    assert "probe test's p-values" in message and "shortlist" in message
    # From MIN_VALID_ROWS on, a clear fit says nothing.
    assert low_signal_message([0.3, 0.3], [0.69, 0.69], agree, n_valid=20) is None
    assert low_signal_message([0.3, 0.3], [0.69, 0.69], agree, n_valid=None) is None


def test_a_clear_signal_on_thirty_rows_still_warns():
    """30 rows of y = [x0 + x1 > 0]: the members learn (the ranking is right),
    but six validation rows each cannot tell chance associations apart."""
    rng = np.random.RandomState(0)
    X = rng.standard_normal((30, 6))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    sel = DeepFeatureSelector(random_state=0, **PARAMS)
    with pytest.warns(LowSignalWarning, match="on 6 validation rows"):
        sel.fit(X, y)
    # 150 rows (30 validation rows each): no warning.
    X = rng.standard_normal((150, 6))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LowSignalWarning)
        DeepFeatureSelector(random_state=0, **PARAMS).fit(X, y)


def test_remedies_already_in_use_are_not_named():
    agree = [[0.9, 0.1], [0.8, 0.2]]
    flat = ([0.69] * 2, [0.69] * 2, agree)
    linear = dict(hidden_layer_sizes=(), input_basis="linear")
    message = low_signal_message(*flat, settings=linear)
    assert "linear members" not in message and "importance='permutation'" in message
    message = low_signal_message(*flat, settings=dict(linear, importance="permutation"))
    assert message.endswith("Try more rows or steps (max_steps)")
    # Linear members with the squares are not linear members: still named.
    message = low_signal_message(*flat, settings=dict(hidden_layer_sizes=[]))
    assert "linear members" in message


def test_chance_correlations_on_wide_tables_are_named():
    from skdfs.selection import MAX_CHANCE_CORRELATION, chance_correlation

    assert chance_correlation(120, 800) > MAX_CHANCE_CORRELATION
    assert chance_correlation(250, 1000) < MAX_CHANCE_CORRELATION
    assert chance_correlation(10, 1) == 0.0
    agree = [[0.9, 0.1], [0.8, 0.2]]
    clear = ([0.3, 0.3], [0.69, 0.69], agree)
    message = low_signal_message(*clear, n_valid=24, shape=(120, 800))
    assert message.startswith("on 120 rows, the strongest of 800 columns")
    assert "about 0.33" in message and "shortlist" in message
    assert low_signal_message(*clear, n_valid=50, shape=(250, 1000)) is None


def test_split_vote_message_needs_many_split_features_and_half_the_selection():
    from skdfs.selection import split_vote_message

    strong = np.ones(5)
    # 10 split features beside 5 strong ones: warned
    share = np.r_[strong, np.full(10, 0.3), np.zeros(50)]
    message = split_vote_message(share, share >= 0.25)
    assert "10 of the 15 features a quarter of the members keep" in message
    assert "threshold='probe'" in message and "max_features" in message
    # 9 split features: too few to say
    share = np.r_[strong, np.full(9, 0.3), np.zeros(50)]
    assert split_vote_message(share, share >= 0.25) is None
    # 12 split features beside 13 strong ones: less than half the selection
    share = np.r_[np.ones(13), np.full(12, 0.3), np.zeros(50)]
    assert split_vote_message(share, share >= 0.25) is None
    # a feature kept by half of the members is not split
    share = np.r_[strong, np.full(20, 0.5), np.zeros(50)]
    assert split_vote_message(share, share >= 0.25) is None


def test_gains_unclear():
    assert gains_unclear([0.05, 0.07, 0.03, -0.01, -0.03, 0.02, 0.03, -0.08])
    assert not gains_unclear([0.7, 0.8, 0.7, 0.6, 0.9])
    assert gains_unclear([0.005] * 10)  # clearly above 0, but below MIN_GAIN
    assert not gains_unclear([0.3, 0.4])  # too few for the rank test: the median
    assert gains_unclear([np.nan, np.nan])


def test_a_target_no_column_predicts_selects_next_to_nothing():
    """Random labels on 300 x 100: a third of the members beat the constant by
    chance and half of those kept every column, so the vote passed all 100
    columns (before the keep-rate test applied to weak gains). Now at most a
    couple pass, and the warnings say why."""
    rng = np.random.default_rng(1)
    X = rng.standard_normal((300, 100))
    y = rng.integers(0, 2, 300)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sel = DeepFeatureSelector(random_state=1).fit(X, y)
    assert sel.get_support().sum() <= 2
    messages = [str(w.message) for w in caught if w.category is LowSignalWarning]
    assert any("worse than a constant predictor" in m for m in messages)
    assert not any("kept every column" in m for m in messages)
    assert any("0 of the" in m and "significantly more often" in m for m in messages)
    assert "significantly more often" in threshold_note(sel)  # the CLI's summary


def test_linear_members_learn_a_rare_class():
    """11% positives that two columns decide (logistic, 3,000 rows): the
    members start at the class prior's logit (the constant predictor) rather
    than at a random bias near 0. With Adam's small steps, linear members
    starting near 0 had not reached the prior within the step budget: 13 of
    32 beat the constant, with a LowSignalWarning (a user trial). Now most
    do, and the two columns are the selection."""
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3000, 20))
    logit = -2.6 + 0.8 * X[:, 0] - 0.8 * X[:, 1]
    y = (rng.random(3000) < 1 / (1 + np.exp(-logit))).astype(int)
    sel = DeepFeatureSelector(
        hidden_layer_sizes=(), input_basis="linear", random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", LowSignalWarning)
        sel.fit(X, y)
    assert sel.members_used_.sum() >= 24
    assert np.flatnonzero(sel.get_support()).tolist() == [0, 1]
    prior = np.log(y.mean() / (1 - y.mean()))
    assert abs(np.median(sel.net_.module_.out.bias.detach().numpy()) - prior) < 0.5
