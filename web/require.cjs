// certgate is an ES module package (its WebAssembly glue is ESM); `require`
// lands here so the error names the fix instead of ERR_REQUIRE_ESM's hint.
'use strict';
const error = new Error(
  "certgate is ESM-only: use `import { lint } from 'certgate'` (or 'certgate/kubernetes'), " +
    "or from CommonJS `const { lint } = await import('certgate')`. " +
    'Node 22.12+ can also require() it directly.',
);
error.code = 'ERR_REQUIRE_ESM';
throw error;
