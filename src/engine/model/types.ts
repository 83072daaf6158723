/** Architecture of the tiny GPT. Shared by the tfjs model, checkpoints and the PyTorch peer. */
export interface ModelConfig {
  vocabSize: number;
  dModel: number;
  nLayers: number;
  nHeads: number;
  dFF: number;
  maxLen: number; // positions
}
