# PyTorch's lr_scheduler recursions (get_lr, the chainable forms torch.optim.lr_scheduler uses on step()),
# transcribed from torch/optim/lr_scheduler.py in plain Python floats (IEEE double), 20 steps each.
import math
N = 20
def step_lr(base, step_size, gamma):
    lr, out = base, [base]
    for e in range(1, N):
        if e % step_size == 0: lr = lr * gamma
        out.append(lr)
    return out
def multi_step(base, milestones, gamma):
    from collections import Counter
    c = Counter(milestones); lr, out = base, [base]
    for e in range(1, N):
        if e in c: lr = lr * gamma ** c[e]
        out.append(lr)
    return out
def exponential(base, gamma):
    lr, out = base, [base]
    for e in range(1, N): lr = lr * gamma; out.append(lr)
    return out
def cosine(base, T, eta):
    lr, out = base, [base]
    for e in range(1, N):
        if (e - 1 - T) % (2 * T) == 0: lr = lr + (base - eta) * (1 - math.cos(math.pi / T)) / 2
        else: lr = (1 + math.cos(math.pi * e / T)) / (1 + math.cos(math.pi * (e - 1) / T)) * (lr - eta) + eta
        out.append(lr)
    return out
def warm(base, T0, Tm, eta):
    Tcur, Ti, out = 0, T0, []
    for e in range(N):
        if e > 0:
            Tcur += 1
            if Tcur >= Ti: Tcur -= Ti; Ti *= Tm
        out.append(eta + (base - eta) * (1 + math.cos(math.pi * Tcur / Ti)) / 2)
    return out
def linear(base, s, f, total):
    lr = base * s; out = [lr]
    for e in range(1, N):
        if e <= total: lr = lr * (1.0 + (f - s) / (total * s + (e - 1) * (f - s)))
        out.append(lr)
    return out
def one_cycle(max_lr, total, pct=0.3, strat='cos', div=25.0, fdiv=1e4, three=False):
    init = max_lr / div; mn = init / fdiv
    if three:
        ph = [(float(pct*total)-1, init, max_lr), (float(2*pct*total)-2, max_lr, init), (total-1, init, mn)]
    else:
        ph = [(float(pct*total)-1, init, max_lr), (total-1, max_lr, mn)]
    def an(a, b, p):
        if strat == 'cos': return b + (a - b) / 2.0 * (math.cos(math.pi * p) + 1)
        return (b - a) * p + a
    out = []
    for n in range(N):
        st = 0.0
        for i, (end, a, b) in enumerate(ph):
            if n <= end or i == len(ph) - 1:
                out.append(an(a, b, (n - st) / (end - st))); break
            st = end
    return out
def plateau(base, metrics, mode='min', factor=0.1, patience=10, threshold=1e-4, tmode='rel', cooldown=0, min_lr=0.0, eps=1e-8):
    best = math.inf if mode == 'min' else -math.inf
    bad = cool = 0; lr = base; out = [lr]
    for m in metrics:
        if mode == 'min' and tmode == 'rel': better = m < best * (1 - threshold)
        elif mode == 'min': better = m < best - threshold
        elif tmode == 'rel': better = m > best * (threshold + 1)
        else: better = m > best + threshold
        if better: best = m; bad = 0
        else: bad += 1
        if cool > 0: cool -= 1; bad = 0
        if bad > patience:
            new = max(lr * factor, min_lr)
            if lr - new > eps: lr = new
            cool = cooldown; bad = 0
        out.append(lr)
    return out
metrics = [1.0, 0.9, 0.9, 0.95, 0.91, 0.8999, 0.7, 0.71, 0.72, 0.73, 0.69, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]
cases = {
 'step_lr(0.1, step_size=3, gamma=0.5)': step_lr(0.1, 3, 0.5),
 'multi_step_lr(0.1, milestones=[2,5,5,9], gamma=0.3)': multi_step(0.1, [2,5,5,9], 0.3),
 'exponential_lr(0.1, gamma=0.9)': exponential(0.1, 0.9),
 'cosine_annealing_lr(0.1, t_max=7, eta_min=0.001)': cosine(0.1, 7, 0.001),
 'cosine_annealing_warm_restarts(0.1, t_0=3, t_mult=2, eta_min=0.01)': warm(0.1, 3, 2, 0.01),
 'linear_lr(0.1, 1/3, 1, 5)': linear(0.1, 1/3, 1.0, 5),
 'one_cycle_lr(max_lr=0.1, total_steps=20)': one_cycle(0.1, 20),
 'one_cycle_lr(max_lr=0.1, total_steps=25, pct_start=0.25, linear, three_phase)': one_cycle(0.1, 25, 0.25, 'linear', 25.0, 1e4, True),
 'reduce_lr_on_plateau(0.1, factor=0.5, patience=2, cooldown=1)': plateau(0.1, metrics, factor=0.5, patience=2, cooldown=1),
}
for k, v in cases.items():
    print(k); print('[' + ', '.join(repr(x) for x in v) + ']')
