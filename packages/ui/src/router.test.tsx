import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Router } from 'wouter';
import { usePath } from './router';

function PathProbe() {
  return <output>{usePath()}</output>;
}

/** The path `usePath` gives inside an SPA served under `base`, for the browser's `pathname`. */
const pathAt = (base: string, pathname: string) =>
  renderToString(
    <Router base={base} ssrPath={pathname}>
      <PathProbe />
    </Router>,
  ).replace(/<\/?output>/g, '');

describe('usePath under the SPA base', () => {
  it('gives the path inside the admin app, its root as `/`', () => {
    expect(pathAt('/admin', '/admin/')).toBe('/');
    expect(pathAt('/admin', '/admin/events/abc')).toBe('/events/abc');
    expect(pathAt('/admin', '/admin/eventsx')).toBe('/eventsx');
  });

  it('gives the member app the whole path', () => {
    expect(pathAt('', '/music/abc')).toBe('/music/abc');
  });
});
