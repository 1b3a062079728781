import { FONT_STACK } from './fonts.ts';

/** The one stylesheet of the console and the audit dashboard: plain, readable on a small screen, high contrast (WCAG AA). */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
html{font-family:${FONT_STACK};font-size:16px;line-height:1.55;color:#1b1f24;background:#f6f7f9}
body{margin:0}
a{color:#0b4f9c}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
header{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;padding:.6rem 1rem;background:#12355b;color:#fff}
header a{color:#fff;text-decoration:none;padding:.15rem .35rem;border-radius:3px}
header a[aria-current=page]{background:#2b5d93}
header nav{display:flex;flex-wrap:wrap;gap:.25rem .5rem}
.brand{font-weight:700}.agency{opacity:.9}
.logout{margin-left:auto;display:flex;gap:.5rem;align-items:center}
.langs{display:flex;flex-wrap:wrap;gap:.25rem .9rem;padding:.35rem 1rem;background:#e8ecf1;font-size:.9rem}
.langs a[aria-current=true]{font-weight:700;color:#1b1f24;text-decoration:none}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:start;padding:.45rem .6rem;border-bottom:1px solid #d5dbe3;vertical-align:top}
th{background:#eef1f5;font-weight:600}
form.stack{display:grid;gap:.75rem;max-width:32rem;background:#fff;padding:1rem;border:1px solid #d5dbe3;border-radius:4px}
form.inline{display:inline-flex;gap:.35rem;align-items:center;flex-wrap:wrap}
label{display:grid;gap:.2rem;font-weight:600}
label.inline{display:flex;gap:.4rem;align-items:center;font-weight:400}
fieldset label.inline{margin:.1rem 0}
pre,code,kbd,samp{font-family:${FONT_STACK};font-size:1em}
input,select,textarea,button{font:inherit;padding:.4rem .55rem;border:1px solid #7a8594;border-radius:3px;background:#fff;color:inherit}
textarea{min-height:8rem;width:100%}
button{background:#12355b;color:#fff;border-color:#12355b;cursor:pointer}
button.secondary{background:#fff;color:#12355b}
fieldset{border:1px solid #d5dbe3;border-radius:4px;display:grid;gap:.6rem;min-width:0}
fieldset.row{background:#f9fafb}
.variant-option:not(:has(> legend input:checked)) > :not(legend){display:none}
dl.body{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.2rem .9rem;margin:.4rem 0}
dl.body dt{font-weight:600;color:#4d5966}dl.body dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
dl.body dl.body{grid-column:1/-1;margin-inline-start:1rem}
.error{color:#a4161a;font-weight:600}
.field-error{color:#a4161a;font-weight:400;font-size:.92rem}
.notice{background:#e6f4ea;border:1px solid #9bc9a7;padding:.5rem .75rem;border-radius:4px}
.alert{background:#fdecea;border:1px solid #e3a5a0;padding:.5rem .75rem;border-radius:4px;color:#7a1114}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.85rem;background:#e8ecf1}
.badge.overdue{background:#a4161a;color:#fff}
.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end;margin-bottom:1rem}
.muted{color:#4d5966}
ol.timeline{list-style:none;padding:0;margin:0;display:grid;gap:.5rem}
ol.timeline li{background:#fff;border:1px solid #d5dbe3;border-inline-start:4px solid #2b5d93;padding:.5rem .75rem;border-radius:3px}
ol.timeline li.in{border-inline-start-color:#6a7a8c}
.chart{max-width:48rem;background:#fff;border:1px solid #d5dbe3;border-radius:4px;padding:.5rem;margin:.5rem 0 1rem}
.num{text-align:end;font-variant-numeric:tabular-nums}
.side-by-side{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem;align-items:start}
.side-by-side>section{background:#fff;border:1px solid #d5dbe3;border-radius:4px;padding:.5rem .75rem}
dl.body-fields{display:grid;grid-template-columns:minmax(4rem,13rem) minmax(0,1fr);gap:.15rem .75rem;margin:.25rem 0;overflow-wrap:anywhere}
dl.body-fields dt{color:#4d5966}dl.body-fields dd{margin:0}dl.body-fields dd>ul{margin:0;padding-inline-start:1rem}
.translation,.message-text{white-space:pre-wrap}
.badge.minor{background:#7a4d00;color:#fff}.badge.urgent{background:#a4161a;color:#fff}.badge.met{background:#d9f0dd}.badge.late{background:#f6d4d2}
@media (max-width:40rem){.logout{margin-left:0}th,td{padding:.35rem}}
`;
