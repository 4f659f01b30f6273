/**
 * `/api/findings/:id/images/original|copy`: the two images an image finding names, as kept as
 * evidence when it was recorded (issue 17), byte for byte, served only when their bytes still
 * have the SHA-256 stored with them, with the content type of the format decoded when they were
 * kept (never sniffed) and a policy under which an image opened on its own runs nothing.
 */
import type { Express } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CopywatchError } from '../../domain/index.ts';
import type { ServerContext } from '../context.ts';
import { intString, parse, show } from '../validate.ts';

const IMAGE_CSP = "default-src 'none'; img-src 'self'; sandbox";

/** The content type of each format sharp decodes; any other is not served. */
const CONTENT_TYPES: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/heif',
  tiff: 'image/tiff',
};

const imageParams = z.strictObject({
  id: intString(1, Number.MAX_SAFE_INTEGER),
  role: z.enum(['original', 'copy'], { error: (iss) => `expected original or copy, got ${show(iss.input)}` }),
});

export function findingImageRoutes(server: Express, ctx: ServerContext): void {
  const { store } = ctx.app;
  server.get('/api/findings/:id/images/:role', async (req, res) => {
    parse(z.strictObject({}), req.query, 'query');
    const { id, role } = parse(imageParams, req.params, 'path');
    const finding = await store.findings.get(id);
    if (!finding) throw new CopywatchError('NOT_FOUND', `finding ${id} does not exist`);
    const kept = (await store.imageEvidence.ofFinding(id)).find((i) => i.role === role);
    if (!kept) {
      const why = finding.facts.image
        ? 'it was not kept (the image could not be fetched when the finding was recorded, or it was recorded before images were kept)'
        : 'the finding has no photo';
      throw new CopywatchError('NOT_FOUND', `finding ${id} has no ${role} image: ${why}`);
    }
    const bytes = await store.imageEvidence.bytes(kept.sha256);
    const type = CONTENT_TYPES[kept.format];
    if (!bytes) throw new CopywatchError('NOT_FOUND', `finding ${id} has no ${role} image: its bytes (SHA-256 ${kept.sha256}) are no longer stored`);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== kept.sha256)
      throw new CopywatchError('STORE_FAILED', `the ${role} image of finding ${id} is not the one kept (SHA-256 ${digest}, stored ${kept.sha256})`);
    if (!type) throw new CopywatchError('NOT_FOUND', `finding ${id} has no ${role} image that can be shown: format ${kept.format}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', IMAGE_CSP);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Disposition', `inline; filename="copywatch-finding-${id}-${role}.${kept.format === 'jpeg' ? 'jpg' : kept.format}"`);
    res.setHeader('X-Image-SHA256', kept.sha256);
    res.setHeader('X-Image-Source', encodeURI(kept.url));
    res.type(type).send(bytes);
  });
}
