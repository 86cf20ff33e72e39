import type { Client } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { paths };

export interface ClientOptions {
  /** The service's origin, e.g. `https://kyc.example.com`; '' (default) means the page's own origin. */
  readonly baseUrl?: string;
  /** Sent as `x-api-key` when the service has API_KEYS set. */
  readonly apiKey?: string;
  readonly fetch?: typeof fetch;
}

type VerifyPost = paths['/verify']['post'];
/** The /verify form: files as Blobs, `frames` in capture order. */
export interface VerifyForm {
  readonly image1: Blob;
  readonly image2: Blob;
  readonly name: string;
  readonly challenge_id?: string;
  readonly frames?: readonly Blob[];
}
export type VerifyAnswer =
  | { readonly status: 200 | 401; readonly body: VerifyPost['responses'][200]['content']['application/json'] }
  | { readonly status: number; readonly body: unknown };

export type Challenge = paths['/liveness/challenge']['post']['responses'][200]['content']['application/json'];

export interface IdentityCheckClient {
  /** The underlying openapi-fetch client, typed for every route. */
  readonly api: Client<paths>;
  /** POST /liveness/challenge. */
  challenge(): Promise<Challenge>;
  /** POST /verify; resolves with the status and the body whatever the status. */
  verify(form: VerifyForm): Promise<VerifyAnswer>;
}

export function createIdentityCheckClient(options?: ClientOptions): IdentityCheckClient;
export function toFormData(form: Record<string, unknown>): FormData;
