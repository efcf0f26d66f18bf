// Apollo Client's own persisted-queries link against a running dutygraph: the first request
// sends only the hash, the server answers PersistedQueryNotFound, the link resends with the
// document (which registers it), and a later request by hash alone is served.
// Usage: DUTYGRAPH_TOKEN=dg_… node apq.mjs http://127.0.0.1:PORT/graphql
import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core/index.js';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries/index.js';

const [url] = process.argv.slice(2);
const requests = [];
const recordingFetch = async (uri, options) => {
  const body = options.body ? JSON.parse(options.body) : null;
  requests.push({
    method: options.method ?? 'GET',
    query: Boolean(body?.query),
    hash: body?.extensions?.persistedQuery?.sha256Hash ?? null,
  });
  const response = await fetch(uri, options);
  if (process.env.APQ_DEBUG) console.error(response.status, await response.clone().text(), JSON.stringify(options.headers));
  return response;
};
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const client = () =>
  new ApolloClient({
    link: createPersistedQueryLink({ sha256 }).concat(
      new HttpLink({
        uri: url,
        fetch: recordingFetch,
        headers: { authorization: `Bearer ${process.env.DUTYGRAPH_TOKEN}` },
      }),
    ),
    cache: new InMemoryCache(),
  });
const PLANS = gql`
  query ApqPlans {
    plans(first: 5) {
      nodes {
        title
      }
    }
  }
`;
const first = await client().query({ query: PLANS, fetchPolicy: 'network-only' });
// A new client (a second browser tab): it knows nothing, sends the hash only, and is served.
const second = await client().query({ query: PLANS, fetchPolicy: 'network-only' });
console.log(JSON.stringify({ first: first.data, second: second.data, requests }));
