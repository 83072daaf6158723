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
ap.add_argument('--copy', type=int, default=0, help='width of a pointer (copy) head; 0 = none')
ap.add_argument('--copy-form', choices=['joint', 'gate'], default='joint', help='joint: one softmax over V + T entries (CopyNet); gate: sigmoid gate between the vocabulary and the pointer (pointer-generator)')
ap.add_argument('--copy-keys', choices=['final', 'last-ln1', 'prev-ln1', 'both-ln1'], default='final', help='pointer keys from the final hidden state, from the last block\'s first LayerNorm output, from that output one position back (slot j is keyed by what precedes it: an explicit induction match), or both (two key matrices, summed)')
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
        B, T, _ = x.shape; s.h1 = s.ln1(x)
        q, k, v = [t.view(B, T, H, D // H).transpose(1, 2) for t in s.qkv(s.h1).split(D, -1)]
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
        if a.copy:  # pointer head: scores every earlier position; choosing position j emits ids[j]
            s.cq = nn.Linear(D, a.copy); s.ck = nn.Linear(D, a.copy); s.cg = nn.Linear(D, 1)
            if a.copy_keys == 'both-ln1': s.ck2 = nn.Linear(D, a.copy, bias=False)
    def forward(s, ids):
        B, T = ids.shape; pos = torch.arange(T)[None].expand(B, T)
        x = s.tok(ids) + (s.pos(pos) if a.pos == 'learned' else 0)
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
        for b in s.blocks: x = b(x, pos, mask)
        h = s.lnf(x); gen = s.head(h)
        if not a.copy: return gen
        kh = h if a.copy_keys == 'final' else s.blocks[-1].h1
        if a.copy_keys in ('prev-ln1', 'both-ln1'): kprev = F.pad(kh[:, :-1], (0, 0, 1, 0))  # position j-1 (slot 0: zeros)
        k = s.ck(kprev) if a.copy_keys == 'prev-ln1' else s.ck(kh) + s.ck2(kprev) if a.copy_keys == 'both-ln1' else s.ck(kh)
        cp = (s.cq(h) @ k.transpose(-1, -2) / math.sqrt(a.copy)).masked_fill(mask, float('-inf'))
        if a.copy_form == 'gate': return gen, cp, s.cg(h)[..., 0]
        return gen, cp  # [B,T,V], [B,T,T]: one softmax over V + T entries

def logprobs(out, ids):
    """[B,T,V] log-probabilities of the next token (marginal over generating and copying)."""
    if not a.copy: return out.log_softmax(-1)
    if a.copy_form == 'gate':
        gen, cp, g = out; B, T, _ = gen.shape
        p = torch.sigmoid(g)[..., None] * gen.softmax(-1)
        p.scatter_add_(-1, ids[:, None, :].expand(B, T, T), torch.sigmoid(-g)[..., None] * cp.softmax(-1))
        return p.clamp_min(1e-30).log()
    gen, cp = out; allp = torch.cat([gen, cp], -1).softmax(-1)
    B, T, _ = gen.shape; p = allp[..., :V].clone()
    p.scatter_add_(-1, ids[:, None, :].expand(B, T, T), allp[..., V:])
    return p.clamp_min(1e-30).log()

def target_logprob(out, ids):
    """[B,T-1] log p(ids[t+1] | ..t): logsumexp of the generate entry and of every earlier position holding the token."""
    if not a.copy:
        return -F.cross_entropy(out[:, :-1].transpose(1, 2), ids[:, 1:], reduction='none')
    if a.copy_form == 'gate':
        gen, cp, g = out; gen, cp, g = gen[:, :-1], cp[:, :-1], g[:, :-1]; y = ids[:, 1:]
        lg = gen.log_softmax(-1).gather(-1, y[..., None])[..., 0] + F.logsigmoid(g)
        same = ids[:, None, :] == y[:, :, None]
        lc = cp.log_softmax(-1).masked_fill(~same, -1e9).logsumexp(-1) + F.logsigmoid(-g)
        return torch.stack([lg, lc], -1).logsumexp(-1)
    gen, cp = out; gen, cp = gen[:, :-1], cp[:, :-1]; y = ids[:, 1:]
    z = torch.cat([gen, cp], -1).logsumexp(-1)
    g = gen.gather(-1, y[..., None])[..., 0]
    same = ids[:, None, :] == y[:, :, None]  # [B,T-1,T]: position j holds the target
    c = cp.masked_fill(~same, float('-inf'))
    return torch.cat([g[..., None], c], -1).logsumexp(-1) - z

def pack(rows):  # right-padded; positions start at 0 on the first real token, as the engine's left-padded layout
    T = max(len(p) + len(c) for _, p, c, _ in rows); B = len(rows)
    ids = torch.zeros((B, T), dtype=torch.long); tm = torch.zeros((B, T - 1), dtype=torch.bool); sm = torch.zeros((B, T - 1), dtype=torch.bool)
    for r, (_, p, c, span) in enumerate(rows):
        seq = np.concatenate([p, c]); ids[r, :len(seq)] = torch.from_numpy(seq).long()
        tm[r, len(p) - 1:len(seq) - 1] = True
        if span: sm[r, len(p) - 1:len(p) - 1 + span] = True
    return ids, tm, sm

m = GPT(); opt = torch.optim.Adam(m.parameters(), lr=a.lr)
name = f"pos={a.pos} heads={H} d={D} layers={L} tie={a.tie} copy={a.copy}{'/' + a.copy_form + '/' + a.copy_keys if a.copy else ''} drill={a.drill} lr={a.lr}"
print(name, 'parameters', sum(p.numel() for p in m.parameters()), flush=True)

def evaluate():
    m.eval(); nll = n = hit = whole = 0
    with torch.no_grad():
        for i in range(0, len(probe), 50):
            ids, _, sm = pack(probe[i:i + 50]); out = m(ids); y = ids[:, 1:]
            nll -= target_logprob(out, ids)[sm].sum().item()
            ok = logprobs(out, ids)[:, :-1].argmax(-1) == y; n += sm.sum().item(); hit += (ok & sm).sum().item(); whole += (ok | ~sm).all(1).sum().item()
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
        ids, tm, _ = pack(rows)
        parts.append(-target_logprob(m(ids), ids)[tm].sum()); total += tm.sum().item()
    loss = (parts[0] + parts[1]) / total
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step()
    ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
    if (step + 1) % 500 == 0:
        l, tokacc, exact = evaluate()
        print(f"{name} step {step + 1} train loss {ema:.3f} | probe clause: {l:.3f} nats/token, tokens exact {tokacc:.3f}, clauses exact {exact:.3f} ({time.time() - t0:.0f} s)", flush=True)
