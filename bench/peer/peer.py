#!/usr/bin/env python3
"""
PyTorch peer of the lab's tiny GPT (src/engine/model/gpt.ts) and of its RL update
(src/engine/rl/experience.ts, rl/ppo.ts, optim/adam.ts), for benchmarks and a numerical
cross-check. Same math, same parameter names and layouts ([in,out] matrices: y = x @ W).

    python3 bench/peer/peer.py TASK_DIR
    python3 bench/peer/peer.py --probe    # one JSON line: torch, CUDA, threads, the BLAS it maps

TASK_DIR holds task.json and tensors.bin written by bench/lib/exchange.ts; the peer writes
result.json and result.bin (same tensor-index format) into the same folder.

Math (mirrors gpt.ts):
  x0 = tok_emb[ids] + pos_emb[pos]; pre-LN blocks; LN eps 1e-5 (biased variance);
  qkv = LN(x) @ wqkv + bqkv, columns [q | k | v], head j owns columns j*dh..(j+1)*dh-1;
  scores = (q / sqrt(dh)) @ k^T + M, M = 0 where j <= i and (keyMask[j] or j == i), else -1e9;
  x += concat_heads(softmax(scores) @ v) @ wo   (no output bias)
  x += gelu_tanh(LN(x) @ w1 + b1) @ w2 + b2
  logits = LN(x; lnf) @ lm_head   (no bias; tok_emb.T when config tiedHead)
  pointer head (config copyHead = c > 0; src/engine/model/pointer.ts): q = hf @ copy.wq + copy.bq,
  k_j = (hk_{j-1} * real_{j-1}) @ copy.wk + copy.bk (hk: the last block's ln1 output; k_0 = copy.bk), s = q.k / sqrt(c) + M,
  gamma = hf @ copy.wg + copy.bg, p(y) = sigmoid(gamma) softmax(logits)_y + sigmoid(-gamma) sum_{j: ids[j]=y} softmax(s)_j
Generation: prefill the left-padded prompts, then one decode step per token against a fixed-shape
KV cache of length P+N (the same shapes as the tfjs engine), sampling on the device.
RL: token log-probs at the completion positions, k1 KL folded into per-token rewards (beta),
gamma = 1 returns, advantages whitened per role, PPO-clip (eps 0.2) over 2 minibatches,
torch.nn.utils.clip_grad_norm_ (1.0) and torch.optim.Adam (0.9, 0.95, eps 1e-8).
"""
import json
import math
import os
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F

MASK_NEG = -1e9
COPY_BLOCK = -1e4  # pointer.ts BLOCK: a query that sees no copyable slot keeps its scores' softmax
MATCH_FLOOR = -20.0  # pointer.ts MATCH_FLOOR: the least match the gate reads
VAR_EPS = 1e-8

# ----------------------------------------------------------------------------------------------
# exchange format


def read_tensors(folder, index, blob_name='tensors.bin'):
    with open(os.path.join(folder, blob_name), 'rb') as f:
        blob = bytearray(f.read())
    out = {}
    for e in index:
        dtype = torch.float32 if e['dtype'] == 'f32' else torch.int32
        n = 1
        for s in e['shape']:
            n *= s
        t = torch.frombuffer(blob, dtype=dtype, count=n, offset=e['offset']).clone()
        out[e['name']] = t.reshape(e['shape'])
    return out


class Writer:
    def __init__(self):
        self.parts = []
        self.index = []
        self.offset = 0

    def add(self, name, t):
        t = t.detach().to('cpu').contiguous()
        if t.dtype in (torch.int64, torch.int32):
            t = t.to(torch.int32)
            dtype = 'i32'
        else:
            t = t.to(torch.float32)
            dtype = 'f32'
        b = t.numpy().tobytes() if hasattr(t, 'numpy') else bytes(t.untyped_storage())
        self.index.append({'name': name, 'dtype': dtype, 'shape': list(t.shape), 'offset': self.offset})
        self.parts.append(b)
        self.offset += len(b)

    def save(self, folder):
        with open(os.path.join(folder, 'result.bin'), 'wb') as f:
            for p in self.parts:
                f.write(p)
        return self.index


# ----------------------------------------------------------------------------------------------
# model


