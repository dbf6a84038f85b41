// oreflow workbench: the JSON API of `oreflow serve` (docs/workbench.md; the contract is the
// server's cli/serve*.c). Every call sends the token of the page's URL (?token=) when there is one.
const token = new URLSearchParams(location.search).get('token');

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export async function call(method, path, body, signal) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method, headers, signal,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const api = {
  info: () => call('GET', '/api/info'),
  units: () => call('GET', '/api/units'),
  file: (path) => call('GET', `/api/file?path=${encodeURIComponent(path)}`),
  save: (path, text, etag) => call('PUT', '/api/file', { path, text, etag }),
  check: (path, text) => call('POST', '/api/check', { path, text }),
  solve: (req, signal) => call('POST', '/api/solve', req, signal),
  edit: (text, ops) => call('POST', '/api/edit', { text, ops }),
  mc: (path, text, samples, seed, set) => call('POST', '/api/mc', { path, text, samples, seed, set }),
  job: (id) => call('GET', `/api/job?id=${encodeURIComponent(id)}`),
  cancel: (id) => call('DELETE', `/api/job?id=${encodeURIComponent(id)}`),
};
