/**
 * Binary container for checkpoints and the reward LM: a JSON header plus float32 tensors,
 * sealed with a SHA-256 of everything before it so corruption is detected on load.
 *
 *   "SRTLAB01" | u32 headerBytes | header JSON (utf-8, padded to 4) | float32 payload | sha256(32)
 *
 * WebCrypto (crypto.subtle) exists in browsers, workers and Node ≥ 20, so one code path serves all.
 */
import { LabError } from '../errors';
import type { NamedTensor } from '../model/paramTable';

const MAGIC = 'SRTLAB01';
const HASH_BYTES = 32;

export type { NamedTensor };

export interface TensorEntry {
  name: string;
  shape: number[];
  offset: number; // in floats, from the payload start
}

export interface ContainerHeader {
  kind: string;
  tensors: TensorEntry[];
  [key: string]: unknown;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as unknown as ArrayBuffer));
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return Array.from(await sha256(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function packContainer(meta: Record<string, unknown> & { kind: string }, tensors: NamedTensor[]): Promise<Uint8Array> {
  let offset = 0;
  const entries: TensorEntry[] = tensors.map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) throw new LabError('internal', `tensor ${t.name}: shape ${t.shape} does not match ${t.data.length} values`);
    const entry = { name: t.name, shape: t.shape, offset };
    offset += size;
    return entry;
  });
  const payload = new Float32Array(offset);
  for (let i = 0; i < tensors.length; i++) payload.set(tensors[i].data, entries[i].offset);
  return sealContainer({ ...meta, tensors: entries }, payload);
}

/**
 * Lay out and seal a header and a payload exactly as given, with no checks: packContainer's last
 * step, and how tests build files whose header lies about their contents.
 */
export async function sealContainer(header: unknown, payload: Float32Array): Promise<Uint8Array> {
  const headerJson = new TextEncoder().encode(JSON.stringify(header));
  const headerPadded = Math.ceil(headerJson.length / 4) * 4;
  const bodyBytes = 8 + 4 + headerPadded + payload.length * 4;
  const out = new Uint8Array(bodyBytes + HASH_BYTES);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerJson.length, true);
  out.set(headerJson, 12);
  new Float32Array(out.buffer, 12 + headerPadded, payload.length).set(payload);
  out.set(await sha256(out.subarray(0, bodyBytes)), bodyBytes);
  return out;
}

/** Verify integrity and split into header + tensors. `expectKind` guards against foreign files. */
export async function unpackContainer(
  bytes: Uint8Array,
  expectKind: string,
): Promise<{ header: ContainerHeader; tensors: Map<string, NamedTensor> }> {
  const what = expectKind === 'reward-lm' ? 'reward LM file' : 'checkpoint';
  if (bytes.length < 12 + HASH_BYTES || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new LabError('checkpoint-foreign', `This file is not a Self-RedTeam Lab ${what} (wrong signature).`);
  }
  const bodyBytes = bytes.length - HASH_BYTES;
  const expected = await sha256(bytes.subarray(0, bodyBytes));
  const stored = bytes.subarray(bodyBytes);
  if (!expected.every((b, i) => b === stored[i])) {
    throw new LabError('checkpoint-corrupt', `The ${what} is corrupted: its SHA-256 does not match (the file was truncated or changed).`);
  }
  // Copy so the payload is 4-byte aligned whatever the source buffer's offset was.
  const body = bytes.slice(0, bodyBytes);
  const headerLen = new DataView(body.buffer).getUint32(8, true);
  if (12 + headerLen > bodyBytes) throw new LabError('checkpoint-corrupt', `The ${what} header claims ${headerLen} bytes but the file holds ${bodyBytes - 12}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body.subarray(12, 12 + headerLen)));
  } catch {
    throw new LabError('checkpoint-corrupt', `The ${what} header is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new LabError('checkpoint-corrupt', `The ${what} header is not a JSON object.`);
  const header = parsed as ContainerHeader;
  const kind = Object.hasOwn(header, 'kind') ? header.kind : undefined;
  if (kind !== expectKind) {
    throw new LabError('checkpoint-foreign', `Expected a ${what} but this file holds a ${JSON.stringify(kind ?? null)}.`);
  }
  const headerPadded = Math.ceil(headerLen / 4) * 4;
  const payloadBytes = bodyBytes - 12 - headerPadded;
  if (payloadBytes < 0 || payloadBytes % 4 !== 0) throw new LabError('checkpoint-corrupt', `The ${what} payload is not a whole number of float32 values.`);
  const payload = new Float32Array(body.buffer, 12 + headerPadded, payloadBytes / 4);
  const entries = tensorEntries(header, payload.length, what);
  const tensors = new Map<string, NamedTensor>();
  for (const e of entries) {
    const size = e.shape.reduce((a, b) => a * b, 1);
    tensors.set(e.name, { name: e.name, shape: e.shape, data: payload.slice(e.offset, e.offset + size) });
  }
  return { header, tensors };
}

/** Own-property schema check of the header's tensor table: every entry fits the payload exactly once. */
function tensorEntries(header: ContainerHeader, payloadLength: number, what: string): TensorEntry[] {
  const bad = (why: string) => new LabError('checkpoint-corrupt', `The ${what} tensor table is invalid: ${why}.`);
  if (!Object.hasOwn(header, 'tensors') || !Array.isArray(header.tensors)) throw bad('"tensors" is not a list');
  const seen = new Set<string>();
  return header.tensors.map((raw: unknown, i: number): TensorEntry => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(`entry ${i} is not an object`);
    const e = raw as Record<string, unknown>;
    const name = Object.hasOwn(e, 'name') ? e.name : undefined;
    const shape = Object.hasOwn(e, 'shape') ? e.shape : undefined;
    const offset = Object.hasOwn(e, 'offset') ? e.offset : undefined;
    if (typeof name !== 'string' || name === '') throw bad(`entry ${i} has no name`);
    if (seen.has(name)) throw bad(`${name} appears twice`);
    seen.add(name);
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((x) => Number.isSafeInteger(x) && x >= 0)) throw bad(`${name} has shape ${JSON.stringify(shape)}`);
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(offset) || (offset as number) < 0) throw bad(`${name} has offset ${JSON.stringify(offset)}`);
    if (!Number.isSafeInteger(size) || (offset as number) + size > payloadLength) {
      throw new LabError('checkpoint-corrupt', `The ${what} is missing data for ${name} (${size} values at offset ${offset}, the file holds ${payloadLength}).`);
    }
    return { name, shape: (shape as number[]).slice(), offset: offset as number };
  });
}
