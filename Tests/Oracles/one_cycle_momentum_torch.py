# Reference momenta for Tests/DLEngineTests/Schedules/OneCycleMomentumTests.swift: OneCycleLR with
# cycle_momentum=True (its default), stepped as a fit steps it (torch 2.15, CPU):
# /tmp/peers-venv/bin/python Tests/Oracles/one_cycle_momentum_torch.py
import torch
from torch.optim import lr_scheduler as L
def run(opt_class, key, **kw):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = opt_class([p], lr=0.1, **({"momentum": 0.9} if opt_class is torch.optim.SGD else {}))
    s = L.OneCycleLR(opt, **kw)
    read = lambda: opt.param_groups[0]["momentum"] if key == "momentum" else opt.param_groups[0]["betas"][0]
    out = [read()]
    for _ in range(19):
        opt.step(); s.step(); out.append(read())
    return out
print("sgd default", run(torch.optim.SGD, "momentum", max_lr=0.1, total_steps=20))
print("adam linear three_phase", run(torch.optim.Adam, "betas", max_lr=0.1, total_steps=25, pct_start=0.25,
      anneal_strategy="linear", three_phase=True, base_momentum=0.8, max_momentum=0.9))
print(torch.__version__)
