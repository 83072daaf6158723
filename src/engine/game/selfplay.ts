/**
 * One self-play iteration's games: draw seeds, let the attacker revise the "generated" half,
 * let the defender answer every prompt, judge each exchange, turn labels into game rewards and
 * collect the samples each trained role learns from. The RL update itself is rl/iteration.ts.
 */
import type { GameRecord, LabSettings, Role } from '../api';
import type { Preset } from '../config/presets';
import type { Judge, Labels } from '../judge/types';
import { analyzeText } from '../judge/oracle';
import type { GPT } from '../model/gpt';
import type { BpeTokenizer } from '../tokenizer/bpe';
import type { Rng } from '../world/rng';
import type { Seed, World } from '../world/types';
import { SEED_MIX } from '../world/pools';
import type { WorldSource } from '../world/source';
import { attackerPrompt, defenderPrompt } from '../world/prompts';
import { runRole, parseMove } from './agent';
import { gameRewards } from './rewards';
import { humanSlotsPerIteration, placeHumanAttacks, type HumanAttackPool, type HumanSlot } from './humanAttacks';
import { groupBaseline } from './groupBaseline';

/** One trained role's turn: what rl/experience packs into a training batch. */
export interface TrainSample {
  role: Role;
  promptIds: number[];
  completionIds: number[];
  /** Scalar game reward (after any group baseline). */
  reward: number;
}

export interface GameSetup {
  seed: Seed;
  generated: boolean;
  group: number;
  /** A person's attack replayed in this game (the defender answers it; no attacker move). */
  human?: HumanSlot;
}

export interface PlayedGames {
  records: GameRecord[];
  samples: Record<Role, TrainSample[]>;
  /** Attack texts of generated games (for diversity). */
  attacks: string[];
  entropy: number;
  tokens: number;
  generateMs: number;
  judgeMs: number;
  judgeLabels: Labels[];
}

/** Which roles learn, and who plays each side, per mode (the paper's ablations). */
export function roleSetup(settings: LabSettings) {
  return {
    trainAttacker: settings.mode !== 'defender-only',
    trainDefender: settings.mode !== 'attacker-only',
    attackerIsPolicy: settings.mode !== 'defender-only',
    defenderIsPolicy: settings.mode !== 'attacker-only',
    // attacker-only skips vanilla games (they would train nobody), as the official no_defender_turn
    allGenerated: settings.mode === 'attacker-only',
  };
}

/** Rows per role: fixed every iteration so tensor shapes never change. */
export function roleRows(settings: LabSettings): Record<Role, number> {
  const s = roleSetup(settings);
  return {
    attacker: s.trainAttacker ? (s.allGenerated ? settings.batch : settings.batch / 2) : 0,
    defender: s.trainDefender ? settings.batch : 0,
  };
}

/** B seeds: 50/50 harmful/benign, half of each kind generated; with group baselines, B/G seeds × G samples. */
export function drawGames(source: WorldSource, settings: LabSettings, rng: Rng, split: 'train' | 'heldout' = 'train'): GameSetup[] {
  const G = settings.baseline === 'none' ? 1 : settings.groupSize;
  const unique = settings.batch / G;
  const allGenerated = roleSetup(settings).allGenerated;
  const out: GameSetup[] = [];
  for (let i = 0; i < unique; i++) {
    const harmful = i % 2 === 0;
    const seed = source.seed(rng, split, harmful ? 'harmful' : rng.chance(SEED_MIX.contrastShareOfBenign) ? 'contrast' : 'benign');
    const generated = allGenerated || Math.floor(i / 2) % 2 === 0;
    for (let g = 0; g < G; g++) out.push({ seed, generated, group: i });
  }
  return out;
}

export interface PlayContext {
  world: World;
  /** Where seeds and template attacks come from, and how the oracle's families are read (the run's world). */
  source: WorldSource;
  tokenizer: BpeTokenizer;
  preset: Preset;
  settings: LabSettings;
  policy: GPT;
  ref: GPT;
  rewardJudge: Judge;
  oracle: Judge;
  rng: Rng;
  /** Human attacks: replayed in vanilla games each iteration, outcomes scored (training runs only). */
  human?: HumanAttackPool;
}