class GPT:
    """Parameters in gpt.ts order and layout; plain leaf tensors so the names match exactly."""

    def __init__(self, cfg, weights, device):
        self.cfg = cfg
        self.device = device
        self.names = list(weights.keys())
        self.p = {n: weights[n].to(device=device, dtype=torch.float32).clone().requires_grad_(True) for n in self.names}
        self.d = cfg['dModel']
        self.H = cfg['nHeads']
        self.dh = self.d // self.H
        self.L = cfg['nLayers']
        self.tied = bool(cfg.get('tiedHead', False))
        self.copy = int(cfg.get('copyHead', 0) or 0)
        self.templates = [list(t) for t in (cfg.get('copyTemplates') or [])]
        self.from_prompt = bool(cfg.get('copyFromPrompt', False))
        self.never = [int(t) for t in (cfg.get('copyNever') or [])]
        self.gate_match = bool(cfg.get('copyGateMatch', False))
        self.coverage = [int(t) for t in (cfg.get('copyCoverage') or [])]
        self.continuations = [int(t) for t in (cfg.get('copyContinuations') or [])]
        self.last_ln1 = None  # [B,T,d] of the last hidden() call: the pointer's keys read it

    def head(self):
        return self.p['tok_emb'].t() if self.tied else self.p['lm_head']

    def params(self):
        return [self.p[n] for n in self.names]

    def _ln(self, x, pre):
        return F.layer_norm(x, (self.d,), self.p[pre + '.g'], self.p[pre + '.b'], 1e-5)

    def _mlp(self, i, x):
        h = self._ln(x, f'h{i}.ln2')
        a = F.gelu(h @ self.p[f'h{i}.mlp.w1'] + self.p[f'h{i}.mlp.b1'], approximate='tanh')
        return x + a @ self.p[f'h{i}.mlp.w2'] + self.p[f'h{i}.mlp.b2']

    def _split(self, qkv, B, T):
        d, H, dh = self.d, self.H, self.dh
        q = qkv[..., :d].reshape(B, T, H, dh).transpose(1, 2)
        k = qkv[..., d:2 * d].reshape(B, T, H, dh).transpose(1, 2)
        v = qkv[..., 2 * d:].reshape(B, T, H, dh).transpose(1, 2)
        return q, k, v

    def hidden(self, ids, pos, key_mask, collect_kv=False):
        """ids, pos [B,T] long; key_mask [B,T] float (1 = real). Returns LN_f(x) [B,T,d] (+ K/V)."""
        B, T = ids.shape
        x = self.p['tok_emb'][ids] + self.p['pos_emb'][pos]
        mask = attention_mask(key_mask, 0)  # [B,1,T,T]
        scale = 1.0 / math.sqrt(self.dh)
        kv = []
        for i in range(self.L):
            h = self._ln(x, f'h{i}.ln1')
            self.last_ln1 = h
            qkv = h @ self.p[f'h{i}.attn.wqkv'] + self.p[f'h{i}.attn.bqkv']
            q, k, v = self._split(qkv, B, T)
            if collect_kv:
                kv.append((k, v))
            s = (q * scale) @ k.transpose(-1, -2) + mask
            a = (torch.softmax(s, -1) @ v).transpose(1, 2).reshape(B, T, self.d)
            x = x + a @ self.p[f'h{i}.attn.wo']
            x = self._mlp(i, x)
        return self._ln(x, 'lnf'), kv

    def token_logprobs(self, b, from_t=0):
        """log p(ids[:, t+1] | ids[:, <= t]) for t = 0..T-2 -> [B, T-1]; columns < from_t are 0."""
        ids = b['ids']
        B, T = ids.shape
        t0 = min(max(0, from_t), T - 2)
        h, _ = self.hidden(ids, b['pos'], b['keyMask'])
        logp = torch.log_softmax(h[:, t0:T - 1] @ self.head(), -1)
        y = ids[:, t0 + 1:]
        lp = logp.gather(-1, y.unsqueeze(-1)).squeeze(-1)
        if self.copy:
            p = self.p
            q = (h[:, t0:T - 1] @ p['copy.wq'] + p['copy.bq']) / math.sqrt(self.copy)
            k = self._pointer_keys(b['keyMask'])
            s = q @ k.transpose(-1, -2) + attention_mask(b['keyMask'], 0)[:, 0, t0:T - 1]  # [B,T-1-t0,T]
            s = s + self._copy_block(ids, b['keyMask'], b['P']).unsqueeze(1)  # the same block for every query
            s = s + self._word_start_block(ids, ids[:, t0:T - 1])
            same = ids[:, None, :] == y[:, :, None]
            lsm = torch.log_softmax(s, -1)
            g = self._gate(h[:, t0:T - 1], s).squeeze(-1)
            log_gen = F.logsigmoid(g)
            if self.coverage:  # covered slots copy nothing; their mass goes to the generator
                cov = self._covered(ids, b['P'], t0)
                same = same & ~cov
                log_gen = torch.logaddexp(log_gen, F.logsigmoid(-g) + lsm.masked_fill(~cov, MASK_NEG).logsumexp(-1))
            copied = lsm.masked_fill(~same, MASK_NEG).logsumexp(-1)
            lp = torch.logaddexp(lp + log_gen, copied + F.logsigmoid(-g))
        return F.pad(lp, (t0, 0)) if t0 > 0 else lp

    def sft_loss(self, b):
        lp = self.token_logprobs(b, b['P'] - 1)
        m = b['targetMask']
        return -(lp * m).sum() / max(1.0, float(b['nTargets']))

    @torch.no_grad()
    def generate(self, prompt, N, gen, temperature=1.0):
        """prompt: dict ids/pos/keyMask [B,P] (left-padded). Samples N tokens per row, no early stop
        (fixed shapes, as the bench's generation rows). Returns (tokens [B,N] long, mean entropy)."""
        ids, pos, km = prompt['ids'], prompt['pos'], prompt['keyMask']
        B, P = ids.shape
        Tmax = P + N
        d, H, dh = self.d, self.H, self.dh
        scale = 1.0 / math.sqrt(dh)
        h, kv = self.hidden(ids, pos, km, collect_kv=True)
        if self.copy:  # pointer keys per slot [B,Tmax,c], the token each slot holds [B,Tmax]
            pk = torch.zeros(B, Tmax, self.copy, device=self.device)
            pk[:, :P] = self._pointer_keys(km)
            hk_prev = self.last_ln1[:, P - 1] * km[:, P - 1:P]
            slot_ids = torch.zeros(B, Tmax, dtype=torch.long, device=self.device)
            slot_ids[:, :P] = ids
            j0 = torch.arange(Tmax, device=self.device)
            km0 = torch.cat([km, torch.ones(B, N, device=self.device)], 1)
            pmask = torch.where((j0 <= P - 1) & ((km0 > 0) | (j0 == P - 1)), 0.0, MASK_NEG)
            block = self._copy_block(slot_ids, km0, P)  # completion slots hold 0 (PAD) here: no template matches them
            pmask = pmask + block
            cov = torch.zeros(B, Tmax, dtype=torch.bool, device=self.device) if self.coverage else None
        cache = []
        for k, v in kv:
            K = torch.zeros(B, H, Tmax, dh, device=self.device)
            V = torch.zeros(B, H, Tmax, dh, device=self.device)
            K[:, :, :P] = k
            V[:, :, :P] = v
            cache.append((K, V))
        km_full = torch.cat([km, torch.ones(B, N, device=self.device)], 1)  # [B,Tmax]
        j = torch.arange(Tmax, device=self.device)
        pads = P - km.sum(1).long()  # [B]
        logits = h[:, P - 1] @ self.head()
        if self.copy:
            logits = self._pointer_logp(h[:, P - 1], logits, pk, slot_ids, pmask + self._word_start_block(slot_ids, slot_ids[:, P - 1:P])[:, 0], cov)
        out = torch.empty(B, N, dtype=torch.long, device=self.device)
        ent = torch.zeros((), device=self.device)
        for s in range(N):
            logp = torch.log_softmax(logits, -1)
            ent = ent - (logp.exp() * logp).sum()
            probs = torch.softmax(logits / temperature, -1)
            tok = torch.multinomial(probs, 1, generator=gen).squeeze(1)
            out[:, s] = tok
            if s == N - 1:
                break
            t = P + s
            if self.copy:
                slot_ids[:, t] = tok
                if self.never and not self.from_prompt:  # a copyNever token the completion writes is blocked from now on
                    block[:, t] = torch.where(self._never_at(tok.unsqueeze(1), torch.ones_like(tok.unsqueeze(1))).squeeze(1), COPY_BLOCK, 0.0)
                if cov is not None:  # pointer.ts CoverageTracker: the slot just written and the earlier ones it copied
                    tri = _trigrams(slot_ids)
                    real = (j0 < t) & (slot_ids != 0)
                    m3 = (tri == tri[:, t:t + 1]).all(-1) & real
                    m2 = (tri[..., 1:] == tri[:, t:t + 1, 1:]).all(-1) & real
                    cov |= torch.where(m3.any(-1, keepdim=True), m3, m2) | ((j0 == t) & (tok != 0).unsqueeze(1))
                    cov[torch.isin(tok, torch.tensor(self.coverage, device=self.device))] = False
            x = self.p['tok_emb'][tok] + self.p['pos_emb'][(t - pads).clamp(min=0)]  # [B,d]
            allowed = (j <= t) & ((km_full > 0) | (j == t))
            mask = torch.where(allowed, 0.0, MASK_NEG).view(B, 1, 1, Tmax)
            for i in range(self.L):
                hh = self._ln(x, f'h{i}.ln1')
                if self.copy and i == self.L - 1:  # slot t is keyed by position t-1
                    pk[:, t] = hk_prev @ self.p['copy.wk'] + self.p['copy.bk']
                    hk_prev = hh
                qkv = hh @ self.p[f'h{i}.attn.wqkv'] + self.p[f'h{i}.attn.bqkv']
                q = qkv[:, :d].reshape(B, H, 1, dh)
                K, V = cache[i]
                K[:, :, t] = qkv[:, d:2 * d].reshape(B, H, dh)
                V[:, :, t] = qkv[:, 2 * d:].reshape(B, H, dh)
                sc = (q * scale) @ K.transpose(-1, -2) + mask
                a = (torch.softmax(sc, -1) @ V).reshape(B, d)
                x = x + a @ self.p[f'h{i}.attn.wo']
                x = self._mlp(i, x)
            hf = self._ln(x, 'lnf')
            logits = hf @ self.head()
            if self.copy:
                logits = self._pointer_logp(hf, logits, pk, slot_ids, mask.view(B, Tmax) + block + self._word_start_block(slot_ids, slot_ids[:, t:t + 1])[:, 0], cov)
        return out, ent / (B * N)

    def _pointer_keys(self, key_mask):
        """[B,T,c]: slot j keyed by the last block's ln1 output at j-1, zeroed where that is a pad or absent."""
        real = self.last_ln1 * key_mask.unsqueeze(-1)
        return F.pad(real[:, :-1], (0, 0, 1, 0)) @ self.p['copy.wk'] + self.p['copy.bk']

    def _never_at(self, ids, key_mask):
        """[B,T] bool: real slots holding a copyNever token."""
        if not self.never:
            return torch.zeros_like(ids, dtype=torch.bool)
        return torch.isin(ids, torch.tensor(self.never, device=ids.device)) & (key_mask > 0)

    def _copy_block(self, ids, key_mask, P):
        """[B,T] additive: COPY_BLOCK on a row's opening (first real tokens) when it is one of copyTemplates
        (the longest that matches), on real slots holding a copyNever token and, with copyFromPrompt, on
        slots >= P; else 0 (pointer.ts copyBlock)."""
        B, T = ids.shape
        out = torch.zeros(B, T, device=ids.device)
        rows, real = ids.tolist(), key_mask.tolist()
        for b in range(B):
            k = next((i for i in range(T) if real[b][i] > 0), T)
            n = max((len(h) for h in self.templates if k + len(h) <= T and rows[b][k:k + len(h)] == h
                     and all(x > 0 for x in real[b][k:k + len(h)])), default=0)
            out[b, k:k + n] = COPY_BLOCK
        out[self._never_at(ids, key_mask)] = COPY_BLOCK
        if self.from_prompt:
            out[:, P:] = COPY_BLOCK
        return out

    def _gate(self, h, s):
        """Gate logit [..., 1]: h @ copy.wg + copy.bg, plus copy.wm * max(logsumexp(s), -20) with copyGateMatch."""
        g = h @ self.p['copy.wg'] + self.p['copy.bg']
        if self.gate_match:
            g = g + self.p['copy.wm'] * s.logsumexp(-1, keepdim=True).clamp_min(MATCH_FLOOR)
        return g

    def _pointer_logp(self, hf, logits, pk, slot_ids, mask, cov=None):
        """One decode step's log p over the vocabulary [B,V]: the pointer's mass summed onto slot ids
        (with coverage, a covered slot's mass onto the generator instead)."""
        p = self.p
        q = (hf @ p['copy.wq'] + p['copy.bq']) / math.sqrt(self.copy)
        s = (pk @ q.unsqueeze(-1)).squeeze(-1) + mask  # [B,Tmax]
        g = self._gate(hf, s)  # [B,1]
        a = torch.softmax(s, -1)
        gen_w = torch.sigmoid(g)
        if cov is not None:
            gen_w = gen_w + torch.sigmoid(-g) * (a * cov).sum(-1, keepdim=True)
            a = a.masked_fill(cov, 0.0)
        probs = gen_w * torch.softmax(logits, -1)
        probs = probs.scatter_add(-1, slot_ids, torch.sigmoid(-g) * a)
        return probs.clamp_min(1e-30).log()

    def _word_start_block(self, ids, cur):
        """[B, Q, T] additive (pointer.ts continuationBlock): COPY_BLOCK on slots holding a word-continuing token
        unless the token before the slot is the query's own (cur [B, Q]); 0 without copyContinuations."""
        B, T = ids.shape
        if not self.continuations:
            return torch.zeros(B, cur.shape[1], T, device=ids.device)
        cont = torch.isin(ids, torch.tensor(self.continuations, device=ids.device))  # [B,T]
        prev = F.pad(ids, (1, 0), value=-1)[:, :-1]  # slot 0 has no previous token
        blocked = cont[:, None, :] & (prev[:, None, :] != cur[:, :, None])
        return torch.where(blocked, COPY_BLOCK, 0.0)

    def _covered(self, ids, P, t0):
        """[B, T-1-t0, T] bool for queries t0..T-2 (pointer.ts coveredSlots): slot j is covered at query t
        when a token written at some u in t's segment, u <= t, copied it: j = u, or j < u ends u's trigram
        (if no earlier slot does, u's bigram). Vectorized: writers counted by a cumulative sum over u."""
        B, T = ids.shape
        dev = ids.device
        j = torch.arange(T, device=dev)
        tri = _trigrams(ids)  # [B,T,3]
        earlier = (j[None, :] < j[:, None]) & (j[None, :] >= 1)  # [u, j]
        cand = earlier & (ids != 0)[:, None, :]  # [B,u,j]
        same3 = (tri[:, :, None, :] == tri[:, None, :, :]).all(-1) & cand
        same2 = (tri[:, :, None, 1:] == tri[:, None, :, 1:]).all(-1) & cand
        copied = torch.where(same3.any(-1, keepdim=True), same3, same2) | torch.eye(T, dtype=torch.bool, device=dev)
        ends = torch.isin(ids, torch.tensor(self.coverage, device=dev)) & (j >= P)
        writer = (j >= max(P, 1)) & (ids != 0) & ~ends  # [B,u]
        C = (copied & writer[:, :, None]).long().cumsum(1)  # [B,u,j]: writers up to u that copied j
        start = torch.where(ends, j + 1, torch.zeros_like(ids)).cummax(1).values.clamp(min=P)  # segment start per t
        t = torch.arange(t0, T - 1, device=dev)
        before = (start[:, t] - 1).unsqueeze(-1).expand(-1, -1, T)  # the last position before t's segment
        return (C[:, t] - torch.gather(C, 1, before)) > 0


