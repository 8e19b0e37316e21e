import { z } from 'zod';

// The page's Content-Security-Policy allows no eval (apps/server/src/middleware/security-headers.ts). Zod would
// probe for it with `Function('')` on its first parse, to compile fast parsers, and the browser reports every
// such probe as a policy violation; without the compiled parsers it checks the same, a little slower.
z.config({ jitless: true });
