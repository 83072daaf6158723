/**
 * Parameter table of the GPT: names, shapes and init, in the one stable order used by
 * GPT.variables, getWeights/setWeights, checkpoints and the PyTorch peer.
 *
 *   tok_emb [V,d]  pos_emb [maxLen,d]
 *   for i in 0..L-1:
 *     h{i}.ln1.g [d]  h{i}.ln1.b [d]
 *     h{i}.attn.wqkv [d,3d]  h{i}.attn.bqkv [3d]  h{i}.attn.wo [d,d]      (no attn output bias)
 *     h{i}.ln2.g [d]  h{i}.ln2.b [d]
 *     h{i}.mlp.w1 [d,ff]  h{i}.mlp.b1 [ff]  h{i}.mlp.w2 [ff,d]  h{i}.mlp.b2 [d]
 *   lnf.g [d]  lnf.b [d]  lm_head [d,V]   (no lm_head when config.tiedHead: logits use tok_embᵀ)
 *   with a pointer head of width c (config.copyHead): copy.wq [d,c] copy.bq [c] copy.wk [d,c] copy.bk [c]
 *     copy.wg [d,1] copy.bg [1]   (last, so models without one keep their order)
 *     copy.wm [1]                 (config.copyGateMatch: the gate's weight on the pointer's match)
 *
 * Matrices are stored [in,out] (y = x·W), i.e. the TRANSPOSE of torch.nn.Linear.weight.
 * Init: matrices/embeddings N(0, 0.02²); the residual output projections attn.wo and mlp.w2
 * N(0, (0.02/√(2L))²) (GPT-2), biases 0, LayerNorm gains 1.
 */
import { LabError } from '../errors';
import { modelConfigProblem } from './limits';
import type { ParamSpec } from './paramTable';
import type { ModelConfig } from './types';

export type { InitKind, ParamSpec } from './paramTable';

export function paramSpecs(c: ModelConfig): ParamSpec[] {
  const { vocabSize: V, dModel: d, nLayers: L, dFF: ff, maxLen } = c;
  const std = 0.02;
  const resid = 0.02 / Math.sqrt(2 * L);
  const n = (name: string, shape: number[], s = std): ParamSpec => ({ name, shape, init: 'normal', std: s });
  const z = (name: string, shape: number[]): ParamSpec => ({ name, shape, init: 'zeros', std: 0 });
  const o = (name: string, shape: number[]): ParamSpec => ({ name, shape, init: 'ones', std: 0 });
  const out: ParamSpec[] = [n('tok_emb', [V, d]), n('pos_emb', [maxLen, d])];
  for (let i = 0; i < L; i++) {
    const h = `h${i}`;
    out.push(
      o(`${h}.ln1.g`, [d]), z(`${h}.ln1.b`, [d]),
      n(`${h}.attn.wqkv`, [d, 3 * d]), z(`${h}.attn.bqkv`, [3 * d]), n(`${h}.attn.wo`, [d, d], resid),
      o(`${h}.ln2.g`, [d]), z(`${h}.ln2.b`, [d]),
      n(`${h}.mlp.w1`, [d, ff]), z(`${h}.mlp.b1`, [ff]), n(`${h}.mlp.w2`, [ff, d], resid), z(`${h}.mlp.b2`, [d]),
    );
  }
  out.push(o('lnf.g', [d]), z('lnf.b', [d]));
  if (!c.tiedHead) out.push(n('lm_head', [d, V]));
  const cw = c.copyHead ?? 0;
  if (cw > 0) out.push(n('copy.wq', [d, cw]), z('copy.bq', [cw]), n('copy.wk', [d, cw]), z('copy.bk', [cw]), n('copy.wg', [d, 1]), z('copy.bg', [1]));
  if (cw > 0 && c.copyGateMatch) out.push(z('copy.wm', [1])); // 0: starts as the gate without it
  return out;
}

/** Refuse a config outside MODEL_LIMITS before any tensor exists. */
export function validateConfig(c: ModelConfig): void {
  const problem = modelConfigProblem(c);
  if (problem) throw new LabError('bad-settings', `GPT: ${problem}`);
}

export function countParams(c: ModelConfig): number {
  return paramSpecs(c).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}
