import { isIP } from 'node:net';
import { ExitCode, InputError } from './exit-codes.js';

/** A DNS name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * The HTTP listener's address from PORT (3000 when unset) and HOST (0.0.0.0 when unset), checked before anything
 * starts so a typo is named with the fix instead of surfacing as a socket error.
 */
export function readListenAddress(env: NodeJS.ProcessEnv): { port: number; host: string } {
  const rawPort = env['PORT'] ?? '';
  const rawHost = env['HOST'] ?? '';
  let port = 3000;
  if (rawPort.trim() !== '') {
    port = Number(rawPort);
    if (!/^\s*\d+\s*$/.test(rawPort) || port > 65_535) {
      throw new InputError(ExitCode.environmentInvalid, `PORT ${JSON.stringify(rawPort)} is not a port number (0-65535); set PORT to one, or unset it for 3000`);
    }
  }
  const host = rawHost.trim() === '' ? '0.0.0.0' : rawHost.trim();
  if (isIP(host.replace(/^\[|\]$/g, '')) === 0 && !HOST_NAME.test(host)) {
    throw new InputError(
      ExitCode.environmentInvalid,
      `HOST ${JSON.stringify(rawHost)} is not an IP address or host name; set HOST to one (0.0.0.0 listens everywhere), or unset it`,
    );
  }
  return { port, host: host.replace(/^\[|\]$/g, '') };
}
