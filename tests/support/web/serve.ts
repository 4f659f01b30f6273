/**
 * Serves the fixture web for the demo: `node --import tsx tests/support/web/serve.ts [port]`
 * (default 18080, the port config.example.json's crawler.resolve points at). Prints the hosts.
 */
import { FIXTURE_HOSTS, startFixtureWeb } from './index.ts';

export async function serveFixtureWeb(port = 18080) {
  const web = await startFixtureWeb({ port });
  process.stdout.write(`fixture web on 127.0.0.1:${web.port}\nhosts (crawler.resolve → 127.0.0.1:${web.port}):\n`);
  for (const host of FIXTURE_HOSTS) process.stdout.write(`  http://${host}/\n`);
  return web;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? process.env.FIXTURE_PORT ?? 18080);
  const web = await serveFixtureWeb(port);
  const stop = () => {
    void web.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
