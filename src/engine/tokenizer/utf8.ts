/**
 * WTF-8 encode/decode for the tokenizer's byte fallback.
 *
 * Why not TextEncoder/TextDecoder: TextEncoder replaces lone UTF-16 surrogates with U+FFFD, so a
 * JS string holding one would not round-trip. WTF-8 encodes a lone surrogate as its own 3-byte
 * sequence, which makes encode→decode the identity on EVERY JS string. Decoding is lenient:
 * byte soup a model generates (truncated or invalid sequences) becomes U+FFFD per bad byte
 * instead of throwing.
 */

export function encodeWtf8(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    // Combine a valid surrogate pair into one code point; a lone surrogate stays as is.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

export function decodeWtf8(bytes: ArrayLike<number>): string {
  let s = '';
  let i = 0;
  const n = bytes.length;
  const cont = (j: number) => j < n && (bytes[j] & 0xc0) === 0x80;
  while (i < n) {
    const b = bytes[i];
    let cp = -1;
    let len = 1;
    if (b < 0x80) cp = b;
    else if (b >= 0xc2 && b < 0xe0 && cont(i + 1)) {
      cp = ((b & 31) << 6) | (bytes[i + 1] & 63);
      len = 2;
    } else if (b >= 0xe0 && b < 0xf0 && cont(i + 1) && cont(i + 2)) {
      cp = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
      len = 3;
      if (cp < 0x800) cp = -1; // overlong
    } else if (b >= 0xf0 && b < 0xf5 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
      cp = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63);
      len = 4;
      if (cp < 0x10000 || cp > 0x10ffff) cp = -1;
    }
    if (cp < 0) {
      s += '\ufffd';
      i += 1;
      continue;
    }
    s += String.fromCodePoint(cp); // fromCodePoint accepts lone surrogate code points (WTF-8)
    i += len;
  }
  return s;
}
