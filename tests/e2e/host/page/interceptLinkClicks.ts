// Same-origin link clicks (data links in tables, legends, panel links) navigate inside the
// host's single page through locationService instead of reloading it, as Grafana's
// public/app/core/navigation/patch/interceptLinkClicks.ts does for its own pages.
import { locationService } from '@grafana/runtime';

/** The in-app path a click on this anchor should open, or undefined to let the browser handle it. */
export function inAppPath(anchor: HTMLAnchorElement, origin: string): string | undefined {
  const href = anchor.getAttribute('href');
  if (!href || anchor.target === '_blank' || anchor.hasAttribute('download')) return undefined;
  const url = new URL(href, origin);
  if (url.origin !== origin || !/^https?:$/.test(url.protocol)) return undefined;
  // the host serves its pages and plugin assets under /public: only page paths are routed in-app
  if (url.pathname.startsWith('/public/') || url.pathname.startsWith('/api/')) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function interceptLinkClicks(doc: Document = document) {
  doc.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor) return;
    const path = inAppPath(anchor, window.location.origin);
    if (!path) return;
    event.preventDefault();
    locationService.push(path);
  });
}