def _trigrams(ids):
    """[B,T,3]: each slot's token and the two before it (0 before the row), as pointer.ts copiedSlots reads them."""
    p = F.pad(ids, (2, 0))
    return torch.stack([p[:, :-2], p[:, 1:-1], p[:, 2:]], -1)


def attention_mask(key_mask, q0):
    """allowed(i, j) = j <= i and (keyMask[j] or j == i) -> additive [B,1,T,T]."""
    B, T = key_mask.shape
    i = torch.arange(T, device=key_mask.device).view(T, 1) + q0
    j = torch.arange(T, device=key_mask.device).view(1, T)
    allowed = (j <= i) & ((key_mask.view(B, 1, T) > 0) | (j == i))
    return torch.where(allowed, 0.0, MASK_NEG).view(B, 1, T, T)


# ----------------------------------------------------------------------------------------------
# batches


def make_batch(t, prefix, P, device):
    """Packed batch from exchange tensors PREFIX.{ids,pos,keyMask,targetMask} ([B,T] / [B,T-1])."""
    b = {
        'ids': t[prefix + '.ids'].long().to(device),
        'pos': t[prefix + '.pos'].long().to(device),
        'keyMask': t[prefix + '.keyMask'].to(device),
        'targetMask': t[prefix + '.targetMask'].to(device),
        'P': P,
    }
    b['nTargets'] = float(t[prefix + '.targetMask'].sum())
    return b


