// The one way a secret we hand out (bearer token, console session, sign-in code) is stored: its sha256 hash.
import { createHash } from 'node:crypto';

export const hashToken = (secret: string) => createHash('sha256').update(secret).digest('hex');
