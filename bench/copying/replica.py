"""Research replica (bench/copying/README.md): the classroom GPT (pre-LN, GELU-tanh, 2 layers, d 64,
vocabulary 2048) in PyTorch, trained on the warm-start mix that dumpMix.ts wrote, with variants the
engine does not have (rotary positions, a head tied to the embedding, other widths), to see which
one learns to copy a coined name from the prompt into the thought. Measured on the probe set:
teacher-forced loss per token of the thought's first clause ("The user wants to paint a sloultwyrn
on a budget."), the share of those tokens predicted exactly (argmax) and of whole clauses.

  /usr/bin/python3 bench/copying/replica.py --data DIR [--pos learned|rope] [--heads 4] [--d 64]
      [--layers 2] [--tie] [--steps 3000] [--lr 2e-3] [--drill 0]
DIR holds mix.bin, probe.bin (and drill.bin for --drill N: the first N steps' defender half is echo
requests, as `warmstart --copy-drill N`). Schedule as the engine's warm start: 16 attacker + 16
defender rows per step, token-weighted loss, linear warm-up over 5% then cosine, clip 1.0, Adam.
"""
import argparse, math, os, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument('--data', required=True); ap.add_argument('--pos', choices=['learned', 'rope'], default='learned')
ap.add_argument('--heads', type=int, default=4); ap.add_argument('--d', type=int, default=64); ap.add_argument('--layers', type=int, default=2)
ap.add_argument('--tie', action='store_true'); ap.add_argument('--steps', type=int, default=3000); ap.add_argument('--lr', type=float, default=2e-3)
ap.add_argument('--drill', type=int, default=0); ap.add_argument('--seed', type=int, default=1)
a = ap.parse_args()
torch.set_num_threads(1); torch.manual_seed(a.seed)
V, D, L, H, FF = 2048, a.d, a.layers, a.heads, 4 * a.d

def load(path):
    w = np.fromfile(path, dtype=np.int32); i = 0; out = []
    while i < len(w):
        role, p, c, span = (int(x) for x in w[i:i + 4]); i += 4
        out.append((role, w[i:i + p].copy(), w[i + p:i + p + c].copy(), span)); i += p + c
    return out

mix = load(os.path.join(a.data, 'mix.bin')); probe = load(os.path.join(a.data, 'probe.bin'))
drill = load(os.path.join(a.data, 'drill.bin')) if a.drill else None

def rope(x, pos):  # x [B,H,T,dh], pos [B,T]: rotate channel pairs (i, i + dh/2) by pos·θ_i
    half = x.shape[-1] // 2
    ang = pos[:, None, :, None].float() * (1.0 / (10000 ** (torch.arange(half).float() / half)))
    c, s = ang.cos(), ang.sin(); x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * c - x2 * s, x1 * s + x2 * c], -1)

class Block(nn.Module):
    def __init__(s):
        super().__init__(); s.ln1 = nn.LayerNorm(D); s.qkv = nn.Linear(D, 3 * D); s.o = nn.Linear(D, D)
        s.ln2 = nn.LayerNorm(D); s.f1 = nn.Linear(D, FF); s.f2 = nn.Linear(FF, D)
    def forward(s, x, pos, mask):
        B, T, _ = x.shape
        q, k, v = [t.view(B, T, H, D // H).transpose(1, 2) for t in s.qkv(s.ln1(x)).split(D, -1)]
        if a.pos == 'rope': q, k = rope(q, pos), rope(k, pos)
        att = ((q @ k.transpose(-1, -2)) / math.sqrt(D // H)).masked_fill(mask, float('-inf')).softmax(-1)
        x = x + s.o((att @ v).transpose(1, 2).reshape(B, T, D))
        return x + s.f2(F.gelu(s.f1(s.ln2(x)), approximate='tanh'))

class GPT(nn.Module):
    def __init__(s):
        super().__init__(); s.tok = nn.Embedding(V, D); nn.init.normal_(s.tok.weight, std=0.02)
        s.pos = nn.Embedding(512, D) if a.pos == 'learned' else None  # rope: no position table
        if s.pos is not None: nn.init.normal_(s.pos.weight, std=0.02)
        s.blocks = nn.ModuleList([Block() for _ in range(L)]); s.lnf = nn.LayerNorm(D); s.head = nn.Linear(D, V, bias=False)
        if a.tie: s.head.weight = s.tok.weight
    def forward(s, ids):
        B, T = ids.shape; pos = torch.arange(T)[None].expand(B, T)
        x = s.tok(ids) + (s.pos(pos) if a.pos == 'learned' else 0)
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
        for b in s.blocks: x = b(x, pos, mask)
        return s.head(s.lnf(x))

def pack(rows):  # right-padded; positions start at 0 on the first real token, as the engine's left-padded layout
    T = max(len(p) + len(c) for _, p, c, _ in rows); B = len(rows)
    ids = torch.zeros((B, T), dtype=torch.long); tm = torch.zeros((B, T - 1), dtype=torch.bool); sm = torch.zeros((B, T - 1), dtype=torch.bool)
    for r, (_, p, c, span) in enumerate(rows):
        seq = np.concatenate([p, c]); ids[r, :len(seq)] = torch.from_numpy(seq).long()
        tm[r, len(p) - 1:len(seq) - 1] = True
        if span: sm[r, len(p) - 1:len(p) - 1 + span] = True
    return ids, tm, sm

m = GPT(); opt = torch.optim.Adam(m.parameters(), lr=a.lr)
name = f"pos={a.pos} heads={H} d={D} layers={L} tie={a.tie} drill={a.drill} lr={a.lr}"
print(name, 'parameters', sum(p.numel() for p in m.parameters()), flush=True)

def evaluate():
    m.eval(); nll = n = hit = whole = 0
    with torch.no_grad():
        for i in range(0, len(probe), 50):
            ids, _, sm = pack(probe[i:i + 50]); lg = m(ids)[:, :-1]; y = ids[:, 1:]
            nll += F.cross_entropy(lg.reshape(-1, V), y.reshape(-1), reduction='none').view(y.shape)[sm].sum().item()
            ok = lg.argmax(-1) == y; n += sm.sum().item(); hit += (ok & sm).sum().item(); whole += (ok | ~sm).all(1).sum().item()
    m.train(); return nll / n, hit / n, whole / len(probe)

att = [e for e in mix if e[0] == 0]; dfd = [e for e in mix if e[0] == 1]; t0 = time.time(); ema = None
for step in range(a.steps):
    warm = 0.05 * a.steps
    lr = a.lr * ((step + 1) / warm if step < warm else 0.5 * (1 + math.cos(math.pi * step / a.steps)))
    for g in opt.param_groups: g['lr'] = lr
    o = (step * 16) % len(att)
    d = drill[(step * 16) % len(drill):][:16] if step < a.drill else dfd[(step * 16) % len(dfd):][:16]
    total = 0; parts = []
    for rows in (att[o:o + 16], d):
        ids, tm, _ = pack(rows); lg = m(ids)[:, :-1]
        parts.append(F.cross_entropy(lg[tm], ids[:, 1:][tm], reduction='sum')); total += tm.sum().item()
    loss = (parts[0] + parts[1]) / total
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step()
    ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
    if (step + 1) % 500 == 0:
        l, tokacc, exact = evaluate()
        print(f"{name} step {step + 1} train loss {ema:.3f} | probe clause: {l:.3f} nats/token, tokens exact {tokacc:.3f}, clauses exact {exact:.3f} ({time.time() - t0:.0f} s)", flush=True)
