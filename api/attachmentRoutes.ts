// Downloading an attachment of inbound mail. A client's file is never rendered by the staff's browser:
// it always comes as a download, and types a browser would run (HTML, SVG, XML) come as plain bytes.
import { create as contentDisposition } from 'content-disposition';
import { Router } from 'express';
import { findAttachment } from '../db/attachments';
import type { Database } from '../db/pool';
import { Problem } from './problem';
import { attachmentParams } from './schemas';
import { parseOrProblem } from './validation';

const ACTIVE_CONTENT =
  /^(text\/(html|xml|xsl|javascript|ecmascript|vtt)|image\/svg\+xml|application\/(xhtml\+xml|xml|javascript|ecmascript|x-shockwave-flash|vnd\.ms-htmlhelp)|multipart\/|message\/)|\+xml$/;

/** The Content-Type an attachment is served with: its own when harmless and well-formed, else bytes. */
export function servedContentType(stored: string): string {
  const type = stored.trim().toLowerCase().split(';')[0]!.trim();
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type))
    return 'application/octet-stream';
  return ACTIVE_CONTENT.test(type) ? 'application/octet-stream' : type;
}

export function attachmentRoutes(db: Database): Router {
  const router = Router();

  router.get('/attachments/:id', async (request, response) => {
    const { id } = parseOrProblem(attachmentParams, request.params);
    const attachment = await findAttachment(db, id);
    if (!attachment) throw new Problem(404, 'Not Found', `There is no attachment ${request.params.id}.`);
    response
      .status(200)
      .set({
        'Content-Type': servedContentType(attachment.contentType),
        'Content-Disposition': contentDisposition(attachment.filename || 'attachment', {
          type: 'attachment',
        }),
        'Content-Length': String(attachment.content.length),
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-store',
      })
      .end(attachment.content);
  });

  return router;
}
