import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/compose/load-config.js';

const parse = (text: string, env: NodeJS.ProcessEnv = {}) => parseConfigText(text, 'scale.yaml', env);
const problem = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
};

describe('scale-out settings in the config', () => {
  it('has defaults that need no Redis settings at all', () => {
    const config = parse('feeds: []\n');
    expect(config.scheduler.tick).toBe('10s');
    expect(config.redis.lock_duration).toBe('30s');
    expect(config.admin.token).toBeUndefined();
  });

  it('takes a scheduler tick only when it divides a minute', () => {
    expect(parse('scheduler:\n  tick: 1s\n').scheduler.tick).toBe('1s');
    expect(parse('scheduler:\n  tick: 1m\n').scheduler.tick).toBe('1m');
    expect(problem('scheduler:\n  tick: 7s\n')).toMatch(/^scale\.yaml:2:9: scheduler\.tick: expected a whole number of seconds that divides a minute/);
    expect(problem('scheduler:\n  tick: 2m\n')).toMatch(/scheduler\.tick/);
    expect(problem('scheduler:\n  tick: soon\n')).toMatch(/scheduler\.tick: expected a duration/);
  });

  it('reads the admin token from the environment and refuses a short one', () => {
    const token = 'a-long-enough-admin-token';
    expect(parse('admin:\n  token: ${NEWSWATCH_ADMIN_TOKEN}\n', { NEWSWATCH_ADMIN_TOKEN: token }).admin.token).toBe(token);
    expect(parse('admin:\n  token: ${NEWSWATCH_ADMIN_TOKEN:-}\n').admin.token).toBe('');
    expect(problem('admin:\n  token: short\n')).toMatch(/admin\.token: expected at least 16 characters/);
  });

  it('takes the lock duration as a duration', () => {
    expect(parse('redis:\n  lock_duration: 5s\n').redis.lock_duration).toBe('5s');
    expect(problem('redis:\n  lock_duration: fast\n')).toMatch(/redis\.lock_duration: expected a duration/);
  });
});
