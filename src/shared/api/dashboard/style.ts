/** The dashboard's stylesheet: inline in the page, allowed by its hash in the page's CSP. */
export const DASHBOARD_STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--focus:#0969da;--fail:#b42318;--error:#7d4e00;--pass:#1a7f37;--na:#57606a;--supp:#6639ba}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
a{color:var(--focus)}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:10}
header{border-bottom:1px solid var(--line);padding:12px 24px;display:flex;align-items:baseline;gap:16px;flex-wrap:wrap}
header h1{font-size:1.3rem;margin:0}header p{margin:0;color:var(--muted)}
main{max-width:1200px;margin:0 auto;padding:16px 24px}
h2{font-size:1.1rem;margin:20px 0 8px}
.summary{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.summary table{width:auto;min-width:420px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;background:var(--soft);min-width:140px}
.card .big{display:block;font-size:2.2rem;font-weight:700;line-height:1.2}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted);padding:4px 0}
td.when{white-space:nowrap;font-variant-numeric:tabular-nums}td.rule code{font-size:12px;word-break:normal}
form.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end;margin:8px 0 12px}
form.filters .field{display:flex;flex-direction:column;gap:2px}form.filters label{font-size:.85rem;font-weight:600}
select,input,button{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--fg)}
button{cursor:pointer;background:var(--soft)}
button.primary{background:var(--focus);color:#fff;border-color:var(--focus)}
button.link{background:none;border:none;padding:0;color:var(--focus);text-decoration:underline;text-align:left}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.8rem;font-weight:700;color:#fff;white-space:nowrap}
.FAIL{background:var(--fail)}.ERROR{background:var(--error)}.PASS{background:var(--pass)}.NOT_APPLICABLE,.RESOLVED{background:var(--na)}.SUPPRESSED{background:var(--supp)}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:24px}
@media (max-width:900px){.layout{grid-template-columns:1fr}}
#detail{border:1px solid var(--line);border-radius:8px;padding:12px 16px;align-self:start;position:sticky;top:12px;max-height:calc(100vh - 24px);overflow:auto}
#detail h2{margin-top:0}
#detail dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
#detail dt{font-weight:600;color:var(--muted)}#detail dd{margin:0;word-break:break-word}
pre,code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);border-radius:4px}
pre{padding:8px;overflow:auto;max-height:240px}code{padding:1px 4px;word-break:break-all}
.muted{color:var(--muted)}
[role=alert]:not(:empty){border:1px solid var(--fail);color:var(--fail);border-radius:6px;padding:8px 12px;margin:8px 0}
`;
