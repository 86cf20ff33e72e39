/** Builds raw multipart/form-data bodies for app.inject(), including the malformed ones browsers never send. */
export interface Part {
  readonly name: string;
  /** Present for file parts; may be '' to mimic "no file selected". */
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer | string;
}

export interface MultipartPayload {
  readonly payload: Buffer;
  readonly headers: Record<string, string>;
}

export function multipart(parts: readonly Part[], boundary = '----identity-check-test-boundary'): MultipartPayload {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = part.filename === undefined
      ? `form-data; name="${part.name}"`
      : `form-data; name="${part.name}"; filename="${part.filename}"`;
    const type = part.contentType ?? (part.filename === undefined ? undefined : 'application/octet-stream');
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`));
    chunks.push(typeof part.data === 'string' ? Buffer.from(part.data) : part.data);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The usual three-field form. */
export function verifyForm(live: Buffer, id: Buffer, name: string): MultipartPayload {
  return multipart([
    { name: 'image1', filename: 'selfie.jpg', contentType: 'image/jpeg', data: live },
    { name: 'image2', filename: 'id.jpg', contentType: 'image/jpeg', data: id },
    { name: 'name', data: name },
  ]);
}
