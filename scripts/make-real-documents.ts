/**
 * Rebuilds the real-document evaluation set (bench/real-documents/manifest.jsonl) from fetched bare git
 * repositories: each image is read at its recorded commit and path, its sha256 verified, and written to
 * `<out>/<split>/<id><ext>`. The images are never committed (they carry no licence of their own).
 *
 *   npm run make:real-documents -- [--mirrors DIR] [--out DIR] [--split dev|test]
 *   (--mirrors default ../.mirror, one `owner+name/repo` git directory per repository as the fetch tool
 *    leaves it; --out default IDENTITY_CHECK_REAL_DOCUMENTS, itself default ../real-documents)
 *
 * Exits 1 naming every repository that is missing or lacks the commit, and every image whose bytes differ.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRealDocumentManifest, realDocumentFile, type RealDocument } from '../src/testing/real-documents.js';
import { DEFAULT_MIRRORS, REAL_DOCUMENTS_MANIFEST, realDocumentsPath } from '../src/testing/evaluation-data.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const mirrors = resolve(option('--mirrors') ?? DEFAULT_MIRRORS);
const out = option('--out') ? resolve(option('--out')!) : realDocumentsPath();
const onlySplit = option('--split');

/** The git directory of a fetched repository: `owner+name/repo` (bare) or `owner+name/repo/.git`. */
function gitDir(repo: string): string | null {
  const base = join(mirrors, repo.replace('/', '+'), 'repo');
  for (const dir of [join(base, '.git'), base]) if (existsSync(join(dir, 'HEAD'))) return dir;
  return null;
}

function readBlob(dir: string, doc: RealDocument): Buffer | null {
  try {
    return execFileSync('git', ['--git-dir', dir, 'cat-file', 'blob', `${doc.commit}:${doc.path}`], { maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

const docs = parseRealDocumentManifest(readFileSync(REAL_DOCUMENTS_MANIFEST, 'utf8')).filter((d) => !onlySplit || d.split === onlySplit);
const missingRepos = new Set<string>();
const missingBlobs: string[] = [];
const mismatched: string[] = [];
let written = 0;
let unchanged = 0;
for (const doc of docs) {
  const dir = gitDir(doc.repo);
  if (!dir) {
    missingRepos.add(doc.repo);
    continue;
  }
  const bytes = readBlob(dir, doc);
  if (!bytes) {
    missingBlobs.push(`${doc.id}: ${doc.repo} has no ${doc.path} at ${doc.commit} (fetch a snapshot that contains that commit)`);
    continue;
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== doc.sha256) {
    mismatched.push(`${doc.id}: ${doc.repo}:${doc.path} has sha256 ${sha}, the manifest says ${doc.sha256}`);
    continue;
  }
  const target = join(out, doc.split, realDocumentFile(doc));
  mkdirSync(join(out, doc.split), { recursive: true });
  if (existsSync(target) && createHash('sha256').update(readFileSync(target)).digest('hex') === sha) unchanged++;
  else (writeFileSync(target, bytes), written++);
}

console.log(`${docs.length} documents in the manifest${onlySplit ? ` (split ${onlySplit})` : ''}; ${written} written, ${unchanged} already in place, under ${out}`);
if (missingRepos.size > 0) {
  const count = (r: string): number => docs.filter((d) => d.repo === r).length;
  console.log(`\n${missingRepos.size} repositories are not under ${mirrors}; bring each with the fetch tool (source github:owner/name), then run this again:`);
  for (const r of [...missingRepos].sort()) console.log(`  github:${r}  (${count(r)} images)`);
}
if (missingBlobs.length > 0) console.log(`\nimages missing from their repository:\n  ${missingBlobs.join('\n  ')}`);
if (mismatched.length > 0) console.log(`\nimages whose bytes differ from the manifest (not written):\n  ${mismatched.join('\n  ')}`);
if (missingRepos.size + missingBlobs.length + mismatched.length > 0) process.exit(1);
