/**
 * Decision records, the asynchronous queue and webhooks for the HTTP service (src/services/records):
 * opens the store, starts QUEUE_WORKERS job consumers with the app's own engines and decode processes,
 * sweeps records past RETENTION_DAYS every hour, and closes it all in onClose.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { Policy } from '../config/policy.js';
import { startRecords, type Records, type StartRecordsOptions } from '../services/records/records.js';
import { verify } from '../services/verification.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    records: Records;
  }
}

export interface RecordsPluginOptions {
  readonly config: Config;
  readonly policy: Policy;
  /** Webhook transport for tests; the SSRF-checked HTTP client by default. */
  readonly send?: StartRecordsOptions['send'];
}

const SWEEP_EVERY_MS = 3_600_000;

export default fp<RecordsPluginOptions>(
  async (app: FastifyInstance, options) => {
    const { config, policy } = options;
    const records = await startRecords({
      config: config.records,
      policy,
      workers: config.records.inProcessWorkers,
      // Jobs wait for the models like a request would; decoding runs in the app's decode processes.
      verify: async (input) => {
        await app.engines.ready;
        return verify(input, { faces: app.engines.faces, documents: app.engines.documents, policy, now: () => new Date(), decode: (job) => app.decoder.decode(job) });
      },
      onError: (error, what) => app.log.error({ err: error, what }, 'asynchronous verification problem'),
      ...(options.send ? { send: options.send } : {}),
    });
    app.decorate('records', records);
    const retentionMs = config.records.retentionDays * 86_400_000;
    const sweep = async (): Promise<void> => {
      const removed = await records.verifications.sweep(Date.now() - retentionMs);
      if (removed > 0) app.log.info({ removed, retentionDays: config.records.retentionDays }, 'records past retention deleted');
    };
    const timer = retentionMs > 0 ? setInterval(() => void sweep().catch((error: unknown) => app.log.error({ err: error }, 'retention sweep failed')), SWEEP_EVERY_MS) : undefined;
    timer?.unref();
    if (retentionMs > 0) app.addHook('onReady', sweep);
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
      await records.close();
    });
  },
  { name: 'records', dependencies: ['engines', 'decode-pool'] },
);