def extend_batch(prompt, completion):
    """Prompt [B,P] (left-padded) + full-length completion [B,N] -> packed batch [B,P+N]."""
    ids, pos, km = prompt['ids'], prompt['pos'], prompt['keyMask']
    B, P = ids.shape
    N = completion.shape[1]
    pads = P - km.sum(1).long()
    cpos = (P + torch.arange(N, device=ids.device)).view(1, N) - pads.view(B, 1)
    tm = torch.zeros(B, P + N - 1, device=ids.device)
    tm[:, P - 1:] = 1
    return {
        'ids': torch.cat([ids, completion], 1),
        'pos': torch.cat([pos, cpos], 1),
        'keyMask': torch.cat([km, torch.ones(B, N, device=ids.device)], 1),
        'targetMask': tm,
        'P': P,
        'nTargets': float(B * N),
    }


def slice_rows(b, start, n):
    out = {k: (v[start:start + n] if torch.is_tensor(v) else v) for k, v in b.items()}
    out['nTargets'] = float(out['targetMask'].sum())
    return out


# ----------------------------------------------------------------------------------------------
# RL


def advantages_per_role(exps, beta):
    """k1 KL in the reward, final game reward on the last target token, gamma = 1 returns
    (reverse cumulative sums), then whitening over all target tokens of each role."""
    for e in exps:
        m = e['batch']['targetMask']
        kl = (e['logpOld'] - e['logpRef']) * m
        r = -beta * kl
        # last target token of each row
        idx = (m * torch.arange(m.shape[1], device=m.device)).argmax(1)
        has = m.sum(1) > 0
        r[torch.arange(m.shape[0], device=m.device), idx] += torch.where(has, e['reward'], torch.zeros_like(e['reward']))
        ret = torch.flip(torch.cumsum(torch.flip(r, [1]), 1), [1]) * m
        n = m.sum()
        mean = ret.sum() / n
        var = (((ret - mean) * m) ** 2).sum() / n
        e['adv'] = (ret - mean) * torch.rsqrt(torch.clamp(var, min=VAR_EPS)) * m
    return exps


