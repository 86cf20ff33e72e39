/**
 * sharp settings for the processes and threads of the service that run it (decode processes, document
 * workers). libvips' operation cache is off, so no pixels of one applicant's upload stay in memory for the next
 * request; one libvips thread per operation, since each caller runs one job at a time beside other busy threads
 * and every extra thread gets its own glibc malloc arena.
 */
import sharp from 'sharp';

export function limitSharp(): void {
  sharp.cache(false);
  sharp.concurrency(1);
}
