/** Every key and value under a Redis key prefix, as text: what the "no trace" checks search. */
import type { Redis } from 'ioredis';

type Client = Redis;

export async function redisText(client: Client, prefix: string): Promise<string> {
  const keys = await client.keys(`${prefix}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    parts.push(key);
    const type = await client.type(key);
    if (type === 'string') parts.push(String(await client.get(key)));
    else if (type === 'hash') parts.push(JSON.stringify(await client.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await client.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await client.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await client.zrange(key, 0, -1)));
    else if (type === 'stream') parts.push(JSON.stringify(await client.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

/** Removes every key under the prefix (the test's own queue). */
export async function dropPrefix(client: Client, prefix: string): Promise<void> {
  const keys = await client.keys(`${prefix}:*`);
  if (keys.length > 0) await client.del(...keys);
}
