/** The MRZ parser the engine uses; a seam so the adapter depends on one domain function only. */
export { extractMrz } from '../../domain/mrz.js';
