# Checks Tests/Oracles/schedule_rates.py against torch itself (torch 2.13.0+cpu gave the same numbers to the
# last bit, 2026-12-07): python3 Tests/Oracles/schedule_rates_torch.py prints the largest relative difference.
import torch, math, importlib.util, sys
spec = importlib.util.spec_from_file_location("o", __file__.replace("_torch.py", ".py"))
import io, contextlib
buf = io.StringIO()
with contextlib.redirect_stdout(buf): o = importlib.util.module_from_spec(spec); spec.loader.exec_module(o)
from torch.optim import lr_scheduler as L
def run(make, lr=0.1, metrics=None):
    p = torch.nn.Parameter(torch.zeros(1)); opt = torch.optim.SGD([p], lr=lr, momentum=0.9)
    s = make(opt); out = [opt.param_groups[0]['lr']]
    for i in range(19):
        opt.step()
        if metrics is None: s.step()
        else: s.step(metrics[i])
        out.append(opt.param_groups[0]['lr'])
    return out
T = {
 'step_lr(0.1, step_size=3, gamma=0.5)': run(lambda o: L.StepLR(o, 3, 0.5)),
 'multi_step_lr(0.1, milestones=[2,5,5,9], gamma=0.3)': run(lambda o: L.MultiStepLR(o, [2,5,5,9], 0.3)),
 'exponential_lr(0.1, gamma=0.9)': run(lambda o: L.ExponentialLR(o, 0.9)),
 'cosine_annealing_lr(0.1, t_max=7, eta_min=0.001)': run(lambda o: L.CosineAnnealingLR(o, 7, 0.001)),
 'cosine_annealing_warm_restarts(0.1, t_0=3, t_mult=2, eta_min=0.01)': run(lambda o: L.CosineAnnealingWarmRestarts(o, 3, 2, 0.01)),
 'linear_lr(0.1, 1/3, 1, 5)': run(lambda o: L.LinearLR(o)),
 'one_cycle_lr(max_lr=0.1, total_steps=20)': run(lambda o: L.OneCycleLR(o, 0.1, total_steps=20, cycle_momentum=False)),
 'one_cycle_lr(max_lr=0.1, total_steps=25, pct_start=0.25, linear, three_phase)': run(lambda o: L.OneCycleLR(o, 0.1, total_steps=25, pct_start=0.25, anneal_strategy='linear', three_phase=True, cycle_momentum=False)),
 'reduce_lr_on_plateau(0.1, factor=0.5, patience=2, cooldown=1)': run(lambda o: L.ReduceLROnPlateau(o, factor=0.5, patience=2, cooldown=1), metrics=o.metrics),
}
for k, v in T.items():
    w = o.cases[k]
    d = max(abs(a-b)/max(abs(b),1e-300) for a,b in zip(v,w))
    print(f"{d:.2e}", k, "" if d < 1e-12 else v)
print(torch.__version__)
