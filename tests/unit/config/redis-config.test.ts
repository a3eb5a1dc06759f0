import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/compose/load-config.js';
import { ConfigError } from '../../../src/config/load-config.js';
import { resolveRedisDeployment } from '../../../src/config/redis-config.js';
import { hideRedisPassword, parseRedisUrl } from '../../../src/config/redis-url.js';

const problemsOf = (text: string) => {
  try {
    parseConfigText(text, 'newswatch.yaml', {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.line}:${p.column}: ${p.path}: ${p.message}`);
  }
  throw new Error('expected the config to be refused');
};

const redisBlock = (text: string) => parseConfigText(`redis:\n${text}`, 'newswatch.yaml', {}).redis;

describe('parseRedisUrl', () => {
  it('reads one server with TLS, an ACL user, a password and a database', () => {
    expect(parseRedisUrl('rediss://alerts:s%40cret@cache.internal:6380/2')).toEqual({
      location: { kind: 'single', address: { host: 'cache.internal', port: 6380 }, db: 2 },
      tls: true,
      username: 'alerts',
      password: 's@cret',
    });
    expect(parseRedisUrl('redis://:pw@[::1]')).toEqual({
      location: { kind: 'single', address: { host: '::1', port: 6379 }, db: 0 },
      tls: false,
      username: undefined,
      password: 'pw',
    });
  });

  it('reads sentinels and the master name, with the sentinel port by default', () => {
    expect(parseRedisUrl('redis+sentinel://s1,s2:26380/mymaster/1')).toMatchObject({
      location: { kind: 'sentinel', master: 'mymaster', db: 1, sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }] },
      tls: false,
    });
  });

  it('reads cluster seed nodes', () => {
    expect(parseRedisUrl('rediss+cluster://u:p@n1:7000,n2:7001')).toEqual({
      location: { kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }, { host: 'n2', port: 7001 }] },
      tls: true,
      username: 'u',
      password: 'p',
    });
  });

  it.each([
    ['localhost:6379', 'expected redis://, rediss://, redis+sentinel:// or redis+cluster://'],
    ['redis://a:6379,b:6379', 'names one server; list several with redis+sentinel:// or redis+cluster://'],
    ['redis://host/cache', 'the path after the host is the database number'],
    ['redis://host:99999', 'has no port number'],
    ['redis+sentinel://s1:26379', 'names the master after the sentinels'],
    ['redis+cluster://n1:7000/3', 'a Redis Cluster has only database 0'],
    ['redis://host?family=6', 'query options are not read'],
    ['redis://', 'the URL names no host'],
  ])('explains what is wrong with %s', (url, message) => {
    const parsed = parseRedisUrl(url);
    expect('error' in parsed && parsed.error).toContain(message);
  });

  it('hides the password, never the user', () => {
    expect(hideRedisPassword('rediss://alerts:secret@h:6380')).toBe('rediss://alerts:***@h:6380');
    expect(hideRedisPassword('redis://h:6379')).toBe('redis://h:6379');
  });
});

describe('the redis: block', () => {
  it('takes Sentinel from its master and sentinels, with the sentinels own password', () => {
    const redis = redisBlock('  sentinel:\n    master: mymaster\n    sentinels: ["10.0.0.5:26379", "10.0.0.6"]\n    password: sp\n  password: rp\n');
    expect(resolveRedisDeployment(redis, undefined)).toEqual({
      location: { kind: 'sentinel', master: 'mymaster', db: 0, sentinels: [{ host: '10.0.0.5', port: 26379 }, { host: '10.0.0.6', port: 26379 }] },
      tls: null,
      username: undefined,
      password: 'rp',
      sentinelUsername: undefined,
      sentinelPassword: 'sp',
      source: 'redis.sentinel',
    });
  });

  it('takes a cluster from its nodes, and TLS from a tls block whatever the scheme', () => {
    const redis = redisBlock('  cluster:\n    nodes: ["n1:7000"]\n  username: alerts\n  tls:\n    ca: certs/ca.pem\n');
    expect(resolveRedisDeployment(redis, undefined)).toMatchObject({
      location: { kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }] },
      tls: { ca: 'certs/ca.pem' },
      username: 'alerts',
      source: 'redis.cluster',
    });
  });

  it('lets REDIS_URL name the place while the block adds what the URL lacks', () => {
    const redis = redisBlock('  url: redis://ignored:6379\n  password: from-yaml\n  tls: true\n');
    expect(resolveRedisDeployment(redis, 'redis+cluster://alerts@n1:7000')).toMatchObject({
      location: { kind: 'cluster' },
      tls: {},
      username: 'alerts',
      password: 'from-yaml',
      source: 'REDIS_URL',
    });
  });

  it('refuses a password given both in REDIS_URL and in the block, and sentinel credentials without sentinels', () => {
    expect(() => resolveRedisDeployment(redisBlock('  password: b\n'), 'redis://:a@h:6379')).toThrow(
      'REDIS_URL carries a password and redis.password in the config sets one too; give it in one place',
    );
    expect(() => resolveRedisDeployment(redisBlock('  sentinel:\n    password: sp\n'), 'redis://h:6379')).toThrow(
      'redis.sentinel sets credentials for sentinels, but REDIS_URL names no sentinels',
    );
  });

  it('locates every problem of the block at once, never showing a password', () => {
    expect(
      problemsOf(
        [
          'redis:',
          '  url: redis://:pw@cache:6379',
          '  password: also',
          '  cluster:',
          '    nodes: ["n1:notaport"]',
          '  sentinel:',
          '    password: sp',
          '  tls:',
          '    cert: client.pem',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      '5:13: redis.cluster.nodes[0]: "n1:notaport" is not a host[:port] (an IPv6 address goes in brackets: [::1]:6379); expected host:port such as "10.0.0.5:6379"',
      '5:5: redis.cluster: Redis is already located by redis.url; keep one of redis.url, redis.sentinel (master and sentinels) and redis.cluster',
      '7:5: redis.sentinel: sentinel credentials apply only when Redis is found through Sentinel (redis+sentinel:// or sentinel.sentinels)',
      '3:13: redis.password: the password is also in redis.url; give it in one place',
      '9:5: redis.tls: a client certificate needs its key: give cert and key together',
    ]);
    expect(problemsOf('redis:\n  url: redis://alerts:hunter2@cache:6379/x\n')).toEqual([
      '2:8: redis.url: the path after the host is the database number (such as /0) (found "redis://alerts:***@cache:6379/x")',
    ]);
  });

  it('says what tls takes', () => {
    expect(problemsOf('redis:\n  tls: false\n')).toEqual(['2:8: redis.tls: expected true, or ca, cert and key (each a file path or PEM text) (found false)']);
  });

  it('asks for both the master and the sentinels', () => {
    expect(problemsOf('redis:\n  sentinel:\n    master: mymaster\n')).toEqual([
      '3:5: redis.sentinel: expected sentinels: a list of sentinel addresses such as "10.0.0.5:26379"',
    ]);
  });

  it('refuses a URL it cannot read, at the url', () => {
    expect(problemsOf('redis:\n  url: redis+sentinel://s1:26379\n')).toEqual([
      '2:8: redis.url: a redis+sentinel:// URL names the master after the sentinels: redis+sentinel://host:26379/mymaster (found "redis+sentinel://s1:26379")',
    ]);
  });
});
