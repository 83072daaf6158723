/// <reference lib="webworker" />
/**
 * Dedicated module worker: all tfjs work, the training loop and the checkpoint store live here.
 * The page talks to it only through comlink (see client.ts and protocol.ts).
 */
import { expose } from 'comlink';
import { createLab, readCheckpointSummary, restoreLab } from '../engine/lab';
import { EngineService } from './engine-service';

expose(new EngineService({ createLab, restoreLab, readCheckpointSummary }));
