// The two facts Heirloom needs from an ICC profile: its colour space (an RGB profile can travel
// with a colorized result; a grey or CMYK one cannot) and its description (shown to the user).

export interface IccInfo {
  /** Header bytes 16–19, trimmed: 'RGB', 'GRAY', 'CMYK', 'Lab'… */
  colorSpace: string;
  description: string | null;
}

const HEADER_BYTES = 128;

function descriptionOf(profile: Uint8Array, view: DataView): string | null {
  const tags = view.getUint32(HEADER_BYTES);
  for (let i = 0; i < Math.min(tags, 200); i++) {
    const entry = HEADER_BYTES + 4 + i * 12;
    if (entry + 12 > profile.length) return null;
    if (view.getUint32(entry) !== 0x64657363 /* 'desc' */) continue;
    const at = view.getUint32(entry + 4);
    const size = view.getUint32(entry + 8);
    if (at + size > profile.length || size < 12) return null;
    const type = String.fromCharCode(...profile.subarray(at, at + 4));
    if (type === 'desc') {
      // ICC v2 textDescriptionType: uint32 ASCII length (with NUL), then the text.
      const length = view.getUint32(at + 8);
      const text = new TextDecoder('latin1').decode(profile.subarray(at + 12, Math.min(at + 12 + length, at + size)));
      return text.replace(/\0[\s\S]*$/, '').trim() || null;
    }
    if (type === 'mluc') {
      // ICC v4 multiLocalizedUnicodeType: records of (language, country, length, offset); UTF-16BE.
      const records = view.getUint32(at + 8);
      if (records < 1 || at + 28 > profile.length) return null;
      const length = view.getUint32(at + 20);
      const offset = view.getUint32(at + 24);
      const start = at + offset;
      if (start + length > profile.length) return null;
      let text = '';
      for (let c = start; c + 1 < start + length; c += 2) text += String.fromCharCode(view.getUint16(c));
      return text.replace(/\0[\s\S]*$/, '').trim() || null;
    }
    return null;
  }
  return null;
}

/** undefined when the bytes are not an ICC profile. */
export function readIcc(profile: Uint8Array): IccInfo | undefined {
  if (profile.length < HEADER_BYTES + 4) return undefined;
  const view = new DataView(profile.buffer, profile.byteOffset, profile.byteLength);
  if (String.fromCharCode(...profile.subarray(36, 40)) !== 'acsp') return undefined;
  const colorSpace = String.fromCharCode(...profile.subarray(16, 20)).trim();
  return { colorSpace, description: descriptionOf(profile, view) };
}
