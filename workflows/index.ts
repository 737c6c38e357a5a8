// Every workflow the worker serves. The worker bundles this file; add new capabilities here.
export { catalogSelfCheck } from './self-check.js';