export async function playGames(ctx: PlayContext, games: GameSetup[], iter: number): Promise<PlayedGames> {
  const { settings, preset, world, tokenizer, rng } = ctx;
  const setup = roleSetup(settings);
  const cot = settings.cot;
  const sampling = { cot, temperature: preset.sampling.temperature, topP: preset.sampling.topP, rng };
  const t0 = performance.now();
  if (ctx.human?.size) games = placeHumanAttacks(games, ctx.human.next(humanSlotsPerIteration(settings)));

  // Attacker turn on generated games.
  const genIdx = games.map((g, i) => (g.generated ? i : -1)).filter((i) => i >= 0);
  const attackText = games.map((g) => g.seed.text);
  const attackerMoves = new Map<number, ReturnType<typeof parseMove>>();
  let attackerOut: Awaited<ReturnType<typeof runRole>> | null = null;
  let entropySum = 0;
  let entropyW = 0;
  let tokens = 0;
  if (genIdx.length > 0) {
    if (setup.attackerIsPolicy || settings.staticAttacks === 'frozen-attacker') {
      const model = setup.attackerIsPolicy ? ctx.policy : ctx.ref;
      const prompts = genIdx.map((i) => attackerPrompt(games[i].seed.text, games[i].seed.kind, cot));
      attackerOut = await runRole(model, tokenizer, prompts, preset.attacker, { ...sampling, rows: roleRows(settings).attacker || settings.batch / 2 });
      genIdx.forEach((gi, k) => {
        attackerMoves.set(gi, attackerOut!.moves[k]);
        attackText[gi] = attackerOut!.moves[k].answer;
      });
      entropySum += attackerOut.entropy * attackerOut.tokens;
      entropyW += attackerOut.tokens;
      tokens += attackerOut.tokens;
    } else {
      // Defender-only with template attacks: the world's own attacks with train families.
      for (const gi of genIdx) attackText[gi] = ctx.source.wrap(rng, games[gi].seed, 'train');
    }
  }

  // Defender turn on every game.
  const defender = await runRole(
    setup.defenderIsPolicy ? ctx.policy : ctx.ref,
    tokenizer,
    attackText.map((t) => defenderPrompt(t, cot)),
    preset.defender,
    { ...sampling, rows: settings.batch },
  );
  entropySum += defender.entropy * defender.tokens;
  entropyW += defender.tokens;
  tokens += defender.tokens;
  const t1 = performance.now();

  // Judge: the configured judge gives rewards; the oracle always monitors.
  const pairs = games.map((_, i) => ({ prompt: attackText[i], response: defender.moves[i].answer }));
  const [judged, truth] = await Promise.all([ctx.rewardJudge.label(pairs), ctx.oracle.label(pairs)]);
  const t2 = performance.now();

  const rewards = games.map((g, i) =>
    gameRewards({
      seedKind: g.seed.kind,
      generated: g.generated,
      labels: judged[i],
      attackerFormatOk: attackerMoves.get(i)?.formatOk ?? true,
      defenderFormatOk: defender.moves[i].formatOk,
      cot,
      reward: settings.reward,
      labelFlipGuard: settings.labelFlipGuard,
    }),
  );

  // Optional group baselines replace each role's scalar reward by its advantage within the seed group.
  const attackerR = rewards.map((r) => r.attacker);
  const defenderR = rewards.map((r) => (r.dropDefender ? null : r.defender));
  const baselined = (rs: (number | null)[]) => {
    if (settings.baseline === 'none') return rs;
    const idx = rs.map((r, i) => (r === null ? -1 : i)).filter((i) => i >= 0);
    const adj = groupBaseline(idx.map((i) => rs[i]!), idx.map((i) => games[i].group), settings.baseline);
    const out = rs.slice();
    idx.forEach((i, k) => (out[i] = adj[k]));
    return out;
  };
  const attackerTrainR = baselined(attackerR);
  const defenderTrainR = baselined(defenderR);

  const samples: Record<Role, TrainSample[]> = { attacker: [], defender: [] };
  if (setup.trainAttacker && attackerOut) {
    genIdx.forEach((gi, k) => {
      const r = attackerTrainR[gi];
      if (r !== null) samples.attacker.push({ role: 'attacker', promptIds: attackerOut!.promptIds[k], completionIds: attackerOut!.completionIds[k], reward: r });
    });
  }
  if (setup.trainDefender) {
    games.forEach((_, i) => {
      const r = defenderTrainR[i];
      if (r !== null) samples.defender.push({ role: 'defender', promptIds: defender.promptIds[i], completionIds: defender.completionIds[i], reward: r });
    });
  }

  const records: GameRecord[] = games.map((g, i) => ({
    iter,
    seedText: g.seed.text,
    seedKind: g.seed.kind,
    contrast: g.seed.contrast,
    intentId: g.seed.intentId,
    generated: g.generated,
    human: !!g.human,
    ...(g.human ? { humanAttack: { id: g.human.id, nickname: g.human.nickname } } : {}),
    attacker: attackerMoves.get(i) ?? (g.generated ? { thought: '', answer: attackText[i], raw: attackText[i], formatOk: true } : null),
    defender: defender.moves[i],
    judge: judged[i],
    oracle: truth[i],
    oracleTactics: g.generated ? ctx.source.familiesOf(analyzeText(world, attackText[i])) : [],
    rewards: { attacker: rewards[i].attacker, defender: rewards[i].defender },
    tie: rewards[i].tie,
  }));

  ctx.human?.record(records);

  return {
    records,
    samples,
    attacks: genIdx.map((i) => attackText[i]),
    entropy: entropyW ? entropySum / entropyW : 0,
    tokens,
    generateMs: t1 - t0,
    judgeMs: t2 - t1,
    judgeLabels: judged,
  };
}
