/**
 * Attack-diversity statistics of the evaluation and the iteration metrics: Self-BLEU, mean pairwise cosine of embeddings, tactic entropy.
 * Diversity shown in the lab = 1 − Self-BLEU and 1 − mean cosine, as the official code reports them.
 */

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  // \u0001 cannot occur inside a world token, so joined keys are unambiguous.
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

/**
 * Self-BLEU: mean over texts of sentence BLEU(text, references = all other texts), in [0, 1].
 * Follows sacreBLEU's sentence_bleu as the official code uses it: clipped n-gram precisions against the
 * max count in any reference, closest reference length for the brevity penalty, 'exp' smoothing
 * (the k-th zero-match order gets 1 / (2^k · total)), and effective order (orders the hypothesis is too
 * short for are left out of the geometric mean). Fewer than 2 texts: undefined, returns NaN.
 */
export function selfBleu(texts: string[][], maxN = 4): number {
  const N = texts.length;
  if (N < 2) return NaN;
  // For every n-gram keep the top two counts across texts, so "max over the others" is O(1).
  const counts: Map<string, number>[][] = texts.map((t) => Array.from({ length: maxN }, (_, k) => ngramCounts(t, k + 1)));
  const top: Map<string, { best: number; who: number; second: number }>[] = Array.from({ length: maxN }, () => new Map());
  counts.forEach((perN, i) =>
    perN.forEach((m, k) => {
      for (const [g, c] of m) {
        const e = top[k].get(g);
        if (!e) top[k].set(g, { best: c, who: i, second: 0 });
        else if (c > e.best) {
          e.second = e.best;
          e.best = c;
          e.who = i;
        } else if (c > e.second) e.second = c;
      }
    }),
  );
  const lens = texts.map((t) => t.length);

  let total = 0;
  for (let i = 0; i < N; i++) {
    const hypLen = lens[i];
    if (hypLen === 0) continue; // BLEU of an empty hypothesis is 0
    let logSum = 0;
    let order = 0;
    let smooth = 1;
    for (let k = 0; k < maxN; k++) {
      const totalK = hypLen - k; // number of (k+1)-grams in the hypothesis
      if (totalK <= 0) break; // effective order
      let correct = 0;
      for (const [g, c] of counts[i][k]) {
        const e = top[k].get(g)!;
        const refMax = e.who === i ? e.second : e.best;
        correct += Math.min(c, refMax);
      }
      let p: number;
      if (correct === 0) {
        smooth *= 2;
        p = 1 / (smooth * totalK);
      } else p = correct / totalK;
      logSum += Math.log(p);
      order++;
    }
    // Closest reference length (ties -> the shorter one, as sacreBLEU).
    let refLen = -1;
    for (let j = 0; j < N; j++) {
      if (j === i) continue;
      const d = Math.abs(lens[j] - hypLen);
      const best = Math.abs(refLen - hypLen);
      if (refLen < 0 || d < best || (d === best && lens[j] < refLen)) refLen = lens[j];
    }
    const bp = hypLen < refLen ? Math.exp(1 - refLen / hypLen) : 1;
    total += bp * Math.exp(logSum / order);
  }
  return total / N;
}

/** Mean cosine similarity over all unordered pairs i < j (the off-diagonal mean). Zero vectors count as
 * similarity 0. Fewer than 2 vectors: undefined, returns NaN. */
export function meanPairwiseCosine(vectors: Float32Array[]): number {
  const N = vectors.length;
  if (N < 2) return NaN;
  const norms = vectors.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)));
  let sum = 0;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      if (norms[i] === 0 || norms[j] === 0) continue;
      const a = vectors[i];
      const b = vectors[j];
      if (a.length !== b.length) throw new Error('meanPairwiseCosine: vectors differ in length');
      let dot = 0;
      for (let d = 0; d < a.length; d++) dot += a[d] * b[d];
      sum += dot / (norms[i] * norms[j]);
    }
  }
  return sum / ((N * (N - 1)) / 2);
}

/** Shannon entropy in bits of the distribution given by counts (e.g. oracle tactic families). Empty: 0. */
export function entropyBits(counts: Map<string, number> | Record<string, number>): number {
  const values = counts instanceof Map ? [...counts.values()] : Object.values(counts);
  const total = values.reduce((s, c) => s + Math.max(0, c), 0);
  if (total <= 0) return 0;
  let h = 0;
  for (const c of values) if (c > 0) h -= (c / total) * Math.log2(c / total);
  return h;
}
