"""The member-batched module (``skdfs.network``)."""

import pytest
import torch

from skdfs.network import GatedEnsembleMLP, _GatedKernel, _OneOutput, member_runs


@pytest.fixture(params=["default", "always"])
def square_runs(request, monkeypatch):
    # "always": linear members' square rows left out of the first layer's
    # products even on these small modules (by default only on wide ones).
    if request.param == "always":
        monkeypatch.setattr(GatedEnsembleMLP, "square_runs_from", 0)
    return request.param


def test_one_output_layer_gradients():
    torch.manual_seed(0)
    X = torch.randn(3, 6, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 4, 1, dtype=torch.float64, requires_grad=True)
    b = torch.randn(3, 1, 1, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(_OneOutput.apply, (X, w, b))
    torch.testing.assert_close(_OneOutput.apply(X, w, b), torch.baddbmm(b, X, w))


@pytest.mark.parametrize(
    "mask, runs",
    [
        ([], ()),
        ([True] * 4, (slice(0, 4, 1),)),
        ([False, True] * 3, (slice(1, 6, 2),)),
        (
            [True, True, False, True, False, False, True],
            (slice(0, 2, 1), slice(3, 7, 3)),
        ),
        ([False, False, True], (slice(2, 3, 1),)),
    ],
)
def test_member_runs(mask, runs):
    assert member_runs(mask) == runs
    members = [i for r in runs for i in range(len(mask))[r]]
    assert members == [i for i, keep in enumerate(mask) if keep]


def test_square_runs_give_the_same_values_on_two_threads(monkeypatch):
    # On a wide module with two threads torch splits some products over the
    # threads differently when they run per run of members (an in-place
    # product on the run's view rounded differently): the runs must not.
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        torch.manual_seed(0)
        module = GatedEnsembleMLP(
            32, 1000, 1, curved=list(range(1000)), curved_members=[0, 1] * 16
        )
        with torch.no_grad():
            module.first_layer_weight()[1::2, 1000:].normal_(0, 0.03)
        X = torch.randn(32, 32, 1000)
        results = []
        for runs_from in (1 << 62, 0):
            monkeypatch.setattr(GatedEnsembleMLP, "square_runs_from", runs_from)
            module.zero_grad(set_to_none=True)
            out = module(X)
            out.square().sum().backward()
            results.append([out.detach(), *(p.grad for p in module.parameters())])
    finally:
        torch.set_num_threads(threads)
    for a, b in zip(*results, strict=True):
        assert torch.equal(a, b)


def test_square_runs_follow_the_members_buffer(monkeypatch):
    # The runs are cached; a buffer loaded in place (a state dict of a module
    # with other linear members) is followed.
    monkeypatch.setattr(GatedEnsembleMLP, "square_runs_from", 0)
    config = dict(n_members=4, n_features=5, n_outputs=1, curved=list(range(5)))
    a = GatedEnsembleMLP(**config, curved_members=[True, False, True, False])
    b = GatedEnsembleMLP(**config, curved_members=[False, False, True, True])
    with torch.no_grad():  # square rows grown on b's curved members
        b.first_layer_weight()[2:, 5:] = torch.randn(2, 5, 64)
    X = torch.randn(4, 6, 5)
    a(X)  # caches a's runs
    a.load_state_dict(b.state_dict())
    assert torch.equal(a(X), b(X))


@pytest.mark.parametrize("squares", [False, True])
def test_gated_kernel_gradients(squares):
    torch.manual_seed(0)
    E, B, d, c, h = 3, 5, 4, 2, 6
    X = torch.randn(E, B, d, dtype=torch.float64)
    S = torch.randn(E, B, c, dtype=torch.float64) if squares else None
    n_in = d + c if squares else d
    w = torch.randn(E, n_in, h, dtype=torch.float64, requires_grad=True)
    g = torch.rand(E, n_in, dtype=torch.float64, requires_grad=True)
    b = torch.randn(E, 1, h, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda b, w, g: _GatedKernel.apply(b, w, g, X, S), (b, w, g)
    )
    kernel = w * g.unsqueeze(-1)
    inputs = X if S is None else torch.cat([X, S], -1)
    torch.testing.assert_close(
        _GatedKernel.apply(b, w, g, X, S), torch.baddbmm(b, inputs, kernel)
    )
    if squares:  # every member's products written into slices
        every = ((slice(None),), ())
        assert torch.autograd.gradcheck(
            lambda b, w, g: _GatedKernel.apply(b, w, g, X, S, every), (b, w, g)
        )
    if squares:  # members 0 and 2 with square terms, member 1 without
        with torch.no_grad():
            w[1, d:] = 0.0
            g[1, d:] = 0.0
        runs = (member_runs([True, False, True]), member_runs([False, True, False]))
        assert torch.autograd.gradcheck(
            lambda b, w, g: _GatedKernel.apply(b, w, g, X, S, runs), (b, w, g)
        )
        torch.testing.assert_close(
            _GatedKernel.apply(b, w, g, X, S, runs), _GatedKernel.apply(b, w, g, X, S)
        )


@pytest.mark.parametrize(
    "config",
    [
        dict(),
        dict(curved=list(range(7))),
        dict(curved=[0, 2, 5], curved_members=[True, False, True, False]),
        dict(curved=list(range(7)), curved_members=[False, True, True, False]),
        dict(curved=list(range(7)), groups=[0, 0, 1, 1, 2, 3, 3]),
        dict(member_mask=[[1, 1, 0, 1, 1, 1, 0]] * 4),
        dict(hidden_layer_sizes=(), curved=list(range(7))),
        dict(hidden_layer_sizes=(), n_outputs=3),
        dict(gate="stochastic", curved=list(range(7)), train=False),
    ],
)
def test_fused_first_layer_is_autograd_to_the_bit(config, square_runs):
    # The written-out backward pass of the first layer (_GatedKernel) gives
    # the very outputs and gradients autograd gives: a fit's results do not
    # depend on which one ran.
    config = dict(config)
    train = config.pop("train", True)
    n_outputs = config.pop("n_outputs", 1)
    torch.manual_seed(0)
    module = GatedEnsembleMLP(
        4, 7, n_outputs, **{"hidden_layer_sizes": (8, 5), **config}
    )
    with torch.no_grad():
        module.gate.weight.uniform_(0.2, 1.5)
    module.train(train)
    X = torch.randn(4, 9, 7)
    results = []
    for fused in (False, True):
        module.fused_first_layer = fused
        module.zero_grad(set_to_none=True)
        torch.manual_seed(1)
        out = module(X)
        (out * torch.linspace(-1, 2, out.numel()).view_as(out)).sum().backward()
        grads = [p.grad for p in module.parameters() if p.grad is not None]
        results.append([out.detach(), *grads])
    assert len(results[0]) == len(results[1]) > 2
    for a, b in zip(*results):
        assert torch.equal(a, b)


def _copy_into(target, source):
    with torch.no_grad():
        for (name, a), (_, b) in zip(
            target.named_parameters(), source.named_parameters(), strict=True
        ):
            assert a.shape == b.shape, name
            a.copy_(b)


@pytest.mark.parametrize("gate", ["deterministic", "stochastic", "concrete"])
@pytest.mark.parametrize("rows", ["shared", "per_member"])
def test_curved_columns_are_a_square_term_behind_the_same_gate(gate, rows):
    # The module with ``curved`` is the plain module on [X, X[:, c]**2 - 1]
    # with each square column in its feature's gate group.
    torch.manual_seed(0)
    E, d, curved = 3, 5, [0, 2, 3]
    module = GatedEnsembleMLP(E, d, 2, (7,), gate=gate, curved=curved).eval()
    groups = list(range(d)) + curved
    plain = GatedEnsembleMLP(E, d + 3, 2, (7,), gate=gate, groups=groups).eval()
    _copy_into(plain, module)
    with torch.no_grad():
        module.gate.weight.uniform_(0.2, 1.5)
        plain.gate.weight.copy_(module.gate.weight)
    X = torch.randn(6, d) if rows == "shared" else torch.randn(E, 6, d)
    expanded = torch.cat([X, X[..., curved] ** 2 - 1], -1)
    torch.testing.assert_close(module(X), plain(expanded))
    assert module.first_layer_weight().shape == (E, d + 3, 7)
    assert module.gate.weight.shape == (E, d)


def test_curved_per_row_gates_share_one_draw_between_a_column_and_its_square():
    torch.manual_seed(0)
    module = GatedEnsembleMLP(2, 4, 1, (1,), gate="stochastic", curved=[1])
    X = torch.zeros(2, 300, 4)
    X[..., 1] = 2.0  # x = 2 and x**2 - 1 = 3, behind the same gate value z
    with torch.no_grad():
        module.gate.weight.fill_(0.5)  # noisy: z = clip(0.5 + 0.5 eps, 0, 1)
        module.hidden[0].bias.zero_()
        module.hidden[0].weight.zero_()
        module.hidden[0].weight[:, 1] = 1.0  # the column: 2 z
        noisy = module._first_layer(X)
        module.hidden[0].weight[:, 4] = -2.0 / 3.0  # its square: -2 z'
        both = module._first_layer(X)
    assert noisy.std() > 0.3  # the gate draws per row ...
    torch.testing.assert_close(both, torch.zeros_like(both))  # ... once: z' = z


def test_fold_inputs_adds_the_square_rows_to_their_columns():
    module = GatedEnsembleMLP(2, 4, 1, (3,), curved=[3, 1])
    values = torch.arange(12.0).reshape(2, 6)
    folded = module.fold_inputs(values)
    torch.testing.assert_close(
        folded, torch.tensor([[0.0, 1 + 5, 2, 3 + 4], [6, 7 + 11, 8, 9 + 10]])
    )
    plain = GatedEnsembleMLP(2, 4, 1, (3,))
    assert plain.curved is None and plain.fold_inputs(values[:, :4]) is not None


def test_curved_columns_outside_the_input_are_refused():
    with pytest.raises(ValueError, match="curved holds columns outside"):
        GatedEnsembleMLP(2, 4, 1, (3,), curved=[4])


def test_linear_members_of_a_mixed_module_ignore_the_square_terms():
    torch.manual_seed(0)
    E, d, curved = 4, 5, [0, 1, 3]
    mixed = GatedEnsembleMLP(E, d, 1, (6,), curved=curved, curved_members=[0, 1] * 2)
    layer = mixed.hidden[0]
    # Every member starts with zero square rows (members with square terms
    # grow them in training); linear members at a d-input layer's scale.
    assert layer.weight[:, d:].abs().max() == 0
    assert layer.weight[1::2, :d].abs().max() > 0
    bound = 1 / d**0.5
    assert layer.weight[0::2, :d].abs().max() <= bound + 1e-6
    assert layer.weight[0::2, :d].abs().max() > bound / (d + 3) ** 0.5
    with torch.no_grad():
        layer.weight.normal_()  # square rows of every member now non-zero
    plain = GatedEnsembleMLP(E, d, 1, (6,))
    with torch.no_grad():
        plain.hidden[0].weight.copy_(layer.weight[:, :d])
        plain.hidden[0].bias.copy_(layer.bias)
        plain.out.weight.copy_(mixed.out.weight)
        plain.out.bias.copy_(mixed.out.bias)
    X = torch.randn(E, 7, d)
    out, ref = mixed(X), plain(X)
    torch.testing.assert_close(out[0::2], ref[0::2])
    assert not torch.allclose(out[1::2], ref[1::2])
    with pytest.raises(ValueError, match="curved_members has 3 entries"):
        GatedEnsembleMLP(E, d, 1, (6,), curved=curved, curved_members=[1, 0, 1])


@pytest.mark.parametrize(
    "config",
    [
        dict(curved=list(range(7)), curved_members=[i % 2 == 0 for i in range(6)]),
        dict(member_mask=[[1, 1, 0, 1, 1, 1, 0], [0, 1, 1, 1, 1, 1, 1]] * 3),
        dict(groups=[0, 0, 1, 1, 2, 3, 3], gate="concrete"),
    ],
)
def test_a_member_computes_the_same_in_a_module_of_fewer(config, square_runs):
    torch.manual_seed(0)
    module = GatedEnsembleMLP(6, 7, 2, hidden_layer_sizes=(8, 5), **config)
    with torch.no_grad():
        module.gate.weight.uniform_(0.2, 1.5)
    keep = torch.tensor([1, 2, 4])
    part = module.select_members(keep)
    assert part.n_members == 3 and module.n_members == 6
    assert part.gate.weight.data_ptr() != module.gate.weight.data_ptr()
    X, y = torch.randn(6, 9, 7), torch.randn(6, 9, 2)
    results = []
    for mod, rows in ((module, keep), (part, slice(None))):
        mod.eval()
        mod.zero_grad(set_to_none=True)
        out = mod(X[keep] if mod is part else X)
        loss = ((out - (y[keep] if mod is part else y)) ** 2).mean(dim=(1, 2))
        (loss + mod.gate.penalty(1e-3, 1e-4)).sum().backward()
        grads = [p.grad[rows] for p in mod.parameters()]
        results.append([out.detach()[rows], *grads])
    for a, b in zip(*results):
        assert torch.equal(a, b)


@pytest.mark.parametrize(
    "config, draws",
    [
        (dict(), False),
        (dict(dropout=0.1), True),
        (dict(noise_std=0.1), False),  # no noise after the last hidden block
        (dict(noise_std=0.1, hidden_layer_sizes=(8, 5)), True),
        (dict(gate="stochastic"), True),
        (dict(gate="concrete"), True),
    ],
)
def test_draws_in_training(config, draws):
    module = GatedEnsembleMLP(3, 4, 1, **{"hidden_layer_sizes": (8,), **config})
    assert module.draws_in_training is draws
