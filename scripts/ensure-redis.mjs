// @em/distributed's tests run their own redis-server (127.0.0.1, a free port, no persistence) and
// stop it after. On a fresh machine this installs Debian's redis-server with apt-get when we are
// root; elsewhere it says what to do. It never starts the system's service.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export function ensureRedis() {
  if (existsSync(REDIS_SERVER)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `redis-server not found at ${REDIS_SERVER}. Install it (Debian: sudo apt-get install redis-server) or set REDIS_SERVER.`,
    );
  }
  console.log(`redis-server not found at ${REDIS_SERVER}: installing Debian's redis-server package…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // policy-rc.d 101: install the binary without starting the system service.
  execSync(
    "printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && " +
      'apt-get update -qq && apt-get install -y -qq redis-server; status=$?; rm -f /usr/sbin/policy-rc.d; exit $status',
    { stdio: 'inherit', env, shell: '/bin/sh' },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) ensureRedis();
