/** Model public surface. */
export type { ModelConfig } from './types';
export { GPT, type NamedWeight } from './gpt';
export { packBatch, type Batch } from './batch';
export type { GenerateOptions, GenerateResult } from './generate';
export { paramSpecs, countParams, validateConfig, type ParamSpec } from './params';
