/**
 * The ID-photo simulation set for bench/faces.ts (`--set idsim [--dir ../idsim]`): reads the manifest written
 * by `npm run make:idsim` and adds the figures only this set has — failures to detect on the cards apart from
 * the selfies, and TAR at FAR over every card x selfie pair of different people ("dense impostors"), because
 * the 300 different pairs per fold are too few to measure a FAR of 1e-3.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FACE_CALIBRATION, cosineSimilarity } from '../../src/adapters/face/index.js';
import { tarAtFar, type ScoredPair } from './verification-metrics.js';

export interface IdsimPair { readonly a: string; readonly b: string; readonly same: boolean; readonly fold: number }

interface Row { readonly card: string; readonly selfie: string; readonly same: boolean; readonly fold: number; readonly cardPerson: string; readonly selfiePerson: string }

function rows(idsimDir: string, lfwDir: string): Row[] {
  const lines = readFileSync(join(idsimDir, 'pairs.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [card, selfie, same, fold, cardPerson, selfiePerson] = line.split(',');
    return { card: join(idsimDir, card!), selfie: join(lfwDir, selfie!), same: same === '1', fold: Number(fold), cardPerson: cardPerson!, selfiePerson: selfiePerson! };
  });
}

/** Pairs (card photo, selfie) of folds from..from+folds-1 (1-based), as bench/faces.ts scores them. */
export function idsimPairs(idsimDir: string, lfwDir: string, from: number, folds: number): IdsimPair[] {
  return rows(idsimDir, lfwDir)
    .filter((r) => r.fold >= from - 1 && r.fold < from - 1 + folds)
    .map((r) => ({ a: r.card, b: r.selfie, same: r.same, fold: r.fold }));
}

const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;

/** Prints the idsim-only figures from the run's embedding cache (path -> embedding, null = no face). */
export function reportIdsimExtras(idsimDir: string, lfwDir: string, embeddings: ReadonlyMap<string, Float32Array | null>): void {
  const all = rows(idsimDir, lfwDir).filter((r) => embeddings.has(r.card) && embeddings.has(r.selfie));
  const cards = new Map(all.map((r) => [r.card, r.cardPerson]));
  const selfies = new Map(all.map((r) => [r.selfie, r.selfiePerson]));
  const missedCards = [...cards.keys()].filter((c) => embeddings.get(c) === null);
  const missedSelfies = [...selfies.keys()].filter((s) => embeddings.get(s) === null);
  console.log(`idsim no face on the card: ${missedCards.length} of ${cards.size} (${pct(missedCards.length / Math.max(1, cards.size))})`
    + `${missedCards.length > 0 ? ` [${missedCards.slice(0, 10).map((c) => basename(c)).join(' ')}${missedCards.length > 10 ? ' ...' : ''}]` : ''}`);
  console.log(`idsim no face on the selfie: ${missedSelfies.length} of ${selfies.size}`);
  // Dense impostors: every card against every selfie of another person; genuine pairs stay the manifest's.
  const pairs: ScoredPair[] = all.filter((r) => r.same).map((r) => {
    const a = embeddings.get(r.card), b = embeddings.get(r.selfie);
    return { score: a && b ? cosineSimilarity(a, b) : -1, same: true, fold: r.fold };
  });
  for (const [card, cardPerson] of cards) {
    const a = embeddings.get(card);
    for (const [selfie, selfiePerson] of selfies) {
      if (cardPerson === selfiePerson) continue;
      const b = embeddings.get(selfie);
      pairs.push({ score: a && b ? cosineSimilarity(a, b) : -1, same: false, fold: 0 });
    }
  }
  const negatives = pairs.filter((p) => !p.same).length;
  console.log(`idsim dense impostors: ${pairs.length - negatives} same pairs vs ${negatives} card x selfie pairs of different people`);
  for (const far of [1e-2, 1e-3, 1e-4]) {
    if (far * negatives < 10) continue;
    const r = tarAtFar(pairs, far);
    console.log(`  TAR at FAR ${far}: ${pct(r.tar)} (threshold ${r.threshold.toFixed(4)}, measured FAR ${r.far.toFixed(5)})`);
  }
  // What the service's LFW-calibrated threshold does on card photos.
  const t = FACE_CALIBRATION.threshold;
  const fa = pairs.filter((p) => !p.same && p.score >= t).length;
  const ta = pairs.filter((p) => p.same && p.score >= t).length;
  console.log(`  at FACE_CALIBRATION.threshold ${t}: FAR ${(fa / Math.max(1, negatives)).toExponential(2)} (${fa} of ${negatives}), TAR ${pct(ta / Math.max(1, pairs.length - negatives))}`);
}

