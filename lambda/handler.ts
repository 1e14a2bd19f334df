// Placeholder entry point so the CDK construct can be bundled while the handler is built.
// Replaced by the real wiring (issue 5).
export async function handler(): Promise<void> {
  throw new Error('handler not wired yet');
}
