/**
 * A decode process that never answers: it prints "decoding <pid>" and spins, standing in for libvips stuck
 * on a hostile image. Its JS thread is blocked too, so only a SIGKILL from outside can end it.
 */
process.on('message', () => {
  process.stdout.write(`decoding ${process.pid}\n`);
  for (;;) {
    // Spin: nothing in this process runs again.
  }
});
process.send?.({ ready: true });
