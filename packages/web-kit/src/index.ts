export { assetRoutes } from './assets.ts';
export { catalogEntries, catalogProblems } from './catalog-check.ts';
export { chooseLanguage, LANG_COOKIE, pageContext, requestLanguage, type PageContext, type PageVariables } from './context.ts';
export { CONSOLE_CSS } from './css.ts';
export { FONT_STACK, fontCss, fontFile, htmxScript, SCRIPT_FONTS, scriptsIn, type Script } from './fonts.ts';
export { agencyLang, fromAcceptLanguage, isLang, LANG_NAMES, LANGS, mergeCatalogs, SHARED_CATALOGS, translators, type Catalogs, type Lang } from './i18n.ts';
export { Csrf, FONTS_SLOT, LANGS_SLOT, LanguageSwitch, Layout, type Frame } from './layout.tsx';
export { afterPost, page } from './render.tsx';
export type { TFunction } from 'i18next';
