/** The alerts' queue and delivery log, for admins. */
import type { Express } from 'express';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { intString, parse, show } from '../validate.ts';

export function alertRoutes(server: Express, ctx: ServerContext): void {
  server.get('/api/alerts', async (req, res) => {
    const q = parse(
      z.strictObject({
        status: z.enum(['pending', 'delivered'], { error: (iss) => `expected pending or delivered, got ${show(iss.input)}` }).optional(),
        limit: intString(1, 500).optional(),
      }),
      req.query,
      'query',
    );
    const [items, deliveries] = await Promise.all([ctx.app.store.alerts.list({ status: q.status, limit: q.limit }), ctx.app.store.alerts.deliveries(q.limit)]);
    res.json({
      items,
      deliveries,
      channels: ctx.app.config.alerts.map((a, i) => ({ name: a.name ?? `alert-${i + 1}`, type: a.email ? 'email' : 'webhook', delivery: a.delivery })),
    });
  });
}
