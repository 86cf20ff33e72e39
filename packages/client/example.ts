// Type-checked usage example (also in README.md): `npm run generate && npx tsc -p .` in this folder.
import { readFile } from 'node:fs/promises';
import { createIdentityCheckClient } from '@identity-check/client';

const client = createIdentityCheckClient({ baseUrl: 'http://localhost:8080' });
const answer = await client.verify({
  image1: new Blob([await readFile('demo/selfie.jpg')], { type: 'image/jpeg' }),
  image2: new Blob([await readFile('demo/id-card.jpg')], { type: 'image/jpeg' }),
  name: 'Anna Sofia Müller',
});
if (answer.status === 200 || answer.status === 401) {
  const details = (answer.body as { details: { verdict?: string; face?: { similarity?: number } } }).details;
  console.log(answer.status, details.verdict, details.face?.similarity);
}
const { data } = await client.api.GET('/ready');
console.log(data);
