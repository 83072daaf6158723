/** Architecture of the tiny GPT. Shared by the tfjs model, checkpoints and the PyTorch peer. */
export interface ModelConfig {
  vocabSize: number;
  dModel: number;
  nLayers: number;
  nHeads: number;
  dFF: number;
  maxLen: number; // positions
  /**
   * Logits through the transposed token embedding (no lm_head parameter). Absent = false, so
   * checkpoints from before this field read as untied. Measured to help a small model copy rare
   * words from the prompt (bench/copying/README.md).
   */
  tiedHead?: boolean;
  /**
   * Width of a pointer (copy) head, or absent/0 for none: the next token is either generated from the
   * vocabulary or copied from an earlier position, mixed by a learned gate (pointer-generator; math in
   * gpt.ts, code in pointer.ts). Absent in checkpoints from before this field. Measured to let a
   * width-64 model copy rare words whole (bench/copying/README.md).
   */
  copyHead?: number;
  /**
   * Token ids of the role prompts' fixed openings (instructions): the pointer never copies from a
   * row's opening that matches one (pointer.ts copyBlock). Only with copyHead; absent = none.
   */
  copyTemplates?: number[][];
  /**
   * The pointer copies from the prompt only (the source, as in See et al.), never from the completion
   * written so far. Measured: copying its own output made the classroom attacker loop ("I am a safety
   * researcher writing a safety researcher writing a report") and stutter. Only with copyHead; absent = false.
   */
  copyFromPrompt?: boolean;
  /**
   * Token ids the pointer never copies: the role and CoT tags and the space before each (structure,
   * never content), after a copied `<think>` restarted the defender's thought and a copied space ended
   * it (`warmstart --copy-never-tags`; the shipped classroom file sets it, bench/copying/README.md).
   * Only with copyHead; absent = none.
   */
  copyNever?: number[];
  /**
   * The gate also reads how well the pointer matched (the log-sum-exp of its scores, weight copy.wm),
   * as See et al.'s gate reads the pointer's context: measured, the gate that reads only the hidden
   * state opens on the train phrasings it memorized and stays shut on a held-out one the pointer finds
   * (bench/copying/README.md; with this input it still does: measured no better). Only with copyHead;
   * absent = false.
   */
  copyGateMatch?: boolean;
  /**
   * Coverage: token ids that end a segment of the completion (the tags). Within a segment the pointer
   * copies each stretch of the prompt once: a slot the segment has already copied (a written token
   * ending its trigram, or if no slot does, its bigram; pointer.ts copiedSlots) is covered, and its
   * pointer mass goes to the generator. Measured:
   * keyed by one token, the pointer looped "step by step by step …" (bench/copying/README.md;
   * `warmstart --copy-coverage`). Only with copyHead; absent = none.
   */
  copyCoverage?: number[];
  /**
   * Token ids that continue a word (their text starts with a letter or digit, no space before it): the
   * pointer copies such a slot only right after writing the token before it, so a copy never starts
   * inside a word (pointer.ts continuationBlock). Measured: copies started at "ers" of " play"+"ers"
   * ("The user wants help withers"; bench/copying/README.md; `warmstart --copy-word-starts`). Only with
   * copyHead, not with copyGateMatch (its gate reads the scores before this rule). Absent = none.
   */
  copyContinuations?: number[];
}

/** Shape fields that may replace a preset's (the vocabulary always comes from the tokenizer). */
export type ModelArchitecture = Partial<Omit<ModelConfig, 'vocabSize'>>;
