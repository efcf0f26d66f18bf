// graphql-http audit: node audit.mjs URL; exit 1 on any warning or error.
import { auditServer } from 'graphql-http';
const url = process.argv[2];
const results = await auditServer({ url });
let bad = 0;
for (const r of results) {
  if (r.status !== 'ok') { bad++; console.log(r.status.toUpperCase(), r.id, r.name, '::', r.reason); }
}
console.log(`${results.length} audits, ${results.filter(r=>r.status==='ok').length} ok, ${results.filter(r=>r.status==='warn').length} warnings, ${results.filter(r=>r.status==='error').length} errors`);
process.exit(bad ? 1 : 0);
