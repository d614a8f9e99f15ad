// Filled in below (bench:frames).
export async function runFramesBench(): Promise<unknown> {
  throw new Error('not implemented');
}
