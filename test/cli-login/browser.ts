/** The page a browser ends up on after following redirects. */
export interface Page {
  readonly url: string;
  readonly html: string;
}

/**
 * Just enough of a browser to click through oidc-provider's device and login pages: a cookie jar,
 * redirects followed by hand (fetch would drop cookies set along the way), and form posts.
 */
export class Browser {
  readonly #cookies = new Map<string, string>();

  get(url: string): Promise<Page> {
    return this.#request(url, { method: 'GET' });
  }

  post(url: string, fields: Record<string, string>): Promise<Page> {
    return this.#request(url, { method: 'POST', body: new URLSearchParams(fields) });
  }

  async #request(url: string, init: RequestInit): Promise<Page> {
    for (let hops = 0; hops < 10; hops++) {
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
        if (value === '') this.#cookies.delete(name);
        else this.#cookies.set(name, value);
      }
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url, html: await res.text() };
      await res.body?.cancel();
      url = new URL(location, url).toString();
      init = { method: 'GET' };
    }
    throw new Error('too many redirects');
  }
}

/** The hidden fields of the page's form, as a browser would submit them. */
export function hiddenFields(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]));
}

/** A person entering `userCode` at the IdP: the browser and the confirmation form's fields. */
async function enterCode(issuer: string, userCode: string): Promise<{ browser: Browser; confirm: Record<string, string> }> {
  const browser = new Browser();
  // The verification_uri_complete page is a self-submitting form carrying the code.
  const entry = await browser.get(`${issuer}/device?user_code=${encodeURIComponent(userCode)}`);
  const confirm = await browser.post(`${issuer}/device`, hiddenFields(entry.html));
  return { browser, confirm: hiddenFields(confirm.html) };
}

/** Enters `userCode`, confirms, signs in as `login` and consents: the IdP's last page. */
export async function approveDevice(issuer: string, userCode: string, login: string): Promise<Page> {
  const { browser, confirm } = await enterCode(issuer, userCode);
  const signIn = await browser.post(`${issuer}/device`, confirm);
  const consent = await browser.post(signIn.url, { prompt: 'login', login, password: 'any' });
  return browser.post(consent.url, { prompt: 'consent' });
}

/** Enters `userCode` and declines the device. */
export async function denyDevice(issuer: string, userCode: string): Promise<Page> {
  const { browser, confirm } = await enterCode(issuer, userCode);
  const { confirm: _yes, ...fields } = confirm;
  return browser.post(`${issuer}/device`, { ...fields, abort: 'yes' });
}
