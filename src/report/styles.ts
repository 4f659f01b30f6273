/** The reports' one stylesheet: inline, no web fonts, no external resources; A4 when printed. */

const SANS = `-apple-system, "Segoe UI", "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif`;
const SERIF = `Georgia, "Times New Roman", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif`;
const MONO = `ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace`;

export const REPORT_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1180px;padding:24px;font:14px/1.55 ${SANS};color:#1b1b1b;background:#fff}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #1b1b1b}
h3{font-size:15px;margin:16px 0 6px}
p{margin:6px 0}
.muted{color:#666}
.small{font-size:12px}
.url,.hash,code{font-family:${MONO};font-size:12px;overflow-wrap:anywhere;word-break:break-all;unicode-bidi:isolate}
a{color:#0645ad}
.photo-pair{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start;margin:6px 0 10px}
.photo-side{margin:0;flex:1 1 260px;max-width:480px}
.photo-frame{position:relative;display:inline-block;max-width:100%;line-height:0}
.photo-image{display:block;max-width:100%;height:auto;border:1px solid #ccc}
.photo-region{position:absolute;box-sizing:border-box;border:3px solid #d62728;outline:1px solid #fff}
header.report{border-bottom:3px solid #1b1b1b;padding-bottom:10px;margin-bottom:8px}
.publisher{font-size:13px;text-transform:none;color:#444;margin-bottom:4px}
.badges{margin:8px 0 0}
.badge{display:inline-block;padding:2px 8px;margin:0 6px 4px 0;border:1px solid #999;border-radius:3px;font-size:12px;background:#f4f4f4}
.sev-critical{background:#7a0010;color:#fff;border-color:#7a0010}
.sev-high{background:#c62828;color:#fff;border-color:#c62828}
.sev-medium{background:#ef8f00;color:#000;border-color:#ef8f00}
.sev-low{background:#fff3bf;border-color:#d4b106}
.sev-info{background:#e8f0fe;border-color:#7aa2e3}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2;font-weight:600}
table.kv th{width:30%;white-space:nowrap}
table.wide{font-size:12px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
blockquote{margin:6px 0;padding:6px 12px;border-left:4px solid #888;background:#fafafa;font-family:${SERIF};white-space:pre-wrap}
.rule{border:1px solid #ccc;border-radius:4px;padding:8px 12px;margin:8px 0;break-inside:avoid}
.cols{display:flex;gap:16px;align-items:flex-start}
.col{flex:1 1 0;min-width:0}
.text{font-family:${SERIF};font-size:14px;line-height:1.75;white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid #ccc;padding:10px 12px;background:#fff}
mark{background:#ffe066;color:inherit;border-bottom:2px solid #b58900;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.issues{border:1px solid #d4b106;background:#fffbe6;padding:6px 12px}
ol.chain{margin:4px 0;padding-left:22px}
footer.report{margin-top:28px;border-top:1px solid #ccc;padding-top:6px;font-size:12px;color:#666}
pre.notice{font-family:${SERIF};font-size:14px;line-height:1.7;white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:800px){.cols{display:block}.col+.col{margin-top:16px}}
@page{size:A4;margin:16mm 14mm 18mm}
@media print{
  body{max-width:none;padding:0;font-size:10pt}
  a{color:inherit;text-decoration:none}
  h2{break-after:avoid;page-break-after:avoid}
  table,.rule,blockquote{break-inside:auto}
  tr,.badge{break-inside:avoid;page-break-inside:avoid}
  .cols{display:block}
  .col+.col{margin-top:10mm}
  .text{font-size:10pt;border:none;padding:0}
  table.wide{font-size:8pt}
  th,td{padding:2px 4px}
  .badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .noprint{display:none}
}
`;