def ppo_epoch(model, opt, exps, o):
    """One epoch of PPO-clip minibatch updates, as rl/ppo.ts (both roles in one loss per minibatch)."""
    M = o['minibatches']
    loss_sum = norm_sum = hits_sum = tok_sum = 0.0
    applied = 0
    params = model.params()
    for mb in range(M):
        parts = []
        for e in exps:
            n = e['rows'] // M
            parts.append((slice_rows(e['batch'], mb * n, n), e['logpOld'][mb * n:(mb + 1) * n],
                          e['logpRef'][mb * n:(mb + 1) * n], e['adv'][mb * n:(mb + 1) * n]))
        if not any(p[0]['nTargets'] > 0 for p in parts):
            continue
        opt.zero_grad(set_to_none=True)
        sums, counts, hits = [], [], []
        for b, old, ref, adv in parts:
            m = b['targetMask']
            logp = model.token_logprobs(b, o.get('fromT', b['P'] - 1))
            ratio = torch.exp(logp - old)
            per = -torch.minimum(ratio * adv, torch.clamp(ratio, 1 - o['clipEps'], 1 + o['clipEps']) * adv)
            if o['klAsLoss']:
                dd = ref - logp
                per = per + (torch.exp(dd) - dd - 1) * o['beta']
            sums.append((per * m).sum())
            counts.append(m.sum())
            hits.append((((ratio - 1).abs() > o['clipEps']).float() * m).sum().detach())
        count = torch.stack(counts).sum()
        loss = torch.stack(sums).sum() / torch.clamp(count, min=1)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(params, o['gradClip'])
        lv, nv = float(loss), float(norm)
        if not (math.isfinite(lv) and math.isfinite(nv)):
            return {'loss': lv, 'gradNorm': nv, 'clipFrac': 0.0, 'skipped': True}
        for g in opt.param_groups:
            g['lr'] = o['lr']
        opt.step()
        loss_sum += lv
        norm_sum += nv
        hits_sum += float(torch.stack(hits).sum())
        tok_sum += float(count)
        applied += 1
    return {
        'loss': loss_sum / applied if applied else 0.0,
        'gradNorm': norm_sum / applied if applied else 0.0,
        'clipFrac': hits_sum / tok_sum if tok_sum else 0.0,
        'skipped': False,
    }


