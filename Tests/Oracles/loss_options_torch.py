# Reference numbers for Tests/DLEngineTests/Losses/ClassWeightTests.swift and LossReductionTests.swift
# (torch 2.15, CPU, float64): python Tests/Oracles/loss_options_torch.py
import torch, torch.nn.functional as F
torch.set_printoptions(precision=10)
def show(name, value, grad=None):
    print(name, [round(v, 10) for v in value.reshape(-1).tolist()])
    if grad is not None: print("  grad", [round(v, 10) for v in grad.reshape(-1).tolist()])
def run(name, f, z0):
    z = z0.clone().requires_grad_(True); v = f(z)
    (v if v.dim() == 0 else v.sum()).backward(); show(name, v.detach(), z.grad)

z = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [3.0, 0.0, -2.0], [0.5, 0.5, 1.5]], dtype=torch.float64)
y = torch.tensor([1, 2, 0, 0]); cw = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)
# Keras's class_weight: each sample's loss times cw[y], the mean over the batch size.
run("ce class_weight", lambda z: (F.cross_entropy(z, y, reduction="none") * cw[y]).mean(), z)
run("ce class_weight smoothing 0.1", lambda z: (F.cross_entropy(z, y, reduction="none", label_smoothing=0.1) * cw[y]).mean(), z)
run("ce class_weight sum", lambda z: (F.cross_entropy(z, y, reduction="none") * cw[y]).sum(), z)
# PyTorch's weight= for comparison: divided by the weights' sum.
run("ce weight (pytorch)", lambda z: F.cross_entropy(z, y, weight=cw), z)

x = torch.tensor([[0.3], [-1.2], [2.0], [0.0], [-0.4]], dtype=torch.float64)
b = torch.tensor([[1.0], [0.0], [1.0], [0.0], [1.0]], dtype=torch.float64); bcw = torch.tensor([0.5, 3.0], dtype=torch.float64)
run("bce class_weight", lambda x: (F.binary_cross_entropy_with_logits(x, b, reduction="none") * bcw[b.long()]).mean(), x)
x2 = torch.tensor([[0.3, -0.7], [-1.2, 0.4], [2.0, 1.1]], dtype=torch.float64)
t2 = torch.tensor([[1.0, 0.0], [0.25, 1.0], [0.5, 0.0]], dtype=torch.float64); w2 = torch.tensor([2.0, 0.5], dtype=torch.float64)
for r in ["mean", "sum", "none"]:
    run(f"bce weight {r}", lambda x: F.binary_cross_entropy_with_logits(x, t2, weight=w2, reduction=r), x2)

o = torch.tensor([[0.5, -1.0], [2.0, 0.25], [-0.3, 3.0]], dtype=torch.float64)
t = torch.tensor([[0.0, -0.5], [0.5, 0.25], [1.0, 0.0]], dtype=torch.float64)
for name, f in [("mse", F.mse_loss), ("mae", F.l1_loss), ("huber 0.5", lambda a, b, reduction: F.huber_loss(a, b, reduction=reduction, delta=0.5)),
                ("smooth_l1 0.5", lambda a, b, reduction: F.smooth_l1_loss(a, b, reduction=reduction, beta=0.5))]:
    for r in ["sum", "none"]:
        run(f"{name} {r}", lambda o: f(o, t, reduction=r), o)
print(torch.__version__)
