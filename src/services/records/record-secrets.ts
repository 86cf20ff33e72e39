/**
 * The three secrets of the records: the HMAC key for personal data, the AES-256-GCM key for uploads held
 * in the queue, and the master secret the per-API-key webhook secrets derive from. Each comes from the
 * configuration, or is generated once and kept in the store so that every process sharing it agrees.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { RecordsConfig } from '../../config/config.js';

export interface SecretSource {
  secret(name: string, generate: () => string): Promise<string>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class RecordSecrets {
  private constructor(
    private readonly personalKey: string,
    private readonly uploadKey: Buffer,
    private readonly webhookMaster: string,
  ) {}

  static async resolve(config: RecordsConfig, store: SecretSource): Promise<RecordSecrets> {
    const random = (): string => randomBytes(32).toString('hex');
    return new RecordSecrets(
      config.recordSecret ?? (await store.secret('record-hmac', random)),
      config.uploadKey ?? Buffer.from(await store.secret('upload-key', random), 'hex'),
      config.webhookSecret ?? (await store.secret('webhook-master', random)),
    );
  }

  /** Keyed hash of personal text (a name, an MRZ field): the same input always gives the same hex. */
  hmac(text: string): string {
    return createHmac('sha256', this.personalKey).update(text, 'utf8').digest('hex');
  }

  /** The webhook signing secret of one API key (the same on every process); `null` when auth is off. */
  webhookSecret(apiKeyId: string | null): string {
    return createHmac('sha256', this.webhookMaster).update(`webhook:${apiKeyId ?? 'anonymous'}`).digest('hex');
  }

  /** AES-256-GCM, bound to the verification id: iv || tag || ciphertext. */
  seal(plain: Buffer, id: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.uploadKey, iv);
    cipher.setAAD(Buffer.from(id));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Opens what `seal` made for the same id; throws when the blob was altered or belongs to another id. */
  open(sealed: Buffer, id: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.uploadKey, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}

/** Normal form of a typed name for hashing: case, accents, spacing and word order do not change the hash. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .sort()
    .join(' ');
}
