/**
 * The name-matching engine's public surface. Pure: plain data in, plain data out.
 */
export type * from './types.ts';
export { DEFAULT_THRESHOLD, ScreeningIndex, scoreNamePair } from './screening-index.ts';