def make_adam(model):
    return torch.optim.Adam(model.params(), lr=1e-3, betas=(0.9, 0.95), eps=1e-8)


# ----------------------------------------------------------------------------------------------
# timing


def sync(device):
    if device.type == 'cuda':
        torch.cuda.synchronize()


def clock_for(device):
    """LAB_BENCH_CLOCK=cpu: process CPU time on a CPU peer, like the Node side (for ratios on a busy
    machine); wall time otherwise (and always on CUDA, where the CPU mostly waits)."""
    if os.environ.get('LAB_BENCH_CLOCK') == 'cpu' and device.type == 'cpu':
        return time.process_time
    return time.perf_counter


def timed(fn, device, repeats, warmup):
    for _ in range(warmup):
        fn()
    sync(device)
    now = clock_for(device)
    ts = []
    for _ in range(repeats):
        t0 = now()
        fn()
        sync(device)
        ts.append((now() - t0) * 1000)
    return {'medianMs': statistics.median(ts), 'ms': ts}


def prompt_of(t, prefix, device):
    return {'ids': t[prefix + '.ids'].long().to(device), 'pos': t[prefix + '.pos'].long().to(device),
            'keyMask': t[prefix + '.keyMask'].to(device)}


def run_preset(pre, t, device, repeats, warmup, w):
    name = pre['name']
    cfg = pre['config']
    weights = {n: t[f'{name}.w.{n}'] for n in pre['weightNames']}
    out = {'name': name, 'rows': {}}
    gen = torch.Generator(device=device)
    gen.manual_seed(1234)

    # --- numerical check (float32, same inputs as ours) ---
    if pre.get('check'):
        c = pre['check']
        m = GPT(cfg, weights, device)
        att = make_batch(t, f'{name}.chk.att', c['attP'], device)
        de = make_batch(t, f'{name}.chk.def', c['defP'], device)
        with torch.no_grad():
            w.add(f'{name}.chk.lp.att', m.token_logprobs(att))
            w.add(f'{name}.chk.lp.def', m.token_logprobs(de))
            sft_att = float(m.sft_loss(att))
            sft_def = float(m.sft_loss(de))
        exps = []
        for role, b in (('att', att), ('def', de)):
            exps.append({'batch': b, 'rows': b['ids'].shape[0],
                         'logpOld': t[f'{name}.chk.{role}.logpOld'].to(device),
                         'logpRef': t[f'{name}.chk.{role}.logpRef'].to(device),
                         'adv': t[f'{name}.chk.{role}.adv'].to(device)})
        opt = make_adam(m)
        ppo = ppo_epoch(m, opt, exps, c['ppo'])
        for n in m.names:
            w.add(f'{name}.chk.after.{n}', m.p[n])
        out['check'] = {'sftAtt': sft_att, 'sftDef': sft_def, 'ppo': ppo}

    if not pre.get('bench'):
        return out
    bspec = pre['bench']
    model = GPT(cfg, weights, device)

    rows = bspec.get('rows', ['gen', 'sft', 'rl'])

    # --- generation, fixed shapes: all rows generate maxNew tokens ---
    for role in (('attacker', 'defender') if 'gen' in rows else ()):
        lay = pre['layouts'][role]
        prompt = prompt_of(t, f'{name}.gen.{role}', device)
        B = prompt['ids'].shape[0]
        r = timed(lambda: model.generate(prompt, lay['maxNew'], gen), device, repeats, warmup)
        r['tokensPerSec'] = B * lay['maxNew'] / (r['medianMs'] / 1000)
        out['rows'][f'gen.{role}'] = r

    # --- one SFT step (16 attacker + 16 defender rows, token-weighted mean, clip 1.0, Adam) ---
    if 'sft' in rows:
        out['rows']['sft.step'] = bench_sft(pre, t, cfg, weights, device, repeats, warmup, bspec)
    if 'rl' in rows:
        out['rows']['rl.compute'] = bench_rl(pre, t, cfg, weights, device, repeats, warmup, bspec, gen)
    return out


