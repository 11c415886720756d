// Installs redis-server when missing (apt-get, as root: scripts/ensure-redis.mjs); each test file
// then starts and stops its own server (test/redis.ts).
// @ts-expect-error: a plain script of the repository, without types
import { ensureRedis } from '../../../scripts/ensure-redis.mjs';

export default function setup(): void {
  ensureRedis();
}
