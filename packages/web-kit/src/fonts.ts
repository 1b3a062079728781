import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The scripts the console ships a font for: machines at the agencies may have none of them. */
export type Script = 'vietnamese' | 'lao' | 'thai' | 'han';

interface ScriptFont {
  /** The npm package the font files come from (served by the node, never a CDN). */
  pkg: string;
  /** Our own family name, so a locally installed font of the same name never stands in. */
  family: string;
  /** Characters of the script: a page holding one of them links the font. */
  chars: RegExp;
  /** The package's subsets to keep (Latin is left to the system's fonts). */
  subset: (name: string) => boolean;
}

/** Where each script's font comes from and which of its subsets the console serves. */
export const SCRIPT_FONTS: Record<Script, ScriptFont> = {
  // Vietnamese is Latin with its own letters (ơ, ư, đ, ạ…): a page holding them gets Noto Sans for all
  // its Latin text, so the letters with and without marks look alike. First, so Latin never falls to SC.
  vietnamese: {
    pkg: '@fontsource/noto-sans',
    family: 'MOU Noto Sans',
    chars: /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01A0\u01A1\u01AF\u01B0\u1EA0-\u1EF9]/,
    subset: (s) => s === 'vietnamese' || s === 'latin' || s === 'latin-ext',
  },
  lao: { pkg: '@fontsource/noto-sans-lao', family: 'MOU Noto Sans Lao', chars: /[\u0E80-\u0EFF]/, subset: (s) => s === 'lao' },
  thai: { pkg: '@fontsource/noto-sans-thai', family: 'MOU Noto Sans Thai', chars: /[\u0E00-\u0E7F]/, subset: (s) => s === 'thai' },
  // Noto Sans SC comes in ~100 numbered slices by unicode-range; the browser fetches only the slices a page uses.
  han: { pkg: '@fontsource/noto-sans-sc', family: 'MOU Noto Sans SC', chars: /[\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]/, subset: (s) => /^\[\d+\]$/.test(s) },
};

/** The CSS font stack: our script fonts first (each limited to its script's unicode-range), then the system's. */
export const FONT_STACK = `${Object.values(SCRIPT_FONTS)
  .map((f) => `"${f.family}"`)
  .join(', ')}, system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`;

/** The scripts a rendered page uses, so it links only their fonts. */
export function scriptsIn(text: string): Script[] {
  return (Object.keys(SCRIPT_FONTS) as Script[]).filter((s) => SCRIPT_FONTS[s].chars.test(text));
}

const packageDir = (pkg: string): string => dirname(require.resolve(`${pkg}/package.json`));
const cssCache = new Map<Script, string>();

/**
 * The `@font-face` rules of one script, regular weight, woff2 only, from the package's own CSS,
 * with its URLs pointing at `/assets/fonts/files/…`.
 */
export function fontCss(script: Script): string {
  const cached = cssCache.get(script);
  if (cached) return cached;
  const font = SCRIPT_FONTS[script];
  const source = readFileSync(join(packageDir(font.pkg), '400.css'), 'utf8');
  const prefix = font.pkg.split('/')[1]!;
  const rules = [...source.matchAll(/\/\* (\S+) \*\/\s*@font-face\s*\{([^}]*)\}/g)].flatMap(([, name, body]) => {
    const subset = name!.slice(prefix.length + 1).replace(/-400-normal$/, '');
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(body!)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(body!)?.[1];
    if (!font.subset(subset) || !file || !range) return [];
    return [
      `@font-face{font-family:"${font.family}";font-style:normal;font-weight:400;font-display:swap;` +
        `src:url(/assets/fonts/files/${file}) format("woff2");unicode-range:${range}}`,
    ];
  });
  const css = rules.join('\n');
  cssCache.set(script, css);
  return css;
}

/** A font file's bytes, if the name is one of the served packages' woff2 files. */
export function fontFile(name: string): Buffer | undefined {
  // The longest package prefix: `noto-sans-lao-…` belongs to noto-sans-lao, not noto-sans.
  const font = Object.values(SCRIPT_FONTS)
    .filter((f) => name.startsWith(`${f.pkg.split('/')[1]}-`))
    .sort((a, b) => b.pkg.length - a.pkg.length)[0];
  if (!font || !/^[a-z0-9-]+\.woff2$/.test(name)) return undefined;
  try {
    return readFileSync(join(packageDir(font.pkg), 'files', name));
  } catch {
    return undefined;
  }
}

/** The htmx script, from its npm package. */
export function htmxScript(): Buffer {
  return readFileSync(require.resolve('htmx.org/dist/htmx.min.js'));
}