def bench_sft(pre, t, cfg, weights, device, repeats, warmup, bspec):
    name = pre['name']
    sa = make_batch(t, f'{name}.sft.att', pre['layouts']['attacker']['promptLen'], device)
    sd = make_batch(t, f'{name}.sft.def', pre['layouts']['defender']['promptLen'], device)
    sft_model = GPT(cfg, weights, device)
    sft_opt = make_adam(sft_model)
    nA, nD = sa['nTargets'], sd['nTargets']

    def sft_step():
        sft_opt.zero_grad(set_to_none=True)
        loss = sft_model.sft_loss(sa) * (nA / (nA + nD)) + sft_model.sft_loss(sd) * (nD / (nA + nD))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(sft_model.params(), 1.0)
        for g in sft_opt.param_groups:
            g['lr'] = bspec['sftLr']
        sft_opt.step()
        return float(loss)

    return timed(sft_step, device, repeats, warmup)


def bench_rl(pre, t, cfg, weights, device, repeats, warmup, bspec, gen):
    """RL compute: generate both roles, score policy + reference, advantages, one PPO epoch."""
    name = pre['name']
    policy = GPT(cfg, weights, device)
    ref = GPT(cfg, weights, device)
    rl_opt = make_adam(policy)
    roles = []
    for role in ('attacker', 'defender'):
        roles.append((role, prompt_of(t, f'{name}.rl.{role}', device), pre['layouts'][role]['maxNew'],
                      t[f'{name}.rl.{role}.reward'].to(device)))
    o = dict(bspec['ppo'])

    def rl_step():
        exps = []
        for role, prompt, N, reward in roles:
            comp, _ = policy.generate(prompt, N, gen)
            b = extend_batch(prompt, comp)
            with torch.no_grad():
                lo = policy.token_logprobs(b, b['P'] - 1)
                lr_ = ref.token_logprobs(b, b['P'] - 1)
            exps.append({'batch': b, 'rows': b['ids'].shape[0], 'logpOld': lo, 'logpRef': lr_, 'reward': reward})
        advantages_per_role(exps, o['beta'])
        return ppo_epoch(policy, rl_opt, exps, o)

    return timed(rl_step, device, repeats, warmup)


