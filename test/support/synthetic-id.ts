/** The card renderer moved to src/testing/synthetic-id.ts (shared with the ID-photo simulation); kept for imports. */
export * from '../../src/testing/synthetic-id.js';
