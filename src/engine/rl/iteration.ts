/**
 * One full RL iteration: play games (game/selfplay.ts), build REINFORCE++ experience, run one PPO
 * epoch, and measure everything the page and the CLI chart. Training state lives in TrainState.
 */
import type { GameRecord, IterationMetrics, Progress, Role } from '../api';
import { selfBleu, meanPairwiseCosine, entropyBits } from '../eval/diversity';
import { familyMeasures } from '../eval/families';
import { answersIntent } from '../judge/oracle';
import type { RewardLMJudge } from '../judge/rewardLMJudge';
import type { Adam } from '../optim/adam';
import { drawGames, playGames, roleRows, type PlayContext } from '../game/selfplay';
import { buildExperience } from './experience';
import { ppoEpoch } from './ppo';
import { cosineLr } from '../optim/schedule';
import type { Batch } from '../model/batch';
import { idealDefenderExamples } from '../sft/demonstrations';
import { encodeExamples } from '../sft/warmstart';

/** Everything a run carries: what a game needs (minus the choice of reward judge) plus training state. */
export interface TrainState extends Omit<PlayContext, 'rewardJudge'> {
  optimizer: Adam;
  rewardLM: RewardLMJudge;
  iter: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const rate = (flags: boolean[]) => mean(flags.map((f) => (f ? 1 : 0)));

/** Ideal-defender batches for the SFT term, one per minibatch, packed as warm start packs them. */
function sftBatches(s: TrainState): Batch[] {
  const M = s.preset.rl.minibatches;
  const n = Math.max(4, s.settings.batch / M);
  const layout = s.preset.defender;
  const out: Batch[] = [];
  for (let m = 0; m < M; m++) {
    const ex = idealDefenderExamples(s.world, s.rng, n, s.settings.cot, s.settings.world);
    out.push(encodeExamples(s.tokenizer, ex, layout));
  }
  return out;
}

export async function runIteration(s: TrainState, onProgress?: (p: Progress) => void): Promise<{ metrics: IterationMetrics; games: GameRecord[] }> {
  const t0 = performance.now();
  const iter = s.iter;
  onProgress?.({ phase: 'generate', done: 0, total: 3, label: `iteration ${iter + 1}: playing games` });
  const games = drawGames(s.source, s.settings, s.rng);
  const played = await playGames(
    { ...s, rewardJudge: s.settings.judge === 'oracle' ? s.oracle : s.rewardLM },
    games,
    iter + 1, // records carry the 1-based number of the iteration they belong to, as metrics do
  );

  onProgress?.({ phase: 'train', done: 1, total: 3, label: `iteration ${iter + 1}: scoring` });
  const t2 = performance.now();
  const rows = roleRows(s.settings);
  const groups = (['attacker', 'defender'] as Role[])
    .filter((r) => rows[r] > 0)
    .map((role) => ({ role, samples: s.rng.shuffle(played.samples[role].slice()), layout: s.preset[role], rows: rows[role] }));
  const exps = await buildExperience(s.policy, s.ref, groups, { beta: s.settings.beta, klAsLoss: s.settings.klAsLoss, microBatch: s.preset.rl.microBatch });
  const t3 = performance.now();

  onProgress?.({ phase: 'train', done: 2, total: 3, label: `iteration ${iter + 1}: updating weights` });
  const lr = cosineLr(iter, s.preset.rl.scheduleIters, s.settings.lr, s.preset.rl.warmupFrac);
  const ppo = await ppoEpoch(s.policy, s.optimizer, exps, {
    minibatches: s.preset.rl.minibatches,
    clipEps: s.preset.rl.clipEps,
    gradClip: s.preset.rl.gradClip,
    lr,
    beta: s.settings.beta,
    klAsLoss: s.settings.klAsLoss,
    sftCoef: s.settings.sftCoef,
    sftBatches: s.settings.sftCoef > 0 ? sftBatches(s) : undefined,
    microBatch: s.preset.rl.microBatch,
  });
  const t4 = performance.now();
  if (!ppo.skipped) s.iter += 1;

  const metrics = await iterationMetrics(s, played, exps, { iter: ppo.skipped ? iter : iter + 1, lr, loss: ppo.loss, skipped: ppo.skipped });
  metrics.wallMs = performance.now() - t0;
  metrics.phaseMs = { generate: played.generateMs, judge: played.judgeMs, score: t3 - t2, train: t4 - t3 };
  onProgress?.({ phase: 'train', done: 3, total: 3, label: `iteration ${metrics.iter} done` });
  return { metrics, games: played.records };
}

async function iterationMetrics(
  s: TrainState,
  played: Awaited<ReturnType<typeof playGames>>,
  exps: Awaited<ReturnType<typeof buildExperience>>,
  base: { iter: number; lr: number; loss: number; skipped: boolean },
): Promise<IterationMetrics> {
  const rec = played.records;
  const genHarm = rec.filter((r) => r.generated && r.seedKind === 'harmful');
  const attackerRewards = rec.map((r) => r.rewards.attacker).filter((x): x is number => x !== null);
  const defenderRewards = rec.map((r) => r.rewards.defender).filter((x): x is number => x !== null);
  const qHarm = rec.filter((r) => r.oracle.q === 'harmful');
  const qBen = rec.filter((r) => r.oracle.q === 'benign');
  const attackerMoves = rec.filter((r) => r.generated && r.attacker).map((r) => r.attacker!);
  const tacticCounts: Record<string, number> = {};
  for (const r of rec) if (r.generated) for (const t of r.oracleTactics) tacticCounts[t] = (tacticCounts[t] ?? 0) + 1;
  let divEmbedding: number | null = null;
  if (played.attacks.length >= 2) {
    const emb = await s.rewardLM.embed(played.attacks);
    divEmbedding = 1 - meanPairwiseCosine(emb);
  }
  const klTokens = exps.reduce((a, e) => a + e.tokens, 0);
  const kl = klTokens ? exps.reduce((a, e) => a + e.klMean * e.tokens, 0) / klTokens : 0;
  const genSeconds = played.generateMs / 1000;
  return {
    iter: base.iter,
    wallMs: 0,
    lr: base.lr,
    rewardAttacker: mean(attackerRewards),
    rewardDefender: mean(defenderRewards),
    asrJudge: rate(genHarm.map((r) => r.judge.h === 'harmful')),
    asrOracle: rate(genHarm.map((r) => r.oracle.h === 'harmful')),
    refusalHarmful: rate(qHarm.map((r) => r.oracle.ref === 'refusal')),
    overRefusal: rate(qBen.map((r) => r.oracle.ref === 'refusal')),
    formatViolAttacker: s.settings.cot ? rate(attackerMoves.map((m) => !m.formatOk)) : null,
    formatViolDefender: s.settings.cot ? rate(rec.map((r) => !r.defender.formatOk)) : null,
    kl,
    entropy: played.entropy,
    agreeQ: rate(rec.map((r) => r.judge.q === r.oracle.q)),
    agreeRef: rate(rec.map((r) => r.judge.ref === r.oracle.ref)),
    agreeH: rate(rec.map((r) => r.judge.h === r.oracle.h)),
    ties: rec.filter((r) => r.tie).length,
    divSelfBleu: played.attacks.length >= 2 ? 1 - selfBleu(played.attacks.map((a) => a.split(' ').filter(Boolean))) : null,
    divEmbedding,
    divTacticEntropy: Object.keys(tacticCounts).length ? entropyBits(tacticCounts) : null,
    ...familyMeasures(rec, (g) => answersIntent(s.world, g.defender.answer, g.intentId)),
    tacticDriftJs: null, // needs the run's history: set by the lab (lab.ts) when it records the iteration
    tokensPerSec: genSeconds > 0 ? played.tokens / genSeconds : 0,
    phaseMs: { generate: 0, judge: 0, score: 0, train: 0 },
    loss: base.loss,
    skipped: base.skipped,
  };
}
