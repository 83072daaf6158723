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
}

/** Shape fields that may replace a preset's (the vocabulary always comes from the tokenizer). */
export type ModelArchitecture = Partial<Omit<ModelConfig, 'vocabSize'>>;
