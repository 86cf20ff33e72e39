/**
 * The personal data in a /verify body: what the person typed or their document says about them (names,
 * document number, dates of birth and expiry, nationality, sex, the matched text). Unless the operator keeps
 * personal data, a stored body carries each such value as `hmac:<hex>` instead: still comparable, never
 * readable.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MRZ_FIELDS = ['surname', 'given_names', 'document_number', 'nationality', 'birth_date', 'expiration_date', 'sex'];
const PRINTED_FIELDS = ['surname', 'given_names', 'full_name', 'birth_date', 'expiry_date', 'document_number'];

/** A deep copy of `body` with every personal value replaced by `hash(value)` (nulls stay null). */
export function maskPersonalFields<T>(body: T, hash: (text: string) => string): T {
  const copy = JSON.parse(JSON.stringify(body)) as { details?: { [key: string]: Json } };
  const details = copy.details;
  if (details === undefined) return copy as T;
  const mask = (holder: Json | undefined, keys: readonly string[]): void => {
    if (holder === null || typeof holder !== 'object' || Array.isArray(holder)) return;
    for (const key of keys) {
      const value = holder[key];
      if (typeof value === 'string') holder[key] = `hmac:${hash(value)}`;
    }
  };
  const name = details.name;
  mask(name, ['matched_text', 'explanation']);
  const document = details.document;
  if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
    mask(document.mrz, MRZ_FIELDS);
    mask(document.printed, PRINTED_FIELDS);
    mask(document, ['expiry_date']);
    const corrections = document.mrz !== null && typeof document.mrz === 'object' && !Array.isArray(document.mrz) ? document.mrz.name_corrections : undefined;
    if (Array.isArray(corrections)) for (const c of corrections) mask(c, ['read', 'corrected']);
    if (Array.isArray(document.cross_check)) for (const c of document.cross_check) mask(c, ['mrz', 'printed']);
  }
  return copy as T;
}
