/** Messages between the decode pool and its processes (IPC with 'advanced' serialization: typed arrays travel as such). */
import type { PixelRequest, PixelResult } from './decode-pixels.js';

export interface ParentMessage {
  readonly id: number;
  readonly request: PixelRequest;
}

export type ChildMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly result: PixelResult }
  | { readonly id: number; readonly error: string };
