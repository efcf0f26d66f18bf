// graphql-http audit: node audit.mjs URL; exit 1 on any warning or error.
// DUTYGRAPH_AUDIT_TOKEN, when set, is sent as `Authorization: Bearer …` on every request.
import { auditServer } from 'graphql-http';
const url = process.argv[2];
const token = process.env.DUTYGRAPH_AUDIT_TOKEN;
const fetchFn = token
  ? (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    }
  : undefined;
const results = await auditServer({ url, fetchFn });
let bad = 0;
for (const r of results) {
  if (r.status !== 'ok') { bad++; console.log(r.status.toUpperCase(), r.id, r.name, '::', r.reason); }
}
console.log(`${results.length} audits, ${results.filter(r=>r.status==='ok').length} ok, ${results.filter(r=>r.status==='warn').length} warnings, ${results.filter(r=>r.status==='error').length} errors`);
process.exit(bad ? 1 : 0);
