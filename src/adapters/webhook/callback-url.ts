/**
 * The first SSRF gate, when a callback_url is submitted: a plain http(s) URL without credentials, https
 * unless the operator allows http, its host on WEBHOOK_ALLOWED_HOSTS. The address it resolves to is checked
 * again at every delivery (webhook-client.ts).
 */
export interface WebhookRules {
  /** Host names or IP addresses allowed; an internal address is reachable only when listed itself. */
  readonly allowedHosts: readonly string[];
  readonly allowHttp: boolean;
}

/** The URL in normal form, or the reason it is refused. */
export function checkCallbackUrl(raw: string, rules: WebhookRules): { url: string } | { problem: string } {
  if (raw.length > 2048) return { problem: 'callback_url is longer than 2048 characters' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'callback_url is not a URL' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && rules.allowHttp)) {
    return { problem: rules.allowHttp ? 'callback_url must be http or https' : 'callback_url must be https' };
  }
  if (url.username !== '' || url.password !== '') return { problem: 'callback_url must not carry credentials' };
  if (!rules.allowedHosts.includes(hostOf(url))) return { problem: `callback_url host ${hostOf(url)} is not on WEBHOOK_ALLOWED_HOSTS` };
  url.hash = '';
  return { url: url.toString() };
}

/** The URL's host as the allow-list spells it: lower case, IPv6 without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}