def blas_report():
    """
    Which BLAS this process actually runs (call after one matmul, so the library is mapped).
    Debian's torch is built with BLAS_INFO=generic and links the system libblas.so.3, which is the
    reference BLAS unless an optimized alternative (libopenblas0-pthread) is installed. Returns the
    mapped BLAS/LAPACK/MKL libraries, torch's BLAS_INFO, and for OpenBLAS its config string and thread
    count (its own pool: OPENBLAS_NUM_THREADS, not torch.set_num_threads), asked through ctypes;
    threadpoolctl's view too when that module is installed. bench/lib/blas.ts classifies this.
    """
    import ctypes
    maps = []
    try:
        with open('/proc/self/maps') as f:
            maps = [l.rstrip('\n') for l in f if any(k in l.lower() for k in ('blas', 'mkl', 'lapack', 'blis', 'atlas'))]
    except OSError:
        pass
    first = {}  # one maps line per library (its first mapping)
    for l in maps:
        first.setdefault(l.split()[-1], l)
    maps = [first[k] for k in sorted(first)]
    libs = [k for k in sorted(first) if k.startswith('/')]
    openblas = None
    for path in libs:
        try:
            h = ctypes.CDLL(path)  # already mapped: the same handle, nothing new loads
        except OSError:
            continue
        if hasattr(h, 'openblas_get_config'):
            h.openblas_get_config.restype = ctypes.c_char_p
            openblas = {'lib': path, 'config': h.openblas_get_config().decode(),
                        'threads': h.openblas_get_num_threads() if hasattr(h, 'openblas_get_num_threads') else None}
            break
    m = re.search(r'BLAS_INFO=([^,\s]+)', torch.__config__.show())
    pools = None
    try:
        import threadpoolctl
        pools = [{k: i.get(k) for k in ('internal_api', 'num_threads', 'filepath', 'version')}
                 for i in threadpoolctl.threadpool_info()]
    except Exception:
        pass
    return {'maps': maps, 'blasInfo': m.group(1) if m else None, 'openblas': openblas, 'threadpools': pools}


def match_openblas_threads(n):
    """OpenBLAS keeps its own thread pool (default: every core); make it use torch's n threads."""
    import ctypes
    ob = blas_report()['openblas']
    if ob:
        h = ctypes.CDLL(ob['lib'])
        if hasattr(h, 'openblas_set_num_threads'):
            h.openblas_set_num_threads(ctypes.c_int(n))


def probe():
    """`peer.py --probe`: torch version, CUDA, threads and the BLAS report, one JSON line."""
    (torch.ones(64, 64) @ torch.ones(64, 64)).sum().item()
    print(json.dumps({'torch': torch.__version__, 'cuda': torch.cuda.is_available(),
                      'threads': torch.get_num_threads(), 'blas': blas_report()}))


def main():
    folder = sys.argv[1]
    with open(os.path.join(folder, 'task.json')) as f:
        task = json.load(f)
    t = read_tensors(folder, task['tensors'])
    want = task.get('device', 'auto')
    if want == 'auto':
        want = 'cuda' if torch.cuda.is_available() else 'cpu'
    device = torch.device(want)
    if task.get('threads'):
        torch.set_num_threads(int(task['threads']))
    torch.manual_seed(0)
    # float32 everywhere (no TF32), so the check compares like with like.
    if hasattr(torch.backends, 'cuda'):
        torch.backends.cuda.matmul.allow_tf32 = False
    if hasattr(torch.backends, 'cudnn'):
        torch.backends.cudnn.allow_tf32 = False
    # Touch the BLAS once so its library is mapped before we look.
    (torch.ones(64, 64) @ torch.ones(64, 64)).sum().item()
    match_openblas_threads(torch.get_num_threads())
    info = {
        'torch': torch.__version__,
        'python': sys.version.split()[0],
        'device': str(device),
        'deviceName': torch.cuda.get_device_name(0) if device.type == 'cuda' else 'cpu',
        'threads': torch.get_num_threads(),
        'blas': blas_report(),
        'clock': 'cpu' if clock_for(device) is time.process_time else 'wall',
        'config': torch.__config__.show(),
    }
    w = Writer()
    presets = [run_preset(p, t, device, task['repeats'], task['warmup'], w) for p in task['presets']]
    index = w.save(folder)
    with open(os.path.join(folder, 'result.json'), 'w') as f:
        json.dump({'info': info, 'presets': presets, 'tensors': index}, f)


if __name__ == '__main__':
    if sys.argv[1:] == ['--probe']:
        probe()
    else:
        main()
