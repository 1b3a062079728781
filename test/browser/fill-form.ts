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

/** One named control of the form as the page has it now. */
interface Field {
  name: string;
  tag: string;
  type: string;
  value: string;
}

/**
 * The form's named controls, read in one call and read again only when the page changed (a row
 * added, a variant chosen). Asking the page about each name (a `count()` each) took some 800
 * round trips to Chromium in one story: a tenth of its browser's work.
 */
class FormFields {
  private fields: Field[] = [];
  constructor(
    readonly page: Page,
    readonly form: string,
  ) {}

  async read(): Promise<void> {
    this.fields = await this.page.locator(`${this.form} [name]`).evaluateAll((elements) =>
      (elements as unknown as { name: string; tagName: string; type: string; value: string }[]).map((e) => ({ name: e.name, tag: e.tagName, type: e.type, value: e.value })),
    );
  }
  named(name: string): Field | undefined {
    return this.fields.find((f) => f.name === name && f.tag !== 'BUTTON');
  }
  has(prefix: string): boolean {
    return this.fields.some((f) => f.name.startsWith(prefix) && f.tag !== 'BUTTON');
  }
  /** The form's "add" button for the list `list`. */
  canAdd(list: string): boolean {
    return this.fields.some((f) => f.tag === 'BUTTON' && f.name === '_add' && f.value === list);
  }
  /** A radio or hidden input named `name` (a variant's discriminator). */
  discriminator(name: string): boolean {
    return this.fields.some((f) => f.name === name && f.tag === 'INPUT' && (f.type === 'radio' || f.type === 'hidden'));
  }
  radio(name: string, value: string): boolean {
    return this.fields.some((f) => f.name === name && f.type === 'radio' && f.value === value);
  }
}

/** Grows a list until its row `index` is on the page, by its "add" button (a round trip). */
async function ensureRow(fields: FormFields, list: string, index: number): Promise<void> {
  const { page, form } = fields;
  for (let tries = 0; tries < 10; tries++) {
    if (fields.has(`${list}[${index}]`)) return;
    if (!fields.canAdd(list)) return;
    await Promise.all([page.waitForLoadState('load'), page.locator(`${form} button[name="_add"][value="${list}"]`).click()]);
    await page.locator(`${form} [name^="${list}[${index}]"]`).first().waitFor({ state: 'attached', timeout: 10_000 }).catch(() => undefined);
    await fields.read();
  }
}

/** Sets one scalar input (text, date, datetime-local, select, checkbox list) to a value. */
async function setValue(fields: FormFields, name: string, value: unknown, offsetMinutes: number): Promise<boolean> {
  const { page, form } = fields;
  const field = fields.named(name);
  if (!field) return false;
  if (field.type === 'hidden') return true;
  if (field.type === 'checkbox' || field.type === 'radio') {
    for (const v of [value].flat()) await page.locator(`${form} ${css(name)}[value="${String(v)}"]`).check();
    return true;
  }
  const first = page.locator(`${form} ${css(name)}`).first();
  const text = field.type === 'datetime-local' && typeof value === 'string' ? local(value, offsetMinutes) : String(value);
  if (field.tag === 'SELECT') await first.selectOption(text);
  else await first.fill(text);
  return true;
}

async function fillAt(fields: FormFields, prefix: string, body: Record<string, unknown>, offsetMinutes: number): Promise<void> {
  const { page, form } = fields;
  const join = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  // A variant: its discriminator is a radio (or a hidden input when one option is allowed); its
  // option's fields are named under `<discriminator>:<value>`.
  let option = prefix;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'object' && value !== null) continue;
    if (fields.discriminator(join(key))) {
      if (fields.radio(join(key), String(value))) {
        await page.locator(`${form} input${css(join(key))}[type=radio][value="${String(value)}"]`).check();
        await fields.read();
      }
      option = join(`${key}:${String(value)}`);
    }
  }
  const place = (key: string) => (fields.has(option === prefix ? join(key) : `${option}.${key}`) ? (option === prefix ? join(key) : `${option}.${key}`) : join(key));
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    const name = place(key);
    if (Array.isArray(value) && value.some((v) => typeof v === 'object')) {
      for (let i = 0; i < value.length; i++) {
        await ensureRow(fields, name, i);
        await fillAt(fields, `${name}[${i}]`, value[i] as Record<string, unknown>, offsetMinutes);
      }
    } else if (Array.isArray(value)) {
      if (!(await setValue(fields, name, value, offsetMinutes))) {
        for (let i = 0; i < value.length; i++) {
          await ensureRow(fields, name, i);
          await setValue(fields, `${name}[${i}]`, value[i], offsetMinutes);
        }
      }
    } else if (typeof value === 'object') {
      await fillAt(fields, name, value as Record<string, unknown>, offsetMinutes);
    } else {
      await setValue(fields, name, value, offsetMinutes);
    }
  }
}

/**
 * Fills the form `form` (a selector) with `body`; times are typed on a clock `offsetMinutes`
 * east of UTC (420: Vientiane and Bangkok).
 * @example await fillForm(page, 'form[data-action="assess"]', body('repatriation.assessment'));
 */
export async function fillForm(page: Page, form: string, body: Record<string, unknown>, offsetMinutes = 420): Promise<void> {
  const fields = new FormFields(page, form);
  await fields.read();
  await fillAt(fields, '', body, offsetMinutes);
}

/** The words a reader sees on the page (no scripts, styles or attributes). */
export function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => ((globalThis as any).document.body as { innerText: string }).innerText);
}
