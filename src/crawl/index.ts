export { fetchPage, parseHttpUrl, DEFAULT_USER_AGENT, type FetchOptions, type FetchedPage } from './fetch-page.ts';
