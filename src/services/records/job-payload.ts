/**
 * The form of an asynchronous verification packed into one buffer to be sealed: a JSON header naming each
 * field (text, image or list of images) and its byte length, then the image bytes. Any field the /verify
 * form gains travels without a change here.
 */
export type FieldValue = string | Buffer | readonly Buffer[];
type Entry = { readonly name: string; readonly text: string } | { readonly name: string; readonly sizes: readonly number[]; readonly list: boolean };

export function packFields(fields: Readonly<Record<string, unknown>>): Buffer {
  const entries: Entry[] = [];
  const blobs: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') entries.push({ name, text: value });
    else if (Buffer.isBuffer(value)) {
      entries.push({ name, sizes: [value.length], list: false });
      blobs.push(value);
    } else if (Array.isArray(value) && value.every((v) => Buffer.isBuffer(v))) {
      entries.push({ name, sizes: value.map((v: Buffer) => v.length), list: true });
      blobs.push(...(value as Buffer[]));
    }
  }
  const header = Buffer.from(JSON.stringify(entries));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, ...blobs]);
}

export function unpackFields(packed: Buffer): Record<string, FieldValue> {
  const headerLength = packed.readUInt32BE(0);
  const entries = JSON.parse(packed.subarray(4, 4 + headerLength).toString('utf8')) as Entry[];
  let offset = 4 + headerLength;
  const take = (size: number): Buffer => {
    const part = Buffer.from(packed.subarray(offset, offset + size));
    offset += size;
    return part;
  };
  const fields: Record<string, FieldValue> = {};
  for (const entry of entries) {
    if ('text' in entry) fields[entry.name] = entry.text;
    else fields[entry.name] = entry.list ? entry.sizes.map(take) : take(entry.sizes[0] ?? 0);
  }
  return fields;
}
