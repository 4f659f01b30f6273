/**
 * Reports: findings → JSON, CSV, the HTML evidence report of one finding, the HTML report of one
 * site, and the takedown notice draft. Pure: everything is passed in (the time included), strings
 * come out; no I/O, no clock, no logging.
 */
export { findingDossierToJson, findingsToJson, findingRecord } from './findings-json.ts';
export { findingsToCsv, csvCell, CSV_COLUMNS } from './findings-csv.ts';
export { renderFindingReport } from './finding-report.ts';
export { renderSiteReport, countFindings, sortFindings } from './site-report.ts';
export { renderTakedownNotice } from './takedown-notice.ts';
export { renderTakedownHtml } from './takedown-html.ts';
export { highlight } from './highlight.ts';
export { safeHref } from './escape.ts';
export { suspectText } from './suspect-text.ts';
export { noticeDate } from './format.ts';
export type { PublisherContact, OriginalArticle, ReportImage } from './types.ts';
export { buildBundle, verifyBundle } from './evidence-bundle.ts';
export { readPemCertificates, readTimestampReply, timestampRequest, verifyTimestampToken } from './timestamp-token.ts';
