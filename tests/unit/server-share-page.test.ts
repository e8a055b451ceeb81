import { describe, expect, it } from 'vitest';
import { Router } from '../../server/http/router';
import { escapeHtml, sharePage } from '../../server/shares/share-page';

const noop = async () => ({ status: 204 });

describe('share links: the router and the gone page', () => {
  it("matches `/s/:id` with the id as a parameter, and nothing that isn't one URL-safe segment", () => {
    const router = new Router().on('GET', '/s/:id', noop).on('POST', '/v1/shares', noop);
    expect(router.match('GET', '/s/AbC_-123')).toMatchObject({
      kind: 'found',
      route: '/s/:id',
      params: { id: 'AbC_-123' },
    });
    expect(router.match('HEAD', '/s/abc')).toMatchObject({ kind: 'found', params: { id: 'abc' } });
    expect(router.match('POST', '/s/abc')).toMatchObject({ kind: 'method-not-allowed', allow: ['GET'] });
    for (const path of ['/s/', '/s/a/b', '/s/%2e%2e', '/s/a.b', '/x/abc'])
      expect(router.match('GET', path)).toEqual({ kind: 'not-found' });
    expect(router.match('POST', '/v1/shares')).toMatchObject({ kind: 'found', route: '/v1/shares' });
  });

  it('escapes what it is given and loads nothing', () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
    const page = sharePage('Gone <b>', 'It <i>was</i> revoked.');
    expect(page).toContain('<h1>Gone &lt;b&gt;</h1>');
    expect(page).toContain('It &lt;i&gt;was&lt;/i&gt; revoked.');
    expect(page).not.toMatch(/<script|<img|<link|src=|href=/);
  });
});
