/** A decode process that dies on every job, standing in for libvips crashing on a hostile image. */
process.on('message', () => process.exit(3));
process.send?.({ ready: true });
