/**
 * A real RFC 3161 Time-Stamp Authority for tests: a test CA and a TSA certificate made with
 * `openssl` (extendedKeyUsage critical timeStamping), and a tiny node:http server that hands
 * each request body to `openssl ts -reply` and answers its DER (application/timestamp-reply).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestTsa {
  url: string;
  /** The test CA's certificate (PEM file). */
  caFile: string;
  dir: string;
  requests: number;
  /** Stops answering (the port refuses connections) until `start`. */
  stop(): Promise<void>;
  /** Answers again, on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const openssl = (args: string[], cwd: string): Buffer => execFileSync('openssl', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });

export async function startTestTsa(): Promise<TestTsa> {
  const dir = mkdtempSync(join(tmpdir(), 'copywatch-tsa-'));
  writeFileSync(
    join(dir, 'openssl.cnf'),
    [
      '[req]',
      'distinguished_name = dn',
      '[dn]',
      '[ca_ext]',
      'basicConstraints = critical, CA:true',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '[tsa_ext]',
      'basicConstraints = critical, CA:false',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = critical, timeStamping',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '[tsa]',
      'default_tsa = tsa_config',
      '[tsa_config]',
      `dir = ${dir}`,
      'serial = $dir/serial',
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.55555.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'serial'), '01\n');
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '30',
      '-subj',
      '/CN=copywatch test CA',
      '-config',
      'openssl.cnf',
      '-extensions',
      'ca_ext',
    ],
    dir,
  );
  openssl(
    ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=copywatch test TSA', '-config', 'openssl.cnf'],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'tsa.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'tsa.pem',
      '-days',
      '30',
      '-extfile',
      'openssl.cnf',
      '-extensions',
      'tsa_ext',
    ],
    dir,
  );
  let n = 0;
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const query = join(dir, `q${++n}.tsq`);
      writeFileSync(query, Buffer.concat(chunks));
      try {
        const reply = openssl(
          ['ts', '-reply', '-queryfile', query, '-config', 'openssl.cnf', '-signer', 'tsa.pem', '-inkey', 'tsa.key', '-chain', 'ca.pem'],
          dir,
        );
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(reply);
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/tsr`,
    caFile: join(dir, 'ca.pem'),
    dir,
    get requests() {
      return state.requests;
    },
    stop: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
    },
    start: () => new Promise<void>((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', () => (server.off('error', fail), ok()))),
    close: async () => {
      if (server.listening) await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
