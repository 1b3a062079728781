import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM files of a local certificate authority and one certificate it signed. */
export interface LocalCa {
  /** The CA's certificate: clients and servers trust what it signed. */
  ca: string;
  /** A certificate for `localhost` and 127.0.0.1, good for serving and for connecting (routes, leaf links). */
  cert: string;
  key: string;
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Makes (or reuses, when its files exist) a certificate authority under `dir` and a certificate
 * it signs for localhost and 127.0.0.1, with openssl and no network: what the production shape
 * on one machine uses for the hub's client, route and leaf listeners. Keys are 0600.
 *
 * @example
 * const tls = localCa('.data/production/tls');
 * hubServerConfig({ …, tls: { cert: tls.cert, key: tls.key, ca: tls.ca } });
 */
export function localCa(dir: string, days = 30): LocalCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca.key'), cert: join(dir, 'server.pem'), key: join(dir, 'server.key') };
  if (!existsSync(files.ca) || !existsSync(files.caKey)) {
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', files.caKey, '-out', files.ca, '-days', String(days), '-subj', '/CN=mou-hub local CA']);
  }
  if (!existsSync(files.cert) || !existsSync(files.key)) {
    const csr = join(dir, 'server.csr');
    const ext = join(dir, 'server.ext');
    writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', files.key, '-out', csr, '-subj', '/CN=localhost']);
    openssl(['x509', '-req', '-in', csr, '-CA', files.ca, '-CAkey', files.caKey, '-CAcreateserial', '-out', files.cert, '-days', String(days), '-extfile', ext]);
  }
  for (const k of [files.caKey, files.key]) chmodSync(k, 0o600);
  return { ca: files.ca, cert: files.cert, key: files.key };
}
