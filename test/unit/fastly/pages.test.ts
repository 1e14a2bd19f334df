/** Where a page loop may go next: the same host and endpoint, or nowhere. */
import { jsonApiNext, numberedNext, resolveNextPage } from '../../../lambda/fastly/pages.js';

const numbered = (page: number) => `/invitations?page=${page}`;

describe('resolveNextPage', () => {
  it('takes an absolute link to the same host and endpoint, brackets and all', () => {
    expect(resolveNextPage('https://api.fastly.com', '/events?page%5Bnumber%5D=1', 'https://api.fastly.com/events?page[number]=2&page[size]=1')).toEqual({
      ok: true,
      path: '/events?page[number]=2&page[size]=1',
    });
  });

  it('takes a relative link, and keeps a base URL path prefix', () => {
    expect(resolveNextPage('http://127.0.0.1:8080/fastly', '/events?page=1', '?page=2')).toEqual({ ok: true, path: '/events?page=2' });
    expect(resolveNextPage('http://127.0.0.1:8080/fastly', '/events?page=1', '/fastly/events?page=2')).toEqual({ ok: true, path: '/events?page=2' });
  });

  it.each([
    ['another host', 'https://evil.example/events?page=2', /another host \(https:\/\/evil\.example\)/],
    ['another scheme', 'http://api.fastly.com/events?page=2', /another host/],
    ['another port', 'https://api.fastly.com:8443/events?page=2', /another host/],
    ['another endpoint', 'https://api.fastly.com/tokens?page=2', /another endpoint \(\/tokens\)/],
    ['outside the base path', '/other/events?page=2', /another endpoint/],
  ])('refuses a link to %s', (_name, link, reason) => {
    const base = _name === 'outside the base path' ? 'https://api.fastly.com/fastly' : 'https://api.fastly.com';
    const current = '/events?page=1';
    const resolved = resolveNextPage(base, current, link);
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.reason).toMatch(reason);
  });

  it('refuses a link that is not a URL', () => {
    expect(resolveNextPage('https://api.fastly.com', '/events', 'http://[::1')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a URL/) });
  });
});

describe('jsonApiNext', () => {
  it('follows links.next, and stops on a page whose links have none (or an empty one)', () => {
    expect(jsonApiNext({ links: { next: '/invitations?page=2' } }, 1, numbered)).toBe('/invitations?page=2');
    expect(jsonApiNext({ links: {}, meta: { current_page: 1, total_pages: 5 } }, 1, numbered)).toBeUndefined();
    expect(jsonApiNext({ links: { next: '' } }, 1, numbered)).toBeUndefined();
  });

  it('without links at all, counts pages from meta', () => {
    expect(jsonApiNext({ meta: { total_pages: 3 } }, 1, numbered)).toBe('/invitations?page=2');
    expect(jsonApiNext({ meta: { total_pages: 3 } }, 3, numbered)).toBeUndefined();
    expect(jsonApiNext({}, 1, numbered)).toBeUndefined();
  });
});

describe('numberedNext', () => {
  it('stops after the last page meta counts, or after an empty page', () => {
    expect(numberedNext({ total_pages: 2 }, 1, { items: 100, perPage: 100 }, numbered)).toBe('/invitations?page=2');
    expect(numberedNext({ total_pages: 2 }, 2, { items: 100, perPage: 100 }, numbered)).toBeUndefined();
    expect(numberedNext({ total_pages: 9 }, 1, { items: 0, perPage: 100 }, numbered)).toBeUndefined();
  });

  it('without a page count, stops after a short page', () => {
    expect(numberedNext(undefined, 1, { items: 100, perPage: 100 }, numbered)).toBe('/invitations?page=2');
    expect(numberedNext(null, 2, { items: 99, perPage: 100 }, numbered)).toBeUndefined();
  });
});
