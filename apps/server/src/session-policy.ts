import type { SessionPolicy } from '@rotes-netz/core';
import type { Config } from './config.ts';

export function sessionPolicy(config: Config): SessionPolicy {
  return { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionAbsoluteDays * 86_400_000 };
}
