/** Query parameters every report takes. */
const FILTERS = [
  ['agreement', 'Agreement id, e.g. la-th'],
  ['agency', 'Agency id: the answering side (clocks) or either party (messages, requests)'],
  ['from', 'Start of the period, YYYY-MM or YYYY-MM-DD, inclusive'],
  ['to', 'End of the period, YYYY-MM or YYYY-MM-DD, inclusive'],
  ['at', 'Judge open clocks at this RFC 3339 instant instead of now'],
  ['format', 'json (default) or csv'],
].map(([name, description]) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description }));

const report = (summary: string, description: string, extra: object[] = []) => ({
  get: {
    summary,
    description,
    security: [{ bearer: [] }],
    parameters: [...FILTERS, ...extra],
    responses: {
      200: { description: 'JSON `{rows: […]}` (reconciliation adds `summary`, exports add `k`), or CSV of the rows with `?format=csv`' },
      400: { description: '`invalid-request`: a filter is malformed' },
      401: { description: '`unauthorized`' },
      403: { description: '`forbidden`: the auditor role is needed' },
    },
  },
});
const q = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description });

/**
 * The audit API's OpenAPI 3.1 document, served at GET /api/v1/openapi.json.
 *
 * @example
 * app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
 */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'mou-hub audit', version: '1', description: 'Metadata only: clocks per case and step, reconciliation, yearly tables, k-anonymous exports.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/api/v1/auth/login': {
        post: {
          summary: 'Log in as an auditor',
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } } } } },
          responses: { 200: { description: '`{token, tokenType, expiresIn}`' }, 401: { description: '`invalid-credentials`' } },
        },
      },
      '/api/v1/reports/turnaround': report('Turnaround by agreement × type × step × month', 'count, median, p90 and max (ms, net of translation), median and p90 in business time of the answering country, share within deadline', [q('type', 'type that starts the step'), q('step', 'step name')]),
      '/api/v1/reports/agencies': report('By answering agency', 'clocks answered, breached, median response (ms), overdue now'),
      '/api/v1/reports/stalls': report('Where cases stall', 'open clocks per agreement and step: open, overdue, oldest and median age (ms)'),
      '/api/v1/reports/overdue': report('Overdue list', 'case, agreement, step, side and agency whose desk it is on, days over'),
      '/api/v1/reports/reconciliation': report('Reconciliation', 'every business message with its receipt or problem; missing after the configured time; receipts whose envelope digest differs from the sha256 of the JWS the stream carried'),
      '/api/v1/reports/integrity': report('Integrity flags', 'messages whose signed created is far from the stream time, and messages that failed checks 1-9'),
      '/api/v1/reports/requests': report('Requests by year × type × outcome', 'outcome is the case state from the shared workflow machines'),
      '/api/v1/reports/returns': report('Persons returned', 'live (completed handovers) and imported together: `{k, rows: [{<by…>, count, suppressed}]}`; a cell of fewer than k persons has count null and suppressed true', [q('by', 'comma-separated: year, agreement, gender, minor, ageBand, source; default year')]),
      '/api/v1/exports/returns': report('Returns for outside the hub', 'year × agreement × gender × age band; cells under k (11) have count null and suppressed true'),
      '/api/v1/exports/requests': report('Requests for outside the hub', 'year × type × outcome; cells under k suppressed'),
      '/api/v1/cases': report('The clocks behind a chart', 'case clocks filtered by step, month (YYYY-MM of start) and status', [q('step', 'step name'), q('month', 'YYYY-MM'), q('status', 'open | met | breached | cancelled')]),
      '/api/v1/import/returns': {
        post: {
          summary: 'Import historical returns (CSV)',
          description: 'text/csv with a header row; one row per returned person. Required columns: year, agreement, gender (HTCDS: Feminine, Masculine, TransgenderFeminine, TransgenderMasculine, NonConforming, NonSpecifiedUnknown), minor (true, false or empty). Optional: ageBand. Any other column is allowed and dropped unread. All or nothing.',
          security: [{ bearer: [] }],
          requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: {
            201: { description: '`{importId, rows}`' },
            400: { description: '`invalid-csv`: details.issues lists `{line, code, params}` for every bad row; nothing imported' },
            415: { description: '`unsupported-media-type`: not text/csv' },
          },
        },
      },
    },
  };
}
