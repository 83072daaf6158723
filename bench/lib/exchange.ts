/**
 * File exchange with the PyTorch peer: a folder with a JSON file and one raw little-endian blob.
 * Each tensor is {name, dtype 'f32'|'i32', shape, offset (bytes)} in the JSON's `tensors` index.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TensorIndexEntry {
  name: string;
  dtype: 'f32' | 'i32';
  shape: number[];
  offset: number;
}

export type Arr = Float32Array | Int32Array;

export class TensorPack {
  private parts: Uint8Array[] = [];
  readonly index: TensorIndexEntry[] = [];
  private offset = 0;

  add(name: string, data: Arr, shape: number[]): void {
    const n = shape.reduce((a, b) => a * b, 1);
    if (n !== data.length) throw new Error(`TensorPack: ${name} has ${data.length} values, shape [${shape}]`);
    const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.index.push({ name, dtype: data instanceof Int32Array ? 'i32' : 'f32', shape: shape.slice(), offset: this.offset });
    this.parts.push(bytes);
    this.offset += bytes.length;
  }

  blob(): Uint8Array {
    const out = new Uint8Array(this.offset);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export function tempDir(prefix = 'lab-peer-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Write task.json (+ the pack's index) and tensors.bin. */
export function writeTask(dir: string, task: Record<string, unknown>, pack: TensorPack): void {
  writeFileSync(join(dir, 'tensors.bin'), pack.blob());
  writeFileSync(join(dir, 'task.json'), JSON.stringify({ ...task, tensors: pack.index }));
}

export function readTensors(file: string, index: TensorIndexEntry[]): Map<string, { shape: number[]; data: Arr }> {
  const buf = readFileSync(file);
  const out = new Map<string, { shape: number[]; data: Arr }>();
  for (const e of index) {
    const n = e.shape.reduce((a, b) => a * b, 1);
    const bytes = buf.buffer.slice(buf.byteOffset + e.offset, buf.byteOffset + e.offset + 4 * n);
    out.set(e.name, { shape: e.shape, data: e.dtype === 'i32' ? new Int32Array(bytes) : new Float32Array(bytes) });
  }
  return out;
}
