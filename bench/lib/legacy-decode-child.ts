/** A decode process running the pre-issue-14 path (legacy-decode.ts), so a benchmark can kill it when a bomb stalls it. */
import { legacyDecode } from './legacy-decode.js';
import type { ParentMessage } from '../../src/adapters/image/decode-protocol.js';

process.on('message', (message: ParentMessage) => {
  void legacyDecode(message.request).then((result) => process.send?.({ id: message.id, result }));
});
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
process.send?.({ ready: true });
