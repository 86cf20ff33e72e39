/**
 * Delivers the webhooks queued when verifications complete: POST of the record view, signed with the
 * caller's key's secret, retried with exponential backoff (doubling from WEBHOOK_BACKOFF_MS, at most an hour
 * apart) until WEBHOOK_RETRY_HOURS after the first try, every attempt logged in the store. Every process
 * that runs jobs runs a dispatcher; a lease keeps two from sending the same webhook at once.
 */
import type { RecordStore } from '../../adapters/store/record-store.js';
import { postWebhook, type Delivery } from '../../adapters/webhook/webhook-client.js';
import type { WebhookRules } from '../../adapters/webhook/callback-url.js';
import type { RecordSecrets } from './record-secrets.js';
import { recordView } from './record-view.js';
import { signWebhook } from './webhook-signature.js';

export interface DispatcherOptions {
  readonly store: RecordStore;
  readonly secrets: RecordSecrets;
  readonly rules: WebhookRules;
  readonly backoffMs: number;
  readonly retryMs: number;
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly send?: (url: string, body: string, headers: Record<string, string>) => Promise<Delivery>;
}

const MAX_GAP_MS = 3_600_000;

/** When the attempt after `attempts` failed ones is due, or null once the retry period is over. */
export function nextAttemptAt(firstAt: number, attempts: number, now: number, backoffMs: number, retryMs: number): number | null {
  const next = now + Math.min(MAX_GAP_MS, backoffMs * 2 ** Math.min(attempts - 1, 30));
  return next > firstAt + retryMs ? null : next;
}

export class WebhookDispatcher {
  private closed = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: DispatcherOptions) {}

  /** Sends every webhook due now; returns how many were tried. */
  async sendDue(): Promise<number> {
    const { store, secrets, rules } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const send = this.options.send ?? ((url, body, headers) => postWebhook(url, body, headers, rules, timeoutMs));
    let tried = 0;
    for (;;) {
      const due = await store.claimWebhook(Date.now(), timeoutMs * 3);
      if (due === undefined) return tried;
      tried++;
      const record = await store.get(due.id);
      if (record === undefined) continue;
      const body = JSON.stringify(recordView(record));
      const started = Date.now();
      const delivery = await send(due.url, body, {
        'x-signature': signWebhook(secrets.webhookSecret(due.apiKeyId), body, Math.floor(started / 1000)),
        'x-verification-id': due.id,
      });
      const at = Date.now();
      const attempts = due.attempts + 1;
      const next = delivery.error === null ? null : nextAttemptAt(due.firstAt, attempts, at, this.options.backoffMs, this.options.retryMs);
      await store.webhookAttempted(due.id, { at: started, httpStatus: delivery.httpStatus, error: delivery.error, durationMs: at - started },
        delivery.error === null ? { state: 'delivered' } : next === null ? { state: 'abandoned' } : { state: 'pending', nextAt: next });
    }
  }

  /** Sends due webhooks until closed, polling the store. */
  start(): void {
    const pollMs = this.options.pollMs ?? 500;
    this.loop = (async () => {
      while (!this.closed) {
        await this.sendDue().catch(() => 0);
        if (this.closed) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  /** Wakes the loop now (a job just completed with a callback). */
  nudge(): void {
    this.wake?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.loop;
  }
}
