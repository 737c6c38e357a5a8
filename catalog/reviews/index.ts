// Access reviews in the catalog: campaigns and series, staging, decisions and the inbox, apply, the evidence report.
export * from './campaigns.js';
export * from './series.js';
export * from './staging.js';
export * from './decisions.js';
export * from './apply.js';
export * from './report.js';
export type * from './schema.js';
