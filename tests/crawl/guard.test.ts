/** The destination guard of manual checks: private destinations refused after DNS and after every redirect. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPublicDestination, fetchForCheck, isPublicAddress, nonPublicReason } from '../../src/crawl/index.ts';
import { HOSTILE_HOSTS, startFixtureWeb, type FixtureWeb } from '../support/web/index.ts';
import { rejectionOf } from '../support/errors.ts';

let web: FixtureWeb;
beforeAll(async () => {
  web = await startFixtureWeb();
});
afterAll(() => web.close());

describe('address classes', () => {
  it('refuses private, loopback, link-local, CGNAT, multicast, unspecified, in IPv4 and IPv6', () => {
    const blocked = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '240.0.0.1',
      '198.18.0.1',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '2002:c0a8:0101::1',
    ];
    for (const ip of blocked) expect(nonPublicReason(ip), ip).not.toBeNull();
    expect(nonPublicReason('169.254.169.254')).toBe('link-local');
    expect(nonPublicReason('::ffff:127.0.0.1')).toBe('loopback (IPv4 in IPv6)');
    for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(ip), ip).toBe(true);
  });
});

describe('fetchForCheck', () => {
  const base = () => ({ resolve: web.resolve, timeoutMs: 2000 });

  it('refuses loopback, metadata and other private literals before connecting', async () => {
    for (const url of [
      'http://127.0.0.1:22/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/',
      'http://[::ffff:127.0.0.1]/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://10.0.0.1/',
    ]) {
      const e = await rejectionOf(fetchForCheck(url, base()));
      expect(e.code, url).toBe('CRAWL_PRIVATE_ADDRESS');
    }
  });

  it('refuses what is not http(s)', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.test/x', 'gopher://127.0.0.1:25/', 'not a url']) {
      expect((await rejectionOf(fetchForCheck(url, base()))).code, url).toBe('URL_INVALID');
    }
  });

  it('refuses a URL that redirects to a private address, at the redirect', async () => {
    const toLoopback = await rejectionOf(fetchForCheck(web.url(HOSTILE_HOSTS.loop, '/to-private'), base()));
    expect(toLoopback).toMatchObject({ code: 'CRAWL_PRIVATE_ADDRESS' });
    expect(toLoopback.message).toMatch(/^127\.0\.0\.1 is a loopback address/);
    const toMetadata = await rejectionOf(fetchForCheck(web.url(HOSTILE_HOSTS.loop, '/to-metadata'), base()));
    expect(toMetadata.message).toMatch(/^169\.254\.169\.254 is a link-local address/);
  });

  it('gives up on a URL that never answers', async () => {
    const e = await rejectionOf(fetchForCheck(web.url(HOSTILE_HOSTS.hang, '/hang/1.html'), { ...base(), timeoutMs: 300 }));
    expect(e).toMatchObject({ code: 'CRAWL_TIMEOUT', message: `http://${HOSTILE_HOSTS.hang}/hang/1.html did not answer within 300 ms` });
  });

  it('lets resolve hosts, allowHosts and allowPrivate through', async () => {
    expect((await fetchForCheck(web.url(HOSTILE_HOSTS.loop, '/good/1.html'), base())).status).toBe(200);
    const local = `http://localhost:${web.port}/good/1.html`;
    expect((await rejectionOf(fetchForCheck(local, base()))).code).toBe('CRAWL_PRIVATE_ADDRESS');
    // localhost is not a fixture host: the server answers 404, but the guard let it through
    expect((await fetchForCheck(local, { ...base(), allowHosts: ['localhost'] })).status).toBe(404);
    expect((await fetchForCheck(`http://127.0.0.1:${web.port}/`, { ...base(), allowPrivate: true })).status).toBe(404);
  });

  it('checks the addresses DNS gives: a name that resolves to a private address is refused', async () => {
    const lookup = async () => [{ address: '10.0.0.8', family: 4 }];
    expect(await checkPublicDestination('http://intranet.example.test/', { dnsLookup: lookup })).toMatchObject({ ok: false, code: 'CRAWL_PRIVATE_ADDRESS' });
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    expect(await checkPublicDestination('http://mixed.example.test/', { dnsLookup: mixed })).toMatchObject({ ok: false });
    const pub = async () => [{ address: '93.184.216.34', family: 4 }];
    expect(await checkPublicDestination('http://public.example.test/', { dnsLookup: pub })).toEqual({
      ok: true,
      address: '93.184.216.34',
      port: null,
      via: 'dns',
    });
  });

  it('tells a name that does not exist (CRAWL_DNS: the site may be gone) from a resolver that failed (CRAWL_NETWORK)', async () => {
    const fail = (code: string) => async () => {
      throw Object.assign(new Error(`getaddrinfo ${code}`), { code });
    };
    expect(await checkPublicDestination('http://gone.example.test/', { dnsLookup: fail('ENOTFOUND') })).toMatchObject({ ok: false, code: 'CRAWL_DNS' });
    expect(await checkPublicDestination('http://gone.example.test/', { dnsLookup: async () => [] })).toMatchObject({ ok: false, code: 'CRAWL_DNS' });
    expect(await checkPublicDestination('http://flaky.example.test/', { dnsLookup: fail('EAI_AGAIN') })).toMatchObject({ ok: false, code: 'CRAWL_NETWORK' });
    expect((await rejectionOf(fetchForCheck('http://gone.example.test/', { dnsLookup: fail('ENOTFOUND') }))).code).toBe('CRAWL_DNS');
  });

  it('cannot be rebound: the connection uses the address it checked, not a second lookup', async () => {
    let calls = 0;
    // first answer public, every later one loopback (the fixture server): a rebinding attack
    const rebinding = async () => (++calls === 1 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const before = web.requests.length;
    const e = await rejectionOf(fetchForCheck(`http://rebind.example.test:${web.port}/`, { timeoutMs: 1000, dnsLookup: rebinding }));
    expect(e.code).toBe('CRAWL_PRIVATE_ADDRESS');
    expect(web.requests.length).toBe(before);
  });
});
