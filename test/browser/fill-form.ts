/**
 * Fills a structured body form (web-kit's forms: `persons[0].person.givenName`, a variant's
 * fields under `confirmed:false.reason`, repeatable groups grown with their "add" button) from a
 * body, as an officer would type it. Fields the node fills itself (a proposal's id) are not on
 * the page and are skipped; so are attachments.
 */
import type { Page } from 'playwright-core';

/** The officer's clock: `YYYY-MM-DDTHH:MM` of an instant, `offsetMinutes` east of UTC. */
function local(instant: string, offsetMinutes: number): string {
  return new Date(Date.parse(instant) + offsetMinutes * 60_000).toISOString().slice(0, 16);
}

const css = (name: string) => `[name="${name.replace(/"/g, '\\"')}"]`;

/** Grows a list until its row `index` is on the page, by its "add" button (a round trip). */
async function ensureRow(page: Page, form: string, list: string, index: number): Promise<void> {
  for (let tries = 0; tries < 10; tries++) {
    if ((await page.locator(`${form} [name^="${list}[${index}]"]`).count()) > 0) return;
    const add = page.locator(`${form} button[name="_add"][value="${list}"]`);
    if ((await add.count()) === 0) return;
    await Promise.all([page.waitForLoadState('load'), add.click()]);
    await page.locator(`${form} [name^="${list}[${index}]"]`).first().waitFor({ state: 'attached', timeout: 10_000 }).catch(() => undefined);
  }
}

/** Sets one scalar input (text, date, datetime-local, select, checkbox list) to a value. */
async function setValue(page: Page, form: string, name: string, value: unknown, offsetMinutes: number): Promise<boolean> {
  const field = page.locator(`${form} ${css(name)}`);
  if ((await field.count()) === 0) return false;
  const first = field.first();
  const [tag, type] = await first.evaluate((e) => [e.tagName, (e as unknown as { type: string }).type]);
  if (type === 'hidden') return true;
  if (type === 'checkbox' || type === 'radio') {
    for (const v of [value].flat()) await page.locator(`${form} ${css(name)}[value="${String(v)}"]`).check();
    return true;
  }
  const text = type === 'datetime-local' && typeof value === 'string' ? local(value, offsetMinutes) : String(value);
  if (tag === 'SELECT') await first.selectOption(text);
  else await first.fill(text);
  return true;
}

async function fillAt(page: Page, form: string, prefix: string, body: Record<string, unknown>, offsetMinutes: number): Promise<void> {
  const join = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  // A variant: its discriminator is a radio (or a hidden input when one option is allowed); its
  // option's fields are named under `<discriminator>:<value>`.
  let option = prefix;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'object' && value !== null) continue;
    const disc = page.locator(`${form} input${css(join(key))}[type=radio], ${form} input${css(join(key))}[type=hidden]`);
    if ((await disc.count()) > 0) {
      const radio = page.locator(`${form} input${css(join(key))}[type=radio][value="${String(value)}"]`);
      if ((await radio.count()) > 0) await radio.check();
      option = join(`${key}:${String(value)}`);
    }
  }
  const place = async (key: string) => ((await page.locator(`${form} [name^="${option === prefix ? join(key) : `${option}.${key}`}"]`).count()) > 0 ? (option === prefix ? join(key) : `${option}.${key}`) : join(key));
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    const name = await place(key);
    if (Array.isArray(value) && value.some((v) => typeof v === 'object')) {
      for (let i = 0; i < value.length; i++) {
        await ensureRow(page, form, name, i);
        await fillAt(page, form, `${name}[${i}]`, value[i] as Record<string, unknown>, offsetMinutes);
      }
    } else if (Array.isArray(value)) {
      if (!(await setValue(page, form, name, value, offsetMinutes))) {
        for (let i = 0; i < value.length; i++) {
          await ensureRow(page, form, name, i);
          await setValue(page, form, `${name}[${i}]`, value[i], offsetMinutes);
        }
      }
    } else if (typeof value === 'object') {
      await fillAt(page, form, name, value as Record<string, unknown>, offsetMinutes);
    } else {
      await setValue(page, form, name, value, offsetMinutes);
    }
  }
}

/**
 * Fills the form `form` (a selector) with `body`; times are typed on a clock `offsetMinutes`
 * east of UTC (420: Vientiane and Bangkok).
 * @example await fillForm(page, 'form[data-action="assess"]', body('repatriation.assessment'));
 */
export function fillForm(page: Page, form: string, body: Record<string, unknown>, offsetMinutes = 420): Promise<void> {
  return fillAt(page, form, '', body, offsetMinutes);
}

/** The words a reader sees on the page (no scripts, styles or attributes). */
export function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => ((globalThis as any).document.body as { innerText: string }).innerText);
}
