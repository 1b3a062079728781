import { describe, expect, it } from 'vitest';
import { CONSOLE_CSS } from './css.ts';
import { FONT_STACK, fontCss, fontFile, scriptsIn } from './fonts.ts';

describe('script fonts', () => {
  it.each([
    ['Khamla Sisouphanh', []],
    ['Nguyễn Thị Hương, Đà Nẵng', ['vietnamese']],
    ['ຄຳລາ ສີສຸພັນ', ['lao']],
    ['ปราณี ศรีสุข', ['thai']],
    ['云南省 勐腊县', ['han']],
  ])('%s needs %j', (text, scripts) => {
    expect(scriptsIn(text)).toEqual(scripts);
  });

  it('serves Noto Sans for Vietnamese with its Latin, each face limited by unicode-range', async () => {
    const css = fontCss('vietnamese');
    const faces = css.split('\n');
    expect(faces).toHaveLength(3);
    for (const face of faces) expect(face).toMatch(/font-family:"MOU Noto Sans";.*unicode-range:U\+/);
    const file = /files\/(noto-sans-vietnamese-400-normal\.woff2)/.exec(css)![1]!;
    expect(fontFile(file)?.length).toBeGreaterThan(1000);
    // A Lao file is the Lao package's, not taken for Noto Sans's by its shorter prefix.
    expect(fontFile('noto-sans-lao-lao-400-normal.woff2')?.length).toBeGreaterThan(1000);
  });

  it('every element that shows case text uses the script fonts, code and preformatted text too', () => {
    expect(CONSOLE_CSS).toContain(`html{font-family:${FONT_STACK}`);
    expect(CONSOLE_CSS).toContain(`pre,code,kbd,samp{font-family:${FONT_STACK}`);
    expect(CONSOLE_CSS).toContain('input,select,textarea,button{font:inherit');
  });
});
