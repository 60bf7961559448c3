/** The renderer's Content-Security-Policy: one string, sent as a header by the app:// protocol and baked into the built index.html. */

/**
 * Everything comes from our own origin; nothing inline, no eval, no plugins, no frames, no forms posting elsewhere.
 * `connect-src 'self'` also covers a same-origin WebSocket (browser mode), and nothing else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Reads the policy directives into a map (directive → sources), for checks that do not depend on order or spacing. */
export function parseContentSecurityPolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The same policy for a <meta> tag, which cannot carry frame-ancestors (browsers ignore it there, with a warning). */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');
