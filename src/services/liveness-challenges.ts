/**
 * Liveness challenges: issued with 2-3 random head movements, answered once, valid for a bounded time.
 * The store is an interface so a shared one (Redis, the database) can replace the in-process map when the
 * service runs as several processes; a challenge issued by one process is unknown to another today.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { drawSteps, type LivenessStep } from '../domain/liveness.js';

export interface Challenge {
  readonly id: string;
  readonly steps: readonly LivenessStep[];
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** What taking a challenge found: the challenge (now spent), or why it cannot be answered. */
export type TakenChallenge = { readonly challenge: Challenge } | { readonly problem: 'unknown' | 'expired' };

export interface ChallengeStore {
  issue(now: Date): Challenge;
  /** Removes and returns the challenge: a second answer to the same id finds it unknown (single use). */
  take(id: string, now: Date): TakenChallenge;
}

/** Challenge ids: 128 random bits, URL-safe base64. */
export const CHALLENGE_ID = /^[A-Za-z0-9_-]{22}$/;

export interface MemoryChallengeStoreOptions {
  readonly ttlMs: number;
  /** Outstanding challenges kept at most; issuing past it forgets the oldest (a flood cannot exhaust memory). */
  readonly capacity?: number;
  /** Steps for a new challenge; crypto-random by default, fixed in browser tests. */
  readonly steps?: () => LivenessStep[];
}

export class MemoryChallengeStore implements ChallengeStore {
  private readonly open = new Map<string, Challenge>();
  private readonly capacity: number;
  private readonly steps: () => LivenessStep[];

  constructor(private readonly options: MemoryChallengeStoreOptions) {
    this.capacity = options.capacity ?? 10_000;
    this.steps = options.steps ?? (() => drawSteps(() => randomInt(0, 2 ** 32) / 2 ** 32));
  }

  issue(now: Date): Challenge {
    this.forgetExpired(now);
    // Map iteration is insertion order: the first key is the oldest challenge.
    while (this.open.size >= this.capacity) this.open.delete(this.open.keys().next().value as string);
    const challenge: Challenge = {
      id: randomBytes(16).toString('base64url'),
      steps: this.steps(),
      issuedAt: now,
      expiresAt: new Date(now.getTime() + this.options.ttlMs),
    };
    this.open.set(challenge.id, challenge);
    return challenge;
  }

  take(id: string, now: Date): TakenChallenge {
    const challenge = this.open.get(id);
    if (challenge === undefined) return { problem: 'unknown' };
    this.open.delete(id);
    return challenge.expiresAt.getTime() < now.getTime() ? { problem: 'expired' } : { challenge };
  }

  /** Outstanding challenges (for tests). */
  get size(): number {
    return this.open.size;
  }

  private forgetExpired(now: Date): void {
    for (const [id, c] of this.open) {
      if (c.expiresAt.getTime() >= now.getTime()) break;
      this.open.delete(id);
    }
  }
}
