/** One Redis server or sentinel: a host name or IP literal (IPv6 without brackets), and a port. */
export interface RedisAddress {
  host: string;
  port: number;
}

/** Where the Redis of a deployment is: one server, a master found through sentinels, or a cluster's seed nodes. */
export type RedisLocation =
  | { kind: 'single'; address: RedisAddress; db: number }
  | { kind: 'sentinel'; master: string; sentinels: RedisAddress[]; db: number }
  | { kind: 'cluster'; nodes: RedisAddress[] };

/** What a Redis URL says: the location, whether TLS is on, and the credentials it carries. */
export interface ParsedRedisUrl {
  location: RedisLocation;
  tls: boolean;
  username: string | undefined;
  password: string | undefined;
}

const URL_PATTERN = /^(rediss?)(?:\+(sentinel|cluster))?:\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/i;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;
const IPV6 = /^[0-9a-f:.]+$/i;

/** `host:port` (or `[v6]:port`, or a host alone with `defaultPort`), or a message saying what is wrong. */
export function parseRedisAddress(text: string, defaultPort: number): RedisAddress | { error: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d*))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d*))?$/.exec(text);
  const [, host, port] = bracketed ?? plain ?? [];
  if (host === undefined || !(bracketed ? IPV6.test(host) : HOST_NAME.test(host))) {
    return { error: `"${text}" is not a host[:port] (an IPv6 address goes in brackets: [::1]:6379)` };
  }
  if (port === undefined) return { host, port: defaultPort };
  const number = Number(port);
  if (port === '' || !Number.isInteger(number) || number < 1 || number > 65_535) return { error: `"${text}" has no port number (1-65535) after its ":"` };
  return { host, port: number };
}

function decode(part: string | undefined): string | undefined {
  if (part === undefined || part === '') return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A database number from a URL path segment, or undefined when it is not one. */
function parseDb(segment: string | undefined): number | undefined {
  if (segment === undefined || segment === '') return 0;
  return /^\d{1,5}$/.test(segment) ? Number(segment) : undefined;
}

/**
 * Reads a Redis URL: `redis://` and `rediss://` (one server), `redis+sentinel://` (sentinels, then the master's
 * name as the path) and `redis+cluster://` (seed nodes), each `rediss…` with TLS. Credentials come from the
 * user-info part (`user:password@`, or `:password@` for the default user). Returns a message naming what is
 * wrong instead of throwing, so the config and the environment checks word it their own way.
 */
export function parseRedisUrl(url: string): ParsedRedisUrl | { error: string } {
  const match = URL_PATTERN.exec(url.trim());
  if (!match) return { error: 'expected redis://, rediss://, redis+sentinel:// or redis+cluster://' };
  const [, scheme = 'redis', mode, userInfo, hostList = '', path = '', query] = match;
  if (query !== undefined) return { error: 'query options are not read from a Redis URL; set them in the redis: block of the config' };
  const kind = mode === undefined ? 'single' : (mode.toLowerCase() as 'sentinel' | 'cluster');
  const defaultPort = kind === 'sentinel' ? 26_379 : 6_379;
  const addresses: RedisAddress[] = [];
  for (const part of hostList.split(',')) {
    const address = parseRedisAddress(part.trim(), defaultPort);
    if ('error' in address) return { error: hostList === '' ? 'the URL names no host' : address.error };
    addresses.push(address);
  }
  const colon = userInfo?.indexOf(':') ?? -1;
  const username = decode(colon < 0 ? userInfo : userInfo?.slice(0, colon));
  const password = decode(colon < 0 ? undefined : userInfo?.slice(colon + 1));
  const tls = scheme.toLowerCase() === 'rediss';
  const segments = path.split('/').slice(1);
  const [first, second, ...rest] = segments;
  let location: RedisLocation;
  if (kind === 'single') {
    const db = parseDb(first);
    if (addresses.length > 1) return { error: `a ${scheme}:// URL names one server; list several with ${scheme}+sentinel:// or ${scheme}+cluster://` };
    if (db === undefined || segments.length > 1) return { error: 'the path after the host is the database number (such as /0)' };
    location = { kind, address: addresses[0] as RedisAddress, db };
  } else if (kind === 'sentinel') {
    const master = decode(first);
    const db = parseDb(second);
    if (master === undefined) return { error: `a ${scheme}+sentinel:// URL names the master after the sentinels: ${scheme}+sentinel://host:26379/mymaster` };
    if (db === undefined || rest.length > 0) return { error: "after the master's name only a database number may follow (such as /mymaster/0)" };
    location = { kind, master, sentinels: addresses, db };
  } else {
    if (path !== '' && path !== '/') return { error: `a Redis Cluster has only database 0, so a ${scheme}+cluster:// URL has no path` };
    location = { kind, nodes: addresses };
  }
  return { location, tls, username, password };
}

/** The URL with its password replaced by `***`, for messages and logs. */
export function hideRedisPassword(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)([^@/?#]*)@/i, (_whole, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return colon < 0 ? `${scheme}${userInfo}@` : `${scheme}${userInfo.slice(0, colon)}:***@`;
  });
}
