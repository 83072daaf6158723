/**
 * The one outbound channel of the worker: every event for the page goes through `emit`, to the one
 * callback the page registered. Progress is throttled here so the page is never flooded.
 */
import type { Progress } from '../engine/api';
import type { EventSink, TaskName, WorkerEvent } from './protocol';

export class EventHub {
  private sink: EventSink | null = null;
  private lastProgressAt = 0;
  private lastProgressKey = '';

  /** The current callback (null: nobody listens); the caller owns releasing a replaced one. */
  setSink(sink: EventSink | null): EventSink | null {
    const old = this.sink;
    this.sink = sink;
    return old;
  }

  emit(e: WorkerEvent): void {
    const sink = this.sink;
    if (!sink) return;
    try {
      // A comlink proxy returns a promise that rejects when the page is gone: ignore that.
      void Promise.resolve(sink(e)).catch(() => undefined);
    } catch {
      /* page gone */
    }
  }

  /** About 10 progress events a second, but never drop a phase change or a completion. */
  progress(task: TaskName, p: Progress): void {
    const now = Date.now();
    const key = `${task}:${p.phase}`;
    if (key === this.lastProgressKey && p.done < p.total && now - this.lastProgressAt < 100) return;
    this.lastProgressAt = now;
    this.lastProgressKey = key;
    this.emit({ type: 'progress', task, progress: { ...p } });
  }
}
